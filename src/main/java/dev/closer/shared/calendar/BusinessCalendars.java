package dev.closer.shared.calendar;

import java.util.List;

/** Working-time calendars (SPEC P7). */
public interface BusinessCalendars {

	/** The calendar's current version as SlaTime; throws NotFoundException if unknown. */
	SlaTime forCalendar(long calendarId);

	/** SlaTime.WALL when calendarId is null, else forCalendar(calendarId). */
	SlaTime of(Long calendarId);

	/** id + name of every calendar, for pickers. */
	List<CalendarSummary> calendars();

	record CalendarSummary(long id, String name, String zone) {
	}
}
