package dev.closer.shared.calendar;

import java.util.List;

/**
 * Business calendars (SPEC P7) for counting SLA time: weekly working hours in a zone, plus a day table
 * of holidays and make-up working days (调休). Calendars are data, edited by admins at
 * {@code /admin/calendars}; a change takes effect without a restart (see the implementation's notes on
 * caching).
 */
public interface BusinessCalendars {

	/**
	 * The calendar's current version as {@link SlaTime}.
	 * @throws dev.closer.shared.problem.NotFoundException if there is no calendar with this id
	 */
	SlaTime forCalendar(long calendarId);

	/** {@link SlaTime#WALL} when {@code calendarId} is null, else {@link #forCalendar(long)}. */
	SlaTime of(Long calendarId);

	/** Id, name and zone of every calendar, by name, for pickers. */
	List<CalendarSummary> calendars();

	record CalendarSummary(long id, String name, String zone) {
	}
}
