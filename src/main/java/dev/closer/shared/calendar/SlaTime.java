package dev.closer.shared.calendar;

import java.time.Duration;
import java.time.Instant;

/**
 * How SLA time is counted (SPEC P7): wall clock, or the working time of one business calendar.
 * Immutable and thread-safe; a calendar's {@code SlaTime} is a snapshot of one {@link #version()}.
 * <p>
 * Working time counts the instants inside the calendar's working windows (its weekly hours, minus
 * HOLIDAY days, plus WORKDAY make-up days), measured as real elapsed time: across a daylight-saving
 * change a window 01:00–04:00 may hold two or four hours.
 * <p>
 * Edge rules, the same for every implementation:
 * <ul>
 * <li>{@code plus(start, Duration.ZERO)} returns {@code start} unchanged, even when {@code start} lies
 * outside working time (nothing is counted, so nothing moves).</li>
 * <li>A positive amount starting outside working time starts counting at the next working moment.</li>
 * <li>An amount that uses up a working window exactly ends at that window's end (Mon 09:00 + 3 h with
 * 09:00–12:00 hours is Mon 12:00, not the 13:00 start of the next window).</li>
 * <li>{@code between(s, plus(s, d))} equals {@code d} for every {@code s} and {@code d >= 0}.</li>
 * </ul>
 */
public interface SlaTime {

	/**
	 * The instant at which {@code amount} of counted time has elapsed after {@code start}.
	 * @throws IllegalArgumentException if {@code amount} is negative
	 */
	Instant plus(Instant start, Duration amount);

	/** Counted time between two instants ({@link Duration#ZERO} if {@code to <= from}). */
	Duration between(Instant from, Instant to);

	/** {@code null} for wall clock, else the calendar id. */
	Long calendarId();

	/** 0 for wall clock, else the calendar's version (incremented on every change). */
	long version();

	/** Wall-clock time: {@code plus} is {@code start.plus(amount)}, {@code between} the plain duration. */
	SlaTime WALL = WallClock.INSTANCE;
}
