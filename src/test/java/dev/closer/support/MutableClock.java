package dev.closer.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock tests can move. Register it as the application's {@link Clock} bean. */
public class MutableClock extends Clock {

	private volatile Instant now;

	public MutableClock(Instant start) {
		this.now = start;
	}

	public void advance(Duration duration) {
		now = now.plus(duration);
	}

	public void set(Instant instant) {
		now = instant;
	}

	/**
	 * Moves to the start of a Monday in the zone, after both this clock's time and the real time (a shared
	 * test context's clock never goes back), and returns it: a working week ahead for calendar-bound clocks.
	 */
	public Instant setToNextMonday(ZoneId zone) {
		Instant base = now.isAfter(Instant.now()) ? now : Instant.now();
		Instant monday = java.time.LocalDate.ofInstant(base, zone).plusDays(1)
			.with(java.time.temporal.TemporalAdjusters.next(java.time.DayOfWeek.MONDAY)).atStartOfDay(zone).toInstant();
		now = monday;
		return monday;
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		return this;
	}

	@Override
	public Instant instant() {
		return now;
	}
}
