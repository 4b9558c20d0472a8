package dev.closer.shared.calendar;

import java.time.DayOfWeek;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.context.support.DefaultMessageSourceResolvable;

import dev.closer.shared.problem.BusinessException;

/**
 * Working hours per ISO weekday: for each day a sorted list of spans inside 00:00–24:00 that do not
 * overlap (touching is fine), with some working time in the week. Immutable; built only through
 * {@link #of}, which refuses anything else with a localised {@link BusinessException} naming the field.
 */
final class WeeklyHours {

	static final int MAX_SPANS_PER_DAY = 12;

	static final int DAY_MINUTES = 24 * 60;

	private static final Pattern CLOCK = Pattern.compile("(\\d{1,2}):(\\d{2})");

	private static final Pattern TEXT_SPAN = Pattern.compile("\\s*(\\S+?)\\s*[-–—~～]\\s*(\\S+)\\s*");

	/** A working span of one day, in minutes after local midnight; {@code end} may be 1440 (24:00). */
	record Span(int start, int end) {

		int minutes() {
			return end - start;
		}

		String text() {
			return clock(start) + "-" + clock(end);
		}

		static String clock(int minute) {
			return String.format(Locale.ROOT, "%02d:%02d", minute / 60, minute % 60);
		}
	}

	/** The API and storage shape of a span: two "HH:mm" clock times, "24:00" allowed as an end. */
	record ClockSpan(String start, String end) {
	}

	private final Map<DayOfWeek, List<Span>> days;

	private final List<Span> makeUpDay;

	private final Duration week;

	private WeeklyHours(Map<DayOfWeek, List<Span>> days) {
		EnumMap<DayOfWeek, List<Span>> copy = new EnumMap<>(DayOfWeek.class);
		long minutes = 0;
		List<Span> firstWorked = List.of();
		for (DayOfWeek day : DayOfWeek.values()) {
			List<Span> spans = List.copyOf(days.getOrDefault(day, List.of()));
			copy.put(day, spans);
			for (Span s : spans) {
				minutes += s.minutes();
			}
			if (firstWorked.isEmpty()) {
				firstWorked = spans;
			}
		}
		this.days = copy;
		this.makeUpDay = firstWorked;
		this.week = Duration.ofMinutes(minutes);
	}

	/** Mon–Fri 09:00–12:00 and 13:00–18:00, weekends off. */
	static WeeklyHours defaults() {
		List<Span> day = List.of(new Span(9 * 60, 12 * 60), new Span(13 * 60, 18 * 60));
		Map<DayOfWeek, List<Span>> days = new EnumMap<>(DayOfWeek.class);
		for (DayOfWeek d : List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY,
				DayOfWeek.FRIDAY)) {
			days.put(d, day);
		}
		return of(days);
	}

	/** Validates and sorts; the first problem is refused with the field {@code weeklyHours.<DAY>}. */
	static WeeklyHours of(Map<DayOfWeek, List<Span>> days) {
		Map<DayOfWeek, List<Span>> sorted = new EnumMap<>(DayOfWeek.class);
		long total = 0;
		for (DayOfWeek day : DayOfWeek.values()) {
			List<Span> spans = new ArrayList<>(days.getOrDefault(day, List.of()));
			String field = field(day);
			if (spans.size() > MAX_SPANS_PER_DAY) {
				throw BusinessException.invalidField(field, "error.calendar.tooManySpans", dayName(day), MAX_SPANS_PER_DAY);
			}
			for (Span s : spans) {
				if (s.start() < 0 || s.start() > DAY_MINUTES || s.end() < 0 || s.end() > DAY_MINUTES) {
					throw BusinessException.invalidField(field, "error.calendar.spanRange", dayName(day),
							s.start() + "-" + s.end());
				}
				if (s.end() <= s.start()) {
					throw BusinessException.invalidField(field, "error.calendar.spanOrder", dayName(day),
							Span.clock(s.start()), Span.clock(s.end()));
				}
				total += s.minutes();
			}
			spans.sort(Comparator.comparingInt(Span::start));
			for (int i = 1; i < spans.size(); i++) {
				if (spans.get(i).start() < spans.get(i - 1).end()) {
					throw BusinessException.invalidField(field, "error.calendar.spanOverlap", dayName(day),
							spans.get(i - 1).text(), spans.get(i).text());
				}
			}
			sorted.put(day, spans);
		}
		if (total == 0) {
			throw BusinessException.invalidField("weeklyHours", "error.calendar.noWorkingHours");
		}
		return new WeeklyHours(sorted);
	}

	/** From the API and storage shape: weekday name (MONDAY…SUNDAY) to its spans; a missing day is off. */
	static WeeklyHours fromClock(Map<String, List<ClockSpan>> raw) {
		if (raw == null) {
			throw BusinessException.invalidField("weeklyHours", "error.calendar.noWorkingHours");
		}
		Map<DayOfWeek, List<Span>> days = new EnumMap<>(DayOfWeek.class);
		for (Map.Entry<String, List<ClockSpan>> entry : raw.entrySet()) {
			DayOfWeek day = weekday(entry.getKey());
			if (days.containsKey(day)) {
				throw BusinessException.invalidField("weeklyHours", "error.calendar.weekday", entry.getKey());
			}
			List<Span> spans = new ArrayList<>();
			for (ClockSpan c : entry.getValue() == null ? List.<ClockSpan>of() : entry.getValue()) {
				if (c == null) {
					throw BusinessException.invalidField(field(day), "error.calendar.spanFormat", dayName(day), "null");
				}
				spans.add(new Span(minute(day, c.start()), minute(day, c.end())));
			}
			days.put(day, spans);
		}
		return of(days);
	}

	/** From the page's text per day, e.g. {@code 09:00-12:00, 13:00-18:00}; blank = no working hours. */
	static WeeklyHours fromText(Map<DayOfWeek, String> text) {
		Map<DayOfWeek, List<Span>> days = new EnumMap<>(DayOfWeek.class);
		for (DayOfWeek day : DayOfWeek.values()) {
			String line = text.get(day);
			List<Span> spans = new ArrayList<>();
			if (line != null && !line.isBlank()) {
				for (String part : line.split("[,，;；]")) {
					if (part.isBlank()) {
						continue;
					}
					Matcher m = TEXT_SPAN.matcher(part);
					if (!m.matches()) {
						throw BusinessException.invalidField(field(day), "error.calendar.spanFormat", dayName(day),
								part.strip());
					}
					spans.add(new Span(minute(day, m.group(1)), minute(day, m.group(2))));
				}
			}
			days.put(day, spans);
		}
		return of(days);
	}

	private static int minute(DayOfWeek day, String clock) {
		Matcher m = clock == null ? null : CLOCK.matcher(clock.strip());
		if (m == null || !m.matches()) {
			throw BusinessException.invalidField(field(day), "error.calendar.spanFormat", dayName(day), clock);
		}
		int hour = Integer.parseInt(m.group(1));
		int minute = Integer.parseInt(m.group(2));
		if (minute > 59 || hour * 60 + minute > DAY_MINUTES) {
			throw BusinessException.invalidField(field(day), "error.calendar.spanRange", dayName(day), clock.strip());
		}
		return hour * 60 + minute;
	}

	private static DayOfWeek weekday(String name) {
		try {
			return DayOfWeek.valueOf(name == null ? "" : name.strip().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException e) {
			throw BusinessException.invalidField("weeklyHours", "error.calendar.weekday", name);
		}
	}

	private static String field(DayOfWeek day) {
		return "weeklyHours." + day.name();
	}

	/** The weekday as a message argument, localised when the message is. */
	static DefaultMessageSourceResolvable dayName(DayOfWeek day) {
		return new DefaultMessageSourceResolvable(new String[] { "calendar.day." + day.name() }, day.name());
	}

	/** The spans of a weekday (empty = off). */
	List<Span> on(DayOfWeek day) {
		return days.get(day);
	}

	/**
	 * The hours of a make-up working day whose weekday has none: those of the first weekday, Monday
	 * onwards, that has working hours (the normal Monday–Friday hours in a usual week).
	 */
	List<Span> makeUpDay() {
		return makeUpDay;
	}

	/** The working time of a week without special days or clock changes. */
	Duration week() {
		return week;
	}

	Map<String, List<ClockSpan>> toClock() {
		Map<String, List<ClockSpan>> out = new LinkedHashMap<>();
		days.forEach((day, spans) -> out.put(day.name(),
				spans.stream().map(s -> new ClockSpan(Span.clock(s.start()), Span.clock(s.end()))).toList()));
		return out;
	}

	/** One day as the page shows it: {@code 09:00-12:00, 13:00-18:00}. */
	String text(DayOfWeek day) {
		return String.join(", ", days.get(day).stream().map(Span::text).toList());
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof WeeklyHours w && w.days.equals(days);
	}

	@Override
	public int hashCode() {
		return days.hashCode();
	}

	@Override
	public String toString() {
		return days.toString();
	}
}
