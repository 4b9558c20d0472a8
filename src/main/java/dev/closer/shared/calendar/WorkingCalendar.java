package dev.closer.shared.calendar;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;

import dev.closer.shared.calendar.WeeklyHours.Span;

/**
 * Working-time arithmetic of one calendar version (the compiled form of a stored calendar).
 * <p>
 * A local date's working spans come from the weekly hours of its weekday; a HOLIDAY has none; a
 * WORKDAY whose weekday has no hours gets {@link WeeklyHours#makeUpDay()}. Each span becomes a window
 * of instants through {@link ZonedDateTime} on that very date, so daylight-saving changes are exact: a
 * start or end in a gap moves forward by the gap, one in an overlap takes the earlier offset, 24:00 is
 * the next day's start. Windows are clipped to their own day and to the previous window, so they never
 * overlap and time is counted once.
 * <p>
 * Cost: {@link #plus} and {@link #between} walk at most day by day over the windows, and jump whole
 * weeks at once (weekly working time times the number of weeks) across stretches without day-table
 * entries or clock changes: 500 working hours touch a few dozen days, a thousand years a few thousand.
 */
final class WorkingCalendar implements SlaTime {

	private final long id;

	private final long version;

	private final ZoneId zone;

	private final ZoneRules rules;

	private final WeeklyHours hours;

	private final NavigableMap<LocalDate, DayKind> days;

	private final Duration week;

	WorkingCalendar(long id, long version, ZoneId zone, WeeklyHours hours, Map<LocalDate, DayKind> days) {
		this.id = id;
		this.version = version;
		this.zone = Objects.requireNonNull(zone, "zone");
		this.rules = zone.getRules();
		this.hours = Objects.requireNonNull(hours, "hours");
		this.days = new TreeMap<>(days);
		this.week = hours.week();
		if (week.isZero()) {
			throw new IllegalArgumentException("a calendar needs working hours in the week");
		}
	}

	@Override
	public Instant plus(Instant start, Duration amount) {
		Objects.requireNonNull(start, "start");
		if (amount.isNegative()) {
			throw new IllegalArgumentException("negative amount: " + amount);
		}
		if (amount.isZero()) {
			return start;
		}
		Duration remaining = amount;
		LocalDate date = LocalDate.ofInstant(start, zone);
		Instant cursor = start;
		while (true) {
			Instant[] windows = windows(date);
			for (int i = 0; i < windows.length; i += 2) {
				Instant from = windows[i].isBefore(cursor) ? cursor : windows[i];
				Instant to = windows[i + 1];
				if (!to.isAfter(from)) {
					continue;
				}
				Duration available = Duration.between(from, to);
				if (remaining.compareTo(available) <= 0) {
					return from.plus(remaining);
				}
				remaining = remaining.minus(available);
			}
			date = date.plusDays(1);
			if (remaining.compareTo(week) > 0) {
				// whole plain weeks, leaving some time (> 0) for the day-by-day walk to place exactly
				long wanted = remaining.minusNanos(1).dividedBy(week);
				long weeks = Math.min(wanted, plainDays(date, wanted * 7) / 7);
				if (weeks > 0) {
					remaining = remaining.minus(week.multipliedBy(weeks));
					date = date.plusDays(weeks * 7);
				}
			}
		}
	}

	@Override
	public Duration between(Instant from, Instant to) {
		if (!to.isAfter(from)) {
			return Duration.ZERO;
		}
		LocalDate date = LocalDate.ofInstant(from, zone);
		LocalDate last = LocalDate.ofInstant(to, zone);
		Duration total = Duration.ZERO;
		boolean first = true;
		while (!date.isAfter(last)) {
			if (!first) {
				// days strictly before the last one lie wholly inside [from, to)
				long weeks = plainDays(date, ChronoUnit.DAYS.between(date, last)) / 7;
				if (weeks > 0) {
					total = total.plus(week.multipliedBy(weeks));
					date = date.plusDays(weeks * 7);
					continue;
				}
			}
			Instant[] windows = windows(date);
			for (int i = 0; i < windows.length; i += 2) {
				Instant a = windows[i].isBefore(from) ? from : windows[i];
				Instant b = windows[i + 1].isAfter(to) ? to : windows[i + 1];
				if (b.isAfter(a)) {
					total = total.plus(Duration.between(a, b));
				}
			}
			first = false;
			date = date.plusDays(1);
		}
		return total;
	}

	@Override
	public Long calendarId() {
		return id;
	}

	@Override
	public long version() {
		return version;
	}

	/** The working spans of a local date (before conversion to instants). */
	List<Span> spans(LocalDate date) {
		DayKind kind = days.get(date);
		if (kind == DayKind.HOLIDAY) {
			return List.of();
		}
		List<Span> own = hours.on(date.getDayOfWeek());
		return kind == DayKind.WORKDAY && own.isEmpty() ? hours.makeUpDay() : own;
	}

	/** The working windows of a local date as instant pairs [start0, end0, start1, end1, …], ordered, disjoint. */
	Instant[] windows(LocalDate date) {
		List<Span> spans = spans(date);
		if (spans.isEmpty()) {
			return new Instant[0];
		}
		Instant dayStart = date.atStartOfDay(zone).toInstant();
		Instant dayEnd = date.plusDays(1).atStartOfDay(zone).toInstant();
		Instant[] out = new Instant[spans.size() * 2];
		Instant floor = dayStart;
		for (int i = 0; i < spans.size(); i++) {
			Span s = spans.get(i);
			Instant a = max(floor, at(date, s.start(), dayEnd));
			Instant b = min(dayEnd, at(date, s.end(), dayEnd));
			if (b.isBefore(a)) {
				b = a;
			}
			out[2 * i] = a;
			out[2 * i + 1] = b;
			floor = b;
		}
		return out;
	}

	/**
	 * How many days from {@code date} on (at most {@code max}) are plain: no day-table entry and no clock
	 * change on or next to them, so each has exactly its weekday's nominal working time.
	 */
	private long plainDays(LocalDate date, long max) {
		long plain = max;
		LocalDate special = days.ceilingKey(date);
		if (special != null) {
			plain = Math.min(plain, ChronoUnit.DAYS.between(date, special));
		}
		if (plain > 0 && !rules.isFixedOffset()) {
			ZoneOffsetTransition change = rules.nextTransition(date.minusDays(1).atStartOfDay(zone).toInstant());
			if (change != null) {
				LocalDate changeDate = LocalDate.ofInstant(change.getInstant(), zone);
				plain = Math.min(plain, ChronoUnit.DAYS.between(date, changeDate) - 1);
			}
		}
		return Math.max(0, plain);
	}

	private Instant at(LocalDate date, int minute, Instant dayEnd) {
		if (minute >= WeeklyHours.DAY_MINUTES) {
			return dayEnd;
		}
		return ZonedDateTime.of(date, LocalTime.of(minute / 60, minute % 60), zone).toInstant();
	}

	private static Instant max(Instant a, Instant b) {
		return a.isAfter(b) ? a : b;
	}

	private static Instant min(Instant a, Instant b) {
		return a.isBefore(b) ? a : b;
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof WorkingCalendar c && c.id == id && c.version == version;
	}

	@Override
	public int hashCode() {
		return Long.hashCode(id) * 31 + Long.hashCode(version);
	}

	@Override
	public String toString() {
		return "WorkingCalendar[id=" + id + ", version=" + version + ", zone=" + zone + "]";
	}
}
