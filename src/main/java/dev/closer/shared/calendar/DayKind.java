package dev.closer.shared.calendar;

import java.util.Locale;
import java.util.Optional;

/** An entry of a calendar's day table. */
enum DayKind {

	/** A day that would normally be worked is off. */
	HOLIDAY,

	/** A make-up working day (调休), worked with the normal working-day hours (see {@link WeeklyHours#makeUpDay()}). */
	WORKDAY;

	static Optional<DayKind> parse(String text) {
		if (text == null) {
			return Optional.empty();
		}
		try {
			return Optional.of(valueOf(text.strip().toUpperCase(Locale.ROOT)));
		}
		catch (IllegalArgumentException e) {
			return Optional.empty();
		}
	}
}
