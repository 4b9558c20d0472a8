package dev.closer.leads.internal.sla;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SLA durations as people type them: ISO-8601 ({@code PT30M}, {@code P1D}) or short forms
 * ({@code 30m}, {@code 2h}, {@code 1d}, {@code 45s}, {@code 1h30m}).
 */
public final class SlaDurations {

	private static final Pattern SHORT = Pattern.compile("(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");

	private SlaDurations() {
	}

	/** @throws IllegalArgumentException when the text is neither form */
	public static Duration parse(String text) {
		if (text == null || text.isBlank()) {
			throw new IllegalArgumentException("empty duration");
		}
		String t = text.strip().toLowerCase(Locale.ROOT).replace(" ", "");
		if (t.startsWith("p") || t.startsWith("-p")) {
			try {
				return Duration.parse(t.toUpperCase(Locale.ROOT));
			}
			catch (DateTimeParseException e) {
				throw new IllegalArgumentException("not a duration: " + text);
			}
		}
		if (t.startsWith("-")) {
			return parse(t.substring(1)).negated();
		}
		Matcher m = SHORT.matcher(t);
		if (!m.matches() || t.isEmpty()) {
			throw new IllegalArgumentException("not a duration: " + text);
		}
		try {
			Duration d = Duration.ZERO;
			d = m.group(1) == null ? d : d.plusDays(Long.parseLong(m.group(1)));
			d = m.group(2) == null ? d : d.plusHours(Long.parseLong(m.group(2)));
			d = m.group(3) == null ? d : d.plusMinutes(Long.parseLong(m.group(3)));
			d = m.group(4) == null ? d : d.plusSeconds(Long.parseLong(m.group(4)));
			return d;
		}
		catch (ArithmeticException | NumberFormatException e) {
			throw new IllegalArgumentException("not a duration: " + text);
		}
	}

	/** The short form: {@code 1d2h}, {@code 30m}, {@code 0s}; negative durations get a leading minus. */
	public static String format(Duration d) {
		if (d == null) {
			return "";
		}
		if (d.isNegative()) {
			return "-" + format(d.negated());
		}
		if (d.isZero()) {
			return "0s";
		}
		StringBuilder sb = new StringBuilder();
		long days = d.toDays();
		if (days > 0) {
			sb.append(days).append('d');
		}
		if (d.toHoursPart() > 0) {
			sb.append(d.toHoursPart()).append('h');
		}
		if (d.toMinutesPart() > 0) {
			sb.append(d.toMinutesPart()).append('m');
		}
		if (d.toSecondsPart() > 0) {
			sb.append(d.toSecondsPart()).append('s');
		}
		return sb.isEmpty() ? "0s" : sb.toString();
	}
}
