package dev.closer.shared.calendar;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.closer.shared.audit.AuditLog;
import dev.closer.shared.calendar.CalendarEntries.Range;
import dev.closer.shared.calendar.CalendarEntries.Raw;
import dev.closer.shared.calendar.CalendarRepository.Row;
import dev.closer.shared.problem.BusinessException;
import dev.closer.shared.problem.NotFoundException;
import dev.closer.shared.security.CurrentUser;

/**
 * Admin changes to business calendars (SPEC P5, P7): validated first (a refusal changes nothing),
 * then written with a version bump and an audit line in one transaction; the local cache forgets the
 * calendar on commit. Saving what is already stored changes nothing and keeps the version.
 */
@Service
class CalendarAdministration {

	static final int NAME_MAX = 100;

	static final String DEFAULT_ZONE = "Asia/Shanghai";

	static final String AUDIT_TYPE = "business_calendar";

	private final CalendarRepository repository;

	private final CalendarRegistry registry;

	private final AuditLog audit;

	private final Clock clock;

	private final org.springframework.context.ApplicationEventPublisher events;

	CalendarAdministration(CalendarRepository repository, CalendarRegistry registry, AuditLog audit, Clock clock,
			org.springframework.context.ApplicationEventPublisher events) {
		this.events = events;
		this.repository = repository;
		this.registry = registry;
		this.audit = audit;
		this.clock = clock;
	}

	@Transactional(readOnly = true)
	public List<Row> all() {
		return repository.all();
	}

	@Transactional(readOnly = true)
	public Row get(long id) {
		return repository.find(id).orElseThrow(() -> new NotFoundException("calendar", id));
	}

	/** The year's day table as ranges. */
	@Transactional(readOnly = true)
	public List<Range> year(long id, int year) {
		get(id);
		CalendarEntries.checkYear(year);
		return CalendarEntries.ranges(repository.days(id, year));
	}

	@Transactional(readOnly = true)
	public List<Integer> years(long id) {
		return repository.years(id);
	}

	/** A new calendar, version 1; a null zone means {@value #DEFAULT_ZONE}, null hours the defaults. */
	@Transactional
	public Row create(String name, String zone, WeeklyHours hours) {
		String cleanName = name(name);
		ZoneId zoneId = zone(zone == null || zone.isBlank() ? DEFAULT_ZONE : zone);
		WeeklyHours weekly = hours == null ? WeeklyHours.defaults() : hours;
		if (repository.idOfName(cleanName).isPresent()) {
			throw taken(cleanName);
		}
		long id;
		try {
			id = repository.insert(cleanName, zoneId, weekly, Instant.now(clock), actor());
		}
		catch (org.springframework.dao.DuplicateKeyException raced) {
			throw taken(cleanName);
		}
		Row created = get(id);
		audit.record(AUDIT_TYPE, id, "create", null, snapshot(created), null);
		return created;
	}

	/**
	 * Changes name, zone and weekly hours; a null argument keeps what is stored. With an expected
	 * version, a calendar changed meanwhile is refused (409).
	 */
	@Transactional
	public Row update(long id, String name, String zone, WeeklyHours hours, Long expectedVersion) {
		Row before = lock(id, expectedVersion);
		String cleanName = name == null ? before.name() : name(name);
		ZoneId zoneId = zone(zone == null ? before.zone() : zone);
		WeeklyHours weekly = hours == null ? before.hours() : hours;
		if (cleanName.equals(before.name()) && zoneId.getId().equals(before.zone()) && weekly.equals(before.hours())) {
			return before;
		}
		if (repository.idOfName(cleanName).filter(other -> other != id).isPresent()) {
			throw taken(cleanName);
		}
		try {
			repository.update(id, cleanName, zoneId, weekly, Instant.now(clock), actor());
		}
		catch (org.springframework.dao.DuplicateKeyException raced) {
			throw taken(cleanName);
		}
		Row after = get(id);
		audit.record(AUDIT_TYPE, id, "update", snapshot(before), snapshot(after), "v" + after.version());
		registry.evict(id);
		events.publishEvent(new CalendarChanged(id, after.version()));
		return after;
	}

	/** Replaces one year's day table with the given entries (validated as a whole first). */
	@Transactional
	public List<Range> replaceYear(long id, int year, List<Raw> entries, Long expectedVersion) {
		CalendarEntries.checkYear(year);
		List<Range> ranges = CalendarEntries.validate(year, entries);
		lock(id, expectedVersion);
		List<Range> before = CalendarEntries.ranges(repository.days(id, year));
		List<Range> after = CalendarEntries.ranges(CalendarEntries.expand(ranges));
		if (before.equals(after)) {
			return before;
		}
		repository.touch(id, Instant.now(clock), actor());
		repository.replaceDays(id, year, CalendarEntries.expand(ranges));
		long version = repository.version(id).orElseThrow();
		audit.record(AUDIT_TYPE, id, "replace_year", yearSnapshot(year, before), yearSnapshot(year, after),
				"year " + year + ", v" + version);
		registry.evict(id);
		events.publishEvent(new CalendarChanged(id, version));
		return after;
	}

	private Row lock(long id, Long expectedVersion) {
		OptionalLong version = repository.lockVersion(id);
		if (version.isEmpty()) {
			throw new NotFoundException("calendar", id);
		}
		if (expectedVersion != null && expectedVersion != version.getAsLong()) {
			throw BusinessException.conflict("error.calendar.stale", version.getAsLong());
		}
		return get(id);
	}

	private static String name(String name) {
		if (name == null || name.isBlank()) {
			throw BusinessException.invalidField("name", "error.calendar.nameBlank");
		}
		String clean = name.strip();
		if (clean.length() > NAME_MAX) {
			throw BusinessException.invalidField("name", "error.calendar.nameTooLong", NAME_MAX);
		}
		return clean;
	}

	/** An IANA region id such as Asia/Shanghai (fixed offsets like +08:00 are refused: they know no DST). */
	static ZoneId zone(String zone) {
		String clean = zone == null ? "" : zone.strip();
		if (!ZoneId.getAvailableZoneIds().contains(clean)) {
			throw BusinessException.invalidField("zone", "error.calendar.zone", clean);
		}
		try {
			return ZoneId.of(clean);
		}
		catch (DateTimeException e) {
			throw BusinessException.invalidField("zone", "error.calendar.zone", clean);
		}
	}

	private static BusinessException taken(String name) {
		return new BusinessException(HttpStatus.CONFLICT, "name", "error.calendar.nameTaken", name);
	}

	private static String actor() {
		return CurrentUser.current().map(CurrentUser::username).orElse("system");
	}

	private static Map<String, Object> snapshot(Row row) {
		Map<String, Object> out = new LinkedHashMap<>();
		out.put("name", row.name());
		out.put("zone", row.zone());
		out.put("weeklyHours", row.hours().toClock());
		out.put("version", row.version());
		return out;
	}

	private static Map<String, Object> yearSnapshot(int year, List<Range> ranges) {
		Map<String, Object> out = new LinkedHashMap<>();
		out.put("year", year);
		out.put("entries", ranges.stream().map(Range::csv).toList());
		return out;
	}
}
