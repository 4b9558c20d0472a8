package dev.closer.shared.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.closer.shared.calendar.WeeklyHours.Span;

/** Working-time arithmetic, without Spring: pinned examples on the 2026 China calendar, DST, and properties. */
class WorkingCalendarTests {

	static final ZoneId SHANGHAI = ChinaCalendar.SHANGHAI;

	final WorkingCalendar china = ChinaCalendar.calendar();

	static Instant sh(String localDateTime) {
		return LocalDateTime.parse(localDateTime).atZone(SHANGHAI).toInstant();
	}

	static Instant at(ZoneId zone, String localDateTime) {
		return LocalDateTime.parse(localDateTime).atZone(zone).toInstant();
	}

	@Test
	void theWeekdaysOfThe2026ExamplesAreWhatTheTestsAssume() {
		assertThat(LocalDate.parse("2026-02-13").getDayOfWeek()).isEqualTo(DayOfWeek.FRIDAY);
		assertThat(LocalDate.parse("2026-02-14").getDayOfWeek()).isEqualTo(DayOfWeek.SATURDAY);
		assertThat(LocalDate.parse("2026-02-23").getDayOfWeek()).isEqualTo(DayOfWeek.MONDAY);
		assertThat(LocalDate.parse("2026-02-24").getDayOfWeek()).isEqualTo(DayOfWeek.TUESDAY);
		assertThat(LocalDate.parse("2026-09-20").getDayOfWeek()).isEqualTo(DayOfWeek.SUNDAY);
		assertThat(LocalDate.parse("2026-10-08").getDayOfWeek()).isEqualTo(DayOfWeek.THURSDAY);
		assertThat(LocalDate.parse("2026-10-10").getDayOfWeek()).isEqualTo(DayOfWeek.SATURDAY);
		assertThat(LocalDate.parse("2026-01-04").getDayOfWeek()).isEqualTo(DayOfWeek.SUNDAY);
	}

	@Test
	void twoHoursFromFridayEveningEndOnTheMakeUpSaturday() {
		assertThat(china.plus(sh("2026-02-13T17:00"), Duration.ofHours(2))).isEqualTo(sh("2026-02-14T10:00"));
	}

	@Test
	void anHourFromSaturdayEveningSkipsTheSpringFestivalToTuesday() {
		// 30 minutes on the make-up Saturday, Feb 15-23 off (23 is a Monday), the rest on Tue Feb 24
		assertThat(china.plus(sh("2026-02-14T17:30"), Duration.ofHours(1))).isEqualTo(sh("2026-02-24T09:30"));
		assertThat(china.between(sh("2026-02-14T17:30"), sh("2026-02-24T09:30"))).isEqualTo(Duration.ofHours(1));
	}

	@Test
	void theLunchBreakIsSkipped() {
		assertThat(china.plus(sh("2026-03-02T11:30"), Duration.ofHours(1))).isEqualTo(sh("2026-03-02T13:30"));
		assertThat(china.plus(sh("2026-03-02T12:15"), Duration.ofMinutes(10))).isEqualTo(sh("2026-03-02T13:10"));
		assertThat(china.between(sh("2026-03-02T11:00"), sh("2026-03-02T14:00"))).isEqualTo(Duration.ofHours(2));
	}

	@Test
	void aStartInsideAHolidayCountsFromTheNextWorkingMoment() {
		assertThat(china.plus(sh("2026-10-03T10:00"), Duration.ofHours(1))).isEqualTo(sh("2026-10-08T10:00"));
		assertThat(china.plus(sh("2026-01-01T15:00"), Duration.ofMinutes(1))).isEqualTo(sh("2026-01-04T09:01"));
	}

	@Test
	void zeroTimeReturnsTheStartEvenOutsideWorkingHours() {
		Instant night = sh("2026-02-21T03:00");
		assertThat(china.plus(night, Duration.ZERO)).isEqualTo(night);
		assertThat(china.plus(sh("2026-03-02T12:30"), Duration.ZERO)).isEqualTo(sh("2026-03-02T12:30"));
	}

	@Test
	void timeThatFillsAWindowEndsAtItsEnd() {
		assertThat(china.plus(sh("2026-03-02T09:00"), Duration.ofHours(3))).isEqualTo(sh("2026-03-02T12:00"));
		assertThat(china.plus(sh("2026-03-02T09:00"), Duration.ofHours(8))).isEqualTo(sh("2026-03-02T18:00"));
		assertThat(china.plus(sh("2026-03-02T09:00"), Duration.ofHours(8).plusNanos(1)))
			.isEqualTo(sh("2026-03-03T09:00").plusNanos(1));
	}

	@Test
	void betweenAcrossNationalDayCountsTheMakeUpSundayAndSaturday() {
		// Fri 9-18 (8) + Sun 20 make-up (8) + Mon-Thu 21-24 (32) + 25-27 off + Mon-Wed 28-30 (24)
		// + Oct 1-7 off + Thu-Fri 8-9 (16) + Sat 10 make-up (8) = 96 h
		assertThat(china.between(sh("2026-09-18T09:00"), sh("2026-10-12T09:00"))).isEqualTo(Duration.ofHours(96));
		assertThat(china.between(sh("2026-09-19T00:00"), sh("2026-09-21T00:00"))).isEqualTo(Duration.ofHours(8));
		assertThat(china.between(sh("2026-10-01T00:00"), sh("2026-10-08T00:00"))).isZero();
		assertThat(china.plus(sh("2026-09-18T09:00"), Duration.ofHours(96))).isEqualTo(sh("2026-10-10T18:00"));
	}

	@Test
	void betweenIsZeroWhenToIsNotAfterFrom() {
		assertThat(china.between(sh("2026-03-02T10:00"), sh("2026-03-02T10:00"))).isZero();
		assertThat(china.between(sh("2026-03-02T11:00"), sh("2026-03-02T10:00"))).isZero();
	}

	@Test
	void aNegativeAmountIsRefused() {
		assertThatThrownBy(() -> china.plus(sh("2026-03-02T10:00"), Duration.ofMinutes(-1)))
			.isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> SlaTime.WALL.plus(Instant.EPOCH, Duration.ofMinutes(-1)))
			.isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void fiveHundredWorkingHoursAreSixtyTwoAndAHalfWorkingDays() {
		// from Mon 2026-03-02 09:00: 500 h = 62 days of 8 h + 4 h. March from the 2nd has 22 working days,
		// April 21 (Apr 6 off), May 1-5 off, May 6-8 and the make-up Saturday May 9 are worked: the 62nd
		// day is Fri May 29, and the last 4 h run Mon Jun 1 09:00-12:00 and 13:00-14:00
		Instant due = china.plus(sh("2026-03-02T09:00"), Duration.ofHours(500));
		assertThat(due).isEqualTo(sh("2026-06-01T14:00"));
		assertThat(china.between(sh("2026-03-02T09:00"), due)).isEqualTo(Duration.ofHours(500));
	}

	@Test
	void wallClockPassesTimeThrough() {
		Instant s = sh("2026-02-14T17:30");
		assertThat(SlaTime.WALL.plus(s, Duration.ofHours(1))).isEqualTo(sh("2026-02-14T18:30"));
		assertThat(SlaTime.WALL.plus(s, Duration.ZERO)).isEqualTo(s);
		assertThat(SlaTime.WALL.between(s, sh("2026-02-24T09:30"))).isEqualTo(Duration.ofHours(232));
		assertThat(SlaTime.WALL.between(sh("2026-02-24T09:30"), s)).isZero();
		assertThat(SlaTime.WALL.calendarId()).isNull();
		assertThat(SlaTime.WALL.version()).isZero();
		assertThat(china.calendarId()).isEqualTo(1L);
		assertThat(china.version()).isEqualTo(1L);
	}

	@Test
	void aMakeUpDayWorksTheFirstWorkingWeekdaysHours() {
		Map<DayOfWeek, List<Span>> days = new EnumMap<>(DayOfWeek.class);
		days.put(DayOfWeek.MONDAY, List.of(new Span(10 * 60, 16 * 60)));
		days.put(DayOfWeek.TUESDAY, List.of(new Span(9 * 60, 18 * 60)));
		WorkingCalendar cal = new WorkingCalendar(7, 3, SHANGHAI, WeeklyHours.of(days),
				Map.of(LocalDate.parse("2026-02-14"), DayKind.WORKDAY, LocalDate.parse("2026-02-17"), DayKind.WORKDAY,
						LocalDate.parse("2026-02-16"), DayKind.HOLIDAY));
		assertThat(cal.spans(LocalDate.parse("2026-02-14"))).containsExactly(new Span(600, 960)); // Saturday
		assertThat(cal.spans(LocalDate.parse("2026-02-17"))).containsExactly(new Span(540, 1080)); // own Tuesday hours
		assertThat(cal.spans(LocalDate.parse("2026-02-16"))).isEmpty(); // Monday off
		assertThat(cal.spans(LocalDate.parse("2026-02-15"))).isEmpty(); // plain Sunday
		assertThat(cal.between(sh("2026-02-14T00:00"), sh("2026-02-18T00:00"))).isEqualTo(Duration.ofHours(15));
	}

	@Test
	void daylightSavingChangesCountRealElapsedTime() {
		ZoneId berlin = ZoneId.of("Europe/Berlin");
		Map<DayOfWeek, List<Span>> allDay = new EnumMap<>(DayOfWeek.class);
		for (DayOfWeek d : DayOfWeek.values()) {
			allDay.put(d, List.of(new Span(0, 1440)));
		}
		WorkingCalendar always = new WorkingCalendar(2, 1, berlin, WeeklyHours.of(allDay), Map.of());
		// 2026-03-29: 02:00 -> 03:00; 2026-10-25: 03:00 -> 02:00
		assertThat(always.between(at(berlin, "2026-03-28T00:00"), at(berlin, "2026-03-30T00:00")))
			.isEqualTo(Duration.ofHours(47));
		assertThat(always.between(at(berlin, "2026-10-24T00:00"), at(berlin, "2026-10-26T00:00")))
			.isEqualTo(Duration.ofHours(49));
		assertThat(always.plus(at(berlin, "2026-03-29T00:00"), Duration.ofHours(3)))
			.isEqualTo(ZonedDateTime.parse("2026-03-29T04:00+02:00[Europe/Berlin]").toInstant());
		// a whole year of every hour is the real length of the year, whatever the clock changes
		assertThat(always.between(at(berlin, "2026-01-01T00:00"), at(berlin, "2027-01-01T00:00")))
			.isEqualTo(Duration.ofDays(365));

		Map<DayOfWeek, List<Span>> nights = new EnumMap<>(DayOfWeek.class);
		nights.put(DayOfWeek.SUNDAY, List.of(new Span(60, 240))); // 01:00-04:00
		WorkingCalendar sundayNights = new WorkingCalendar(3, 1, berlin, WeeklyHours.of(nights), Map.of());
		assertThat(sundayNights.between(at(berlin, "2026-03-29T00:00"), at(berlin, "2026-03-30T00:00")))
			.isEqualTo(Duration.ofHours(2));
		assertThat(sundayNights.between(at(berlin, "2026-10-25T00:00"), at(berlin, "2026-10-26T00:00")))
			.isEqualTo(Duration.ofHours(4));
		assertThat(sundayNights.between(at(berlin, "2026-03-22T00:00"), at(berlin, "2026-03-23T00:00")))
			.isEqualTo(Duration.ofHours(3));
		// the 4th hour of the spring Sunday is the next Sunday's 2nd
		assertThat(sundayNights.plus(at(berlin, "2026-03-29T00:00"), Duration.ofHours(4)))
			.isEqualTo(at(berlin, "2026-04-05T03:00"));
		// the gap moves a span start forward: 02:30 does not exist that day, the span starts at 03:30 CEST
		Map<DayOfWeek, List<Span>> gapStart = new EnumMap<>(DayOfWeek.class);
		gapStart.put(DayOfWeek.SUNDAY, List.of(new Span(150, 300), new Span(600, 660))); // 02:30-05:00, 10:00-11:00
		WorkingCalendar gap = new WorkingCalendar(4, 1, berlin, WeeklyHours.of(gapStart), Map.of());
		assertThat(gap.plus(at(berlin, "2026-03-29T00:00"), Duration.ofMinutes(1)))
			.isEqualTo(ZonedDateTime.parse("2026-03-29T03:31+02:00[Europe/Berlin]").toInstant());
		assertThat(gap.between(at(berlin, "2026-03-29T00:00"), at(berlin, "2026-03-30T00:00")))
			.isEqualTo(Duration.ofMinutes(90 + 60));
	}

	@Test
	void officeHoursInANewYorkWeekendDaylightChangeCountNominally() {
		ZoneId ny = ZoneId.of("America/New_York");
		WorkingCalendar office = new WorkingCalendar(5, 1, ny, WeeklyHours.defaults(), Map.of());
		// US clocks go forward on Sunday 2026-03-08
		assertThat(office.between(at(ny, "2026-03-06T09:00"), at(ny, "2026-03-09T18:00"))).isEqualTo(Duration.ofHours(16));
		assertThat(office.plus(at(ny, "2026-03-06T17:00"), Duration.ofHours(2))).isEqualTo(at(ny, "2026-03-09T10:00"));
		// and back on Sunday 2026-11-01: ten weeks across it are 400 hours
		assertThat(office.between(at(ny, "2026-10-05T00:00"), at(ny, "2026-12-14T00:00"))).isEqualTo(Duration.ofHours(400));
		assertThat(office.plus(at(ny, "2026-10-05T09:00"), Duration.ofHours(400))).isEqualTo(at(ny, "2026-12-11T18:00"));
	}

	@Test
	void hugeAmountsJumpWeeksInsteadOfWalkingDays() {
		// 52 million weeks of 40 h: about a million years, done by whole-week jumps in milliseconds
		long weeks = 52_000_000L;
		Instant start = sh("2027-01-04T09:00"); // a Monday after the 2026 table
		Instant due = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(5),
				() -> china.plus(start, Duration.ofHours(40).multipliedBy(weeks)));
		ZonedDateTime expected = LocalDate.parse("2027-01-04").plusWeeks(weeks - 1)
			.with(TemporalAdjusters.nextOrSame(DayOfWeek.FRIDAY)).atTime(18, 0).atZone(SHANGHAI);
		assertThat(due).isEqualTo(expected.toInstant());
		Duration back = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(5),
				() -> china.between(start, due));
		assertThat(back).isEqualTo(Duration.ofHours(40).multipliedBy(weeks));

		// across two hundred clock changes: a century of 40-hour weeks in Berlin
		ZoneId berlin = ZoneId.of("Europe/Berlin");
		WorkingCalendar office = new WorkingCalendar(6, 1, berlin, WeeklyHours.defaults(), Map.of());
		Instant monday = at(berlin, "2026-01-05T09:00");
		Instant century = office.plus(monday, Duration.ofHours(40).multipliedBy(5200));
		assertThat(century).isEqualTo(LocalDate.parse("2026-01-05").plusWeeks(5199).plusDays(4).atTime(18, 0)
			.atZone(berlin).toInstant());
		assertThat(office.between(monday, century)).isEqualTo(Duration.ofHours(40).multipliedBy(5200));
	}

	@Test
	void plusAndBetweenAgreeWithAMinuteByMinuteReferenceOnTheChinaCalendar() {
		Random random = new Random(20261123);
		Instant base = sh("2025-12-20T00:00");
		for (int i = 0; i < 400; i++) {
			Instant start = base.plus(random.nextInt(380 * 24 * 60), ChronoUnit.MINUTES);
			int minutes = random.nextInt(4) == 0 ? random.nextInt(120) : random.nextInt(60 * 60);
			Instant expected = referencePlus(start, minutes);
			assertThat(china.plus(start, Duration.ofMinutes(minutes))).as("%s + %d min", start, minutes)
				.isEqualTo(expected);
			Instant other = start.plus(random.nextInt(25 * 24 * 60), ChronoUnit.MINUTES);
			assertThat(china.between(start, other).toMinutes()).as("%s .. %s", start, other)
				.isEqualTo(referenceBetween(start, other));
		}
	}

	@Test
	void betweenInvertsPlusForRandomStartsAndAmounts() {
		Random random = new Random(4711);
		Instant base = sh("2025-11-01T00:00");
		for (int i = 0; i < 5000; i++) {
			Instant start = base.plusSeconds(random.nextInt(500 * 24 * 3600)).plusNanos(random.nextInt(1_000_000_000));
			Duration amount = switch (random.nextInt(4)) {
				case 0 -> Duration.ZERO;
				case 1 -> Duration.ofSeconds(random.nextInt(8 * 3600));
				case 2 -> Duration.ofMinutes(random.nextInt(600 * 60)).plusNanos(random.nextInt(1_000_000_000));
				default -> Duration.ofHours(random.nextInt(3)).plusMinutes(30);
			};
			Instant due = china.plus(start, amount);
			assertThat(china.between(start, due)).as("%s + %s = %s", start, amount, due).isEqualTo(amount);
			assertThat(due).isAfterOrEqualTo(start);
			Duration more = amount.plusMinutes(1 + random.nextInt(600));
			assertThat(china.plus(start, more)).isAfter(due);
		}
	}

	@Test
	void betweenInvertsPlusAcrossDaylightSavingInNewYorkAndBerlin() {
		Random random = new Random(99);
		for (ZoneId zone : List.of(ZoneId.of("America/New_York"), ZoneId.of("Europe/Berlin"))) {
			Map<DayOfWeek, List<Span>> odd = new EnumMap<>(DayOfWeek.class);
			odd.put(DayOfWeek.SUNDAY, List.of(new Span(0, 150), new Span(170, 200), new Span(23 * 60, 1440)));
			odd.put(DayOfWeek.MONDAY, List.of(new Span(0, 60), new Span(9 * 60, 17 * 60)));
			odd.put(DayOfWeek.SATURDAY, List.of(new Span(22 * 60, 1440)));
			WorkingCalendar cal = new WorkingCalendar(8, 1, zone, WeeklyHours.of(odd), Map.of());
			Instant base = at(zone, "2026-01-01T00:00");
			for (int i = 0; i < 3000; i++) {
				Instant start = base.plusSeconds(random.nextInt(2 * 365 * 24 * 3600));
				Duration amount = Duration.ofMinutes(random.nextInt(300 * 60));
				Instant due = cal.plus(start, amount);
				assertThat(cal.between(start, due)).as("%s %s + %s", zone, start, amount).isEqualTo(amount);
			}
		}
	}

	// reference: the China 2026 calendar evaluated minute by minute, written independently of the implementation

	private static final Map<LocalDate, DayKind> TABLE = ChinaCalendar.days2026();

	static boolean working(Instant minute) {
		LocalDateTime t = LocalDateTime.ofInstant(minute, SHANGHAI);
		DayKind kind = TABLE.get(t.toLocalDate());
		boolean weekday = t.getDayOfWeek().getValue() <= 5;
		boolean workday = kind == DayKind.WORKDAY || (kind == null && weekday);
		int m = t.getHour() * 60 + t.getMinute();
		return workday && (m >= 540 && m < 720 || m >= 780 && m < 1080);
	}

	static Instant referencePlus(Instant start, int minutes) {
		Instant t = start;
		int left = minutes;
		while (left > 0) {
			if (working(t)) {
				left--;
			}
			t = t.plus(1, ChronoUnit.MINUTES);
		}
		return t;
	}

	static long referenceBetween(Instant from, Instant to) {
		long n = 0;
		for (Instant t = from; t.isBefore(to); t = t.plus(1, ChronoUnit.MINUTES)) {
			if (working(t)) {
				n++;
			}
		}
		return n;
	}
}
