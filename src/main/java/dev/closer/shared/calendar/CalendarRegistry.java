package dev.closer.shared.calendar;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import dev.closer.shared.calendar.CalendarEntries.Day;
import dev.closer.shared.problem.NotFoundException;

/**
 * {@link BusinessCalendars}: compiled calendars cached in memory, so counting SLA time costs no database
 * round trip.
 * <p>
 * Freshness, without a restart: a change saved on this node evicts the calendar from this node's cache
 * when its transaction commits, so the next call here sees it at once. Other nodes of a cluster learn of
 * it by polling: a cached calendar older than {@link #RECHECK} (30 s) has its version re-read from the
 * database (one indexed single-row read) on its next use, and is reloaded if the version moved. So a
 * change reaches every node within 30 seconds, and an idle calendar costs nothing.
 * <p>
 * A reload reads the version before and after the definition and day table and retries if they differ,
 * so a compiled calendar is never a mix of two versions.
 */
@Component
class CalendarRegistry implements BusinessCalendars {

	static final Duration RECHECK = Duration.ofSeconds(30);

	private static final int LOAD_ATTEMPTS = 5;

	private record Cached(WorkingCalendar calendar, long checkedAt) {
	}

	private final CalendarRepository repository;

	private final LongSupplier ticker;

	private final Map<Long, Cached> cache = new ConcurrentHashMap<>();

	@Autowired
	CalendarRegistry(CalendarRepository repository) {
		this(repository, System::nanoTime);
	}

	/** With a nanosecond ticker of one's own (tests move it). */
	CalendarRegistry(CalendarRepository repository, LongSupplier ticker) {
		this.repository = repository;
		this.ticker = ticker;
	}

	@Override
	public SlaTime forCalendar(long calendarId) {
		return compiled(calendarId);
	}

	@Override
	public SlaTime of(Long calendarId) {
		return calendarId == null ? SlaTime.WALL : forCalendar(calendarId);
	}

	@Override
	public List<CalendarSummary> calendars() {
		return repository.all().stream().map(r -> new CalendarSummary(r.id(), r.name(), r.zone())).toList();
	}

	WorkingCalendar compiled(long calendarId) {
		long now = ticker.getAsLong();
		Cached cached = cache.get(calendarId);
		if (cached != null && now - cached.checkedAt() < RECHECK.toNanos()) {
			return cached.calendar();
		}
		OptionalLong version = repository.version(calendarId);
		if (version.isEmpty()) {
			cache.remove(calendarId);
			throw new NotFoundException("calendar", calendarId);
		}
		WorkingCalendar calendar = cached != null && cached.calendar().version() == version.getAsLong()
				? cached.calendar() : load(calendarId);
		cache.put(calendarId, new Cached(calendar, now));
		return calendar;
	}

	/** Forgets a calendar now and, inside a transaction, again when it commits. */
	void evict(long calendarId) {
		cache.remove(calendarId);
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCompletion(int status) {
					cache.remove(calendarId);
				}
			});
		}
	}

	private WorkingCalendar load(long calendarId) {
		for (int attempt = 1;; attempt++) {
			CalendarRepository.Row row = repository.find(calendarId)
				.orElseThrow(() -> new NotFoundException("calendar", calendarId));
			Map<LocalDate, DayKind> days = new HashMap<>();
			for (Day d : repository.days(calendarId)) {
				days.put(d.date(), d.kind());
			}
			OptionalLong after = repository.version(calendarId);
			if (after.isPresent() && after.getAsLong() == row.version() || attempt >= LOAD_ATTEMPTS) {
				return new WorkingCalendar(row.id(), row.version(), ZoneId.of(row.zone()), row.hours(), days);
			}
		}
	}
}
