package dev.closer.shared.calendar;

import java.time.Duration;
import java.time.Instant;

/** How SLA time is counted: wall clock or working time of one calendar. Immutable, thread-safe. */
public interface SlaTime {

	/** The instant at which {@code amount} of counted time has elapsed after {@code start} (amount >= 0). */
	Instant plus(Instant start, Duration amount);

	/** Counted time between two instants (ZERO if to <= from). */
	Duration between(Instant from, Instant to);

	/** null for wall clock, else the calendar id. */
	Long calendarId();

	/** 0 for wall clock, else the calendar's version (incremented on every change). */
	long version();

	SlaTime WALL = new SlaTime() {

		@Override
		public Instant plus(Instant start, Duration amount) {
			return start.plus(amount);
		}

		@Override
		public Duration between(Instant from, Instant to) {
			return to.isAfter(from) ? Duration.between(from, to) : Duration.ZERO;
		}

		@Override
		public Long calendarId() {
			return null;
		}

		@Override
		public long version() {
			return 0;
		}
	};
}
