package dev.closer.shared.calendar;

/**
 * A calendar's hours or day table changed (published in the changing transaction). SLA clocks
 * counting time in it listen and re-evaluate their due moments.
 */
public record CalendarChanged(long calendarId, long version) {
}
