package dev.closer.shared.calendar;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The shipped Mainland China calendar (see the migration), built without a database. */
final class ChinaCalendar {

	/** The 2026 State Council notice, as the admin page takes it. */
	static final String CSV_2026 = """
			from,to,kind,name
			2026-01-01,2026-01-03,HOLIDAY,元旦
			2026-01-04,2026-01-04,WORKDAY,元旦调休上班
			2026-02-14,2026-02-14,WORKDAY,春节调休上班
			2026-02-15,2026-02-23,HOLIDAY,春节
			2026-02-28,2026-02-28,WORKDAY,春节调休上班
			2026-04-04,2026-04-06,HOLIDAY,清明节
			2026-05-01,2026-05-05,HOLIDAY,劳动节
			2026-05-09,2026-05-09,WORKDAY,劳动节调休上班
			2026-06-19,2026-06-21,HOLIDAY,端午节
			2026-09-20,2026-09-20,WORKDAY,国庆节调休上班
			2026-09-25,2026-09-27,HOLIDAY,中秋节
			2026-10-01,2026-10-07,HOLIDAY,国庆节
			2026-10-10,2026-10-10,WORKDAY,国庆节调休上班
			""";

	static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

	private ChinaCalendar() {
	}

	static Map<LocalDate, DayKind> days2026() {
		Map<LocalDate, DayKind> days = new HashMap<>();
		for (CalendarEntries.Day d : CalendarEntries
			.expand(CalendarEntries.validate(2026, CalendarEntries.parseCsv(CSV_2026)))) {
			days.put(d.date(), d.kind());
		}
		return days;
	}

	static WorkingCalendar calendar() {
		return new WorkingCalendar(1, 1, SHANGHAI, WeeklyHours.defaults(), days2026());
	}

	static List<CalendarEntries.Range> ranges() {
		return CalendarEntries.validate(2026, CalendarEntries.parseCsv(CSV_2026));
	}
}
