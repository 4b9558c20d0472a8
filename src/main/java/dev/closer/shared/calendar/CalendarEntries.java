package dev.closer.shared.calendar;

import java.io.IOException;
import java.io.StringReader;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import dev.closer.shared.problem.BusinessException;

/**
 * A year of a calendar's day table as the admin edits it: ranges {@code from,to,kind,name}, e.g.
 * {@code 2026-02-15,2026-02-23,HOLIDAY,春节}. Stored one row per day; shown and exported again as
 * ranges (consecutive days of the same kind and name joined), so what is read back can be loaded
 * back unchanged.
 */
final class CalendarEntries {

	static final int MIN_YEAR = 1970;

	static final int MAX_YEAR = 2200;

	static final int MAX_LINES = 1000;

	static final int NAME_MAX = 100;

	private static final CSVFormat LINE = CSVFormat.DEFAULT.builder().setTrim(true).setIgnoreSurroundingSpaces(true)
		.get();

	private CalendarEntries() {
	}

	/** An entry as given, before validation; {@code line} numbers it in messages (1-based). */
	record Raw(int line, String from, String to, String kind, String name) {
	}

	/** A validated range of days. */
	record Range(LocalDate from, LocalDate to, DayKind kind, String name) {

		String csv() {
			String n = name == null ? "" : name;
			if (n.contains(",") || n.contains("\"")) {
				n = "\"" + n.replace("\"", "\"\"") + "\"";
			}
			return from + "," + to + "," + kind + "," + n;
		}
	}

	/** One stored day. */
	record Day(LocalDate date, DayKind kind, String name) {
	}

	static void checkYear(int year) {
		if (year < MIN_YEAR || year > MAX_YEAR) {
			throw BusinessException.invalidField("year", "error.calendar.year", String.valueOf(MIN_YEAR),
					String.valueOf(MAX_YEAR));
		}
	}

	/**
	 * Reads pasted or uploaded lines {@code from,to,kind,name}; blank lines, lines starting with '#' and
	 * a header line {@code from,to,kind,name} are skipped. Line numbers are those of the text.
	 */
	static List<Raw> parseCsv(String text) {
		List<Raw> out = new ArrayList<>();
		String[] lines = (text == null ? "" : text.replace("\uFEFF", "")).split("\r\n|\r|\n", -1);
		for (int i = 0; i < lines.length; i++) {
			String line = lines[i].strip();
			if (line.isEmpty() || line.startsWith("#")) {
				continue;
			}
			if (out.size() >= MAX_LINES) {
				throw BusinessException.invalidField("entries", "error.calendar.entry.tooMany", MAX_LINES);
			}
			int lineNo = i + 1;
			List<String> cells;
			try (CSVParser parser = LINE.parse(new StringReader(line))) {
				List<CSVRecord> records = parser.getRecords();
				cells = records.size() == 1 ? records.get(0).toList() : List.of();
			}
			catch (IOException | IllegalArgumentException | IllegalStateException | java.io.UncheckedIOException e) {
				throw BusinessException.invalidField("entries", "error.calendar.entry.columns", lineNo);
			}
			if (out.isEmpty() && cells.size() >= 3 && "from".equalsIgnoreCase(cells.get(0))
					&& "to".equalsIgnoreCase(cells.get(1))) {
				continue; // header
			}
			if (cells.size() < 3 || cells.size() > 4) {
				throw BusinessException.invalidField("entries", "error.calendar.entry.columns", lineNo);
			}
			out.add(new Raw(lineNo, cells.get(0), cells.get(1), cells.get(2), cells.size() > 3 ? cells.get(3) : null));
		}
		return out;
	}

	/**
	 * Validates a year's entries: dates (yyyy-MM-dd), from not after to, inside the year, a known kind,
	 * no two entries on the same day, names of at most {@value #NAME_MAX} characters. The first problem
	 * is refused, naming its line.
	 */
	static List<Range> validate(int year, List<Raw> raw) {
		checkYear(year);
		if (raw.size() > MAX_LINES) {
			throw BusinessException.invalidField("entries", "error.calendar.entry.tooMany", MAX_LINES);
		}
		List<Range> out = new ArrayList<>();
		for (Raw r : raw) {
			String field = "entries[" + (r.line() - 1) + "]";
			LocalDate from = date(field, r.line(), r.from());
			LocalDate to = date(field, r.line(), r.to());
			if (from.isAfter(to)) {
				throw BusinessException.invalidField(field, "error.calendar.entry.order", r.line(), from, to);
			}
			if (from.getYear() != year || to.getYear() != year) {
				throw BusinessException.invalidField(field, "error.calendar.entry.outsideYear", r.line(), from, to,
						String.valueOf(year));
			}
			DayKind kind = DayKind.parse(r.kind())
				.orElseThrow(() -> BusinessException.invalidField(field, "error.calendar.entry.kind", r.line(),
						r.kind() == null ? "" : r.kind()));
			String name = r.name() == null || r.name().isBlank() ? null : r.name().strip();
			if (name != null && name.length() > NAME_MAX) {
				throw BusinessException.invalidField(field, "error.calendar.entry.nameTooLong", r.line(), NAME_MAX);
			}
			for (int i = 0; i < out.size(); i++) {
				Range other = out.get(i);
				if (!other.from().isAfter(to) && !from.isAfter(other.to())) {
					LocalDate day = from.isAfter(other.from()) ? from : other.from();
					throw BusinessException.invalidField(field, "error.calendar.entry.overlap", r.line(),
							raw.get(i).line(), day);
				}
			}
			out.add(new Range(from, to, kind, name));
		}
		return out;
	}

	private static LocalDate date(String field, int line, String text) {
		try {
			return LocalDate.parse(text == null ? "" : text.strip());
		}
		catch (DateTimeParseException e) {
			throw BusinessException.invalidField(field, "error.calendar.entry.date", line, text == null ? "" : text);
		}
	}

	/** Every day of the ranges, in order. */
	static List<Day> expand(List<Range> ranges) {
		TreeMap<LocalDate, Day> days = new TreeMap<>();
		for (Range r : ranges) {
			for (LocalDate d = r.from(); !d.isAfter(r.to()); d = d.plusDays(1)) {
				days.put(d, new Day(d, r.kind(), r.name()));
			}
		}
		return List.copyOf(days.values());
	}

	/** Joins consecutive days of the same kind and name into ranges. */
	static List<Range> ranges(List<Day> days) {
		List<Day> sorted = new ArrayList<>(days);
		sorted.sort(java.util.Comparator.comparing(Day::date));
		List<Range> out = new ArrayList<>();
		Range open = null;
		for (Day d : sorted) {
			if (open != null && open.to().plusDays(1).equals(d.date()) && open.kind() == d.kind()
					&& java.util.Objects.equals(open.name(), d.name())) {
				open = new Range(open.from(), d.date(), open.kind(), open.name());
				out.set(out.size() - 1, open);
			}
			else {
				open = new Range(d.date(), d.date(), d.kind(), d.name());
				out.add(open);
			}
		}
		return out;
	}

	static String csv(List<Range> ranges) {
		StringBuilder sb = new StringBuilder();
		for (Range r : ranges) {
			sb.append(r.csv()).append('\n');
		}
		return sb.toString();
	}
}
