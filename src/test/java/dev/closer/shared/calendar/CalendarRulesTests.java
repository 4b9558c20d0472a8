package dev.closer.shared.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

import dev.closer.shared.calendar.CalendarEntries.Range;
import dev.closer.shared.calendar.CalendarEntries.Raw;
import dev.closer.shared.calendar.WeeklyHours.ClockSpan;
import dev.closer.shared.calendar.WeeklyHours.Span;
import dev.closer.shared.problem.BusinessException;

/** Validation of weekly hours and of a year's entries, and the range/CSV round trip, without Spring. */
class CalendarRulesTests {

	static void refused(ThrowingCallable call, String key, String field) {
		assertThatThrownBy(call).isInstanceOfSatisfying(BusinessException.class, e -> {
			assertThat(e.messageKey()).isEqualTo(key);
			assertThat(e.field()).isEqualTo(field);
		});
	}

	static Map<DayOfWeek, String> text(String monday) {
		Map<DayOfWeek, String> t = new EnumMap<>(DayOfWeek.class);
		t.put(DayOfWeek.MONDAY, monday);
		t.put(DayOfWeek.TUESDAY, "09:00-18:00");
		return t;
	}

	@Test
	void theDefaultsAreFortyHoursMondayToFriday() {
		WeeklyHours d = WeeklyHours.defaults();
		assertThat(d.week()).isEqualTo(Duration.ofHours(40));
		assertThat(d.text(DayOfWeek.MONDAY)).isEqualTo("09:00-12:00, 13:00-18:00");
		assertThat(d.on(DayOfWeek.SATURDAY)).isEmpty();
		assertThat(d.makeUpDay()).containsExactly(new Span(540, 720), new Span(780, 1080));
	}

	@Test
	void textHoursParseSortAndAllowTwentyFourAsAnEnd() {
		WeeklyHours h = WeeklyHours.fromText(text("13:00-18:00，09:00 – 12:00; 22:00-24:00"));
		assertThat(h.on(DayOfWeek.MONDAY)).containsExactly(new Span(540, 720), new Span(780, 1080), new Span(1320, 1440));
		assertThat(h.text(DayOfWeek.MONDAY)).isEqualTo("09:00-12:00, 13:00-18:00, 22:00-24:00");
		assertThat(h.week()).isEqualTo(Duration.ofHours(8 + 2 + 9));
		// touching spans are fine
		assertThat(WeeklyHours.fromText(text("09:00-12:00, 12:00-13:00")).on(DayOfWeek.MONDAY)).hasSize(2);
		assertThat(WeeklyHours.fromClock(h.toClock())).isEqualTo(h);
	}

	@Test
	void badWeeklyHoursAreRefusedNamingTheDay() {
		refused(() -> WeeklyHours.fromText(text("09:00-12:00, 11:00-13:00")), "error.calendar.spanOverlap",
				"weeklyHours.MONDAY");
		refused(() -> WeeklyHours.fromText(text("12:00-09:00")), "error.calendar.spanOrder", "weeklyHours.MONDAY");
		refused(() -> WeeklyHours.fromText(text("09:00-09:00")), "error.calendar.spanOrder", "weeklyHours.MONDAY");
		refused(() -> WeeklyHours.fromText(text("22:00-24:30")), "error.calendar.spanRange", "weeklyHours.MONDAY");
		refused(() -> WeeklyHours.fromText(text("09:60-10:00")), "error.calendar.spanRange", "weeklyHours.MONDAY");
		refused(() -> WeeklyHours.fromText(text("9am-5pm")), "error.calendar.spanFormat", "weeklyHours.MONDAY");
		refused(() -> WeeklyHours.fromText(Map.of(DayOfWeek.SUNDAY, " ")), "error.calendar.noWorkingHours",
				"weeklyHours");
		refused(() -> WeeklyHours.fromClock(Map.of("FUNDAY", List.of(new ClockSpan("09:00", "10:00")))),
				"error.calendar.weekday", "weeklyHours");
		refused(() -> WeeklyHours.fromClock(Map.of("MONDAY", List.of(new ClockSpan("09:00", null)))),
				"error.calendar.spanFormat", "weeklyHours.MONDAY");
		refused(() -> WeeklyHours.fromClock(Map.of("FRIDAY", List.of(new ClockSpan("-01:00", "10:00")))),
				"error.calendar.spanFormat", "weeklyHours.FRIDAY");
		refused(() -> WeeklyHours.fromClock(Map.of("FRIDAY", List.of(new ClockSpan("25:00", "26:00")))),
				"error.calendar.spanRange", "weeklyHours.FRIDAY");
	}

	@Test
	void theChinaYearParsesIntoItsRanges() {
		List<Range> ranges = ChinaCalendar.ranges();
		assertThat(ranges).hasSize(13);
		assertThat(ranges).contains(new Range(LocalDate.parse("2026-02-15"), LocalDate.parse("2026-02-23"),
				DayKind.HOLIDAY, "春节"));
		List<CalendarEntries.Day> days = CalendarEntries.expand(ranges);
		assertThat(days).hasSize(39);
		assertThat(days.stream().filter(d -> d.kind() == DayKind.WORKDAY).count()).isEqualTo(6);
		// stored days join back into the same ranges, and the CSV of them reads back the same
		assertThat(CalendarEntries.ranges(days)).containsExactlyElementsOf(ranges.stream()
			.sorted(java.util.Comparator.comparing(Range::from)).toList());
		assertThat(CalendarEntries.validate(2026, CalendarEntries.parseCsv(CalendarEntries.csv(ranges))))
			.isEqualTo(ranges);
	}

	@Test
	void csvLinesSkipBlankCommentAndHeaderLinesAndKeepTheirLineNumbers() {
		List<Raw> raw = CalendarEntries.parseCsv("\uFEFFfrom,to,kind,name\n\n# comment\n2026-05-01, 2026-05-05 ,holiday,\"劳动节, 五一\"\n2026-05-09,2026-05-09,WORKDAY\n");
		assertThat(raw).containsExactly(new Raw(4, "2026-05-01", "2026-05-05", "holiday", "劳动节, 五一"),
				new Raw(5, "2026-05-09", "2026-05-09", "WORKDAY", null));
		List<Range> ranges = CalendarEntries.validate(2026, raw);
		assertThat(ranges.get(0).kind()).isEqualTo(DayKind.HOLIDAY);
		assertThat(ranges.get(0).csv()).isEqualTo("2026-05-01,2026-05-05,HOLIDAY,\"劳动节, 五一\"");
		refused(() -> CalendarEntries.parseCsv("2026-05-01,2026-05-05\n"), "error.calendar.entry.columns", "entries");
		refused(() -> CalendarEntries.parseCsv("a,b,c,d,e"), "error.calendar.entry.columns", "entries");
	}

	@Test
	void badEntriesAreRefusedNamingTheirLine() {
		refused(() -> validate("2026-02-15,2026-02-23,HOLIDAY,春节", "2026-02-20,2026-02-21,WORKDAY,x"),
				"error.calendar.entry.overlap", "entries[1]");
		refused(() -> validate("2026-02-15,2026-02-15,HOLIDAY,a", "2026-02-15,2026-02-15,HOLIDAY,a"),
				"error.calendar.entry.overlap", "entries[1]");
		refused(() -> validate("2025-12-31,2026-01-02,HOLIDAY,元旦"), "error.calendar.entry.outsideYear", "entries[0]");
		refused(() -> validate("2026-12-31,2027-01-01,HOLIDAY,x"), "error.calendar.entry.outsideYear", "entries[0]");
		refused(() -> validate("2026-02-23,2026-02-15,HOLIDAY,春节"), "error.calendar.entry.order", "entries[0]");
		refused(() -> validate("2026-02-15,2026-02-23,VACATION,春节"), "error.calendar.entry.kind", "entries[0]");
		refused(() -> validate("2026-02-30,2026-03-01,HOLIDAY,x"), "error.calendar.entry.date", "entries[0]");
		refused(() -> validate("2026-03-01,2026-03-01,HOLIDAY," + "x".repeat(101)), "error.calendar.entry.nameTooLong",
				"entries[0]");
		refused(() -> CalendarEntries.validate(1969, List.of()), "error.calendar.year", "year");
		refused(() -> CalendarEntries.validate(2201, List.of()), "error.calendar.year", "year");
		assertThat(CalendarEntries.validate(2026, List.of())).isEmpty();
	}

	static List<Range> validate(String... lines) {
		return CalendarEntries.validate(2026, CalendarEntries.parseCsv(String.join("\n", lines)));
	}
}
