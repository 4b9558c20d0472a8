package dev.closer.shared.calendar;

import java.util.List;

import org.springframework.stereotype.Component;

import dev.closer.shared.problem.NotFoundException;

/** TEMPORARY until the calendar branch lands. */
@Component
class TemporaryWallCalendars implements BusinessCalendars {

	@Override
	public SlaTime forCalendar(long calendarId) {
		throw new NotFoundException("calendar", calendarId);
	}

	@Override
	public SlaTime of(Long calendarId) {
		return calendarId == null ? SlaTime.WALL : forCalendar(calendarId);
	}

	@Override
	public List<CalendarSummary> calendars() {
		return List.of();
	}
}
