package dev.closer.shared.calendar;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

import dev.closer.shared.calendar.CalendarEntries.Day;
import dev.closer.shared.calendar.WeeklyHours.ClockSpan;
import dev.closer.shared.time.SqlTime;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Rows of {@code business_calendar} and {@code calendar_day}; no rules here (see {@link CalendarAdministration}). */
@Repository
class CalendarRepository {

	private static final TypeReference<LinkedHashMap<String, List<ClockSpan>>> HOURS = new TypeReference<>() {
	};

	/** A stored calendar (without its day table). */
	record Row(long id, String name, String zone, WeeklyHours hours, long version, Instant updatedAt,
			String updatedBy) {
	}

	private final JdbcClient jdbc;

	private final JsonMapper json;

	CalendarRepository(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	List<Row> all() {
		return jdbc.sql("select * from business_calendar order by name, id").query(this::row).list();
	}

	Optional<Row> find(long id) {
		return jdbc.sql("select * from business_calendar where id = :id").param("id", id).query(this::row).optional();
	}

	Optional<Long> idOfName(String name) {
		return jdbc.sql("select id from business_calendar where name = :n").param("n", name).query(Long.class)
			.optional();
	}

	OptionalLong version(long id) {
		return jdbc.sql("select version from business_calendar where id = :id").param("id", id).query(Long.class)
			.optional().map(OptionalLong::of).orElse(OptionalLong.empty());
	}

	/** The version, locking the row until commit (serialises changes of one calendar). */
	OptionalLong lockVersion(long id) {
		return jdbc.sql("select version from business_calendar where id = :id for update").param("id", id)
			.query(Long.class).optional().map(OptionalLong::of).orElse(OptionalLong.empty());
	}

	List<Day> days(long calendarId) {
		return jdbc.sql("select day_date, kind, name from calendar_day where calendar_id = :c order by day_date")
			.param("c", calendarId).query(CalendarRepository::day).list();
	}

	List<Day> days(long calendarId, int year) {
		return jdbc.sql("""
				select day_date, kind, name from calendar_day
				where calendar_id = :c and day_date >= :from and day_date < :to order by day_date""")
			.param("c", calendarId).param("from", LocalDate.of(year, 1, 1)).param("to", LocalDate.of(year + 1, 1, 1))
			.query(CalendarRepository::day).list();
	}

	/** Years that have day-table entries, newest first. */
	List<Integer> years(long calendarId) {
		return days(calendarId).stream().map(d -> d.date().getYear()).distinct().sorted(java.util.Comparator.reverseOrder())
			.toList();
	}

	long insert(String name, ZoneId zone, WeeklyHours hours, Instant at, String by) {
		GeneratedKeyHolder keys = new GeneratedKeyHolder();
		jdbc.sql("""
				insert into business_calendar (name, zone, weekly_hours, version, created_at, updated_at, updated_by)
				values (:n, :z, :h, 1, :at, :at, :by)""")
			.param("n", name).param("z", zone.getId()).param("h", json.writeValueAsString(hours.toClock()))
			.param("at", SqlTime.of(at)).param("by", by)
			.update(keys, "id");
		return keys.getKeyAs(Long.class);
	}

	/** Writes the definition and bumps the version (the row stays locked until commit). */
	void update(long id, String name, ZoneId zone, WeeklyHours hours, Instant at, String by) {
		jdbc.sql("""
				update business_calendar set name = :n, zone = :z, weekly_hours = :h, version = version + 1,
				       updated_at = :at, updated_by = :by
				where id = :id""")
			.param("n", name).param("z", zone.getId()).param("h", json.writeValueAsString(hours.toClock()))
			.param("at", SqlTime.of(at)).param("by", by).param("id", id)
			.update();
	}

	/** Bumps the version (and locks the row until commit, serialising changes of one calendar). */
	boolean touch(long id, Instant at, String by) {
		return jdbc.sql("update business_calendar set version = version + 1, updated_at = :at, updated_by = :by where id = :id")
			.param("at", SqlTime.of(at)).param("by", by).param("id", id)
			.update() == 1;
	}

	void replaceDays(long calendarId, int year, List<Day> days) {
		jdbc.sql("delete from calendar_day where calendar_id = :c and day_date >= :from and day_date < :to")
			.param("c", calendarId).param("from", LocalDate.of(year, 1, 1)).param("to", LocalDate.of(year + 1, 1, 1))
			.update();
		for (Day d : days) {
			jdbc.sql("insert into calendar_day (calendar_id, day_date, kind, name) values (:c, :d, :k, :n)")
				.param("c", calendarId).param("d", d.date()).param("k", d.kind().name()).param("n", d.name())
				.update();
		}
	}

	private Row row(ResultSet rs, int n) throws SQLException {
		Map<String, List<ClockSpan>> hours = json.readValue(rs.getString("weekly_hours"), HOURS);
		return new Row(rs.getLong("id"), rs.getString("name"), rs.getString("zone"), WeeklyHours.fromClock(hours),
				rs.getLong("version"), rs.getTimestamp("updated_at").toInstant(), rs.getString("updated_by"));
	}

	private static Day day(ResultSet rs, int n) throws SQLException {
		return new Day(rs.getObject("day_date", LocalDate.class), DayKind.valueOf(rs.getString("kind")),
				rs.getString("name"));
	}
}
