package dev.closer.shared.calendar;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** {@link SlaTime#WALL}: every instant counts. */
enum WallClock implements SlaTime {

	INSTANCE;

	@Override
	public Instant plus(Instant start, Duration amount) {
		Objects.requireNonNull(start, "start");
		if (amount.isNegative()) {
			throw new IllegalArgumentException("negative amount: " + amount);
		}
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

	@Override
	public String toString() {
		return "SlaTime.WALL";
	}
}
