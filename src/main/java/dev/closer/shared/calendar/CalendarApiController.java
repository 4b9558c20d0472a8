package dev.closer.shared.calendar;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.closer.shared.calendar.CalendarEntries.Range;
import dev.closer.shared.calendar.CalendarEntries.Raw;
import dev.closer.shared.calendar.CalendarRepository.Row;
import dev.closer.shared.calendar.WeeklyHours.ClockSpan;
import dev.closer.shared.idempotency.Idempotency;
import dev.closer.shared.security.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Admin API of business calendars (SPEC P7): definitions and each year's holidays and make-up days. */
@RestController
@RequestMapping("/api/admin/calendars")
@PreAuthorize("hasRole('ADMIN')")
@Tag(name = "Business calendars (admin)", description = "Working hours, holidays and make-up working days for SLA time")
class CalendarApiController {

	private final CalendarAdministration calendars;

	private final Idempotency idempotency;

	CalendarApiController(CalendarAdministration calendars, Idempotency idempotency) {
		this.calendars = calendars;
		this.idempotency = idempotency;
	}

	/** A calendar; weekly hours map MONDAY…SUNDAY to spans {"start":"09:00","end":"12:00"} ("24:00" may end). */
	record CalendarView(long id, String name, String zone, Map<String, List<ClockSpan>> weeklyHours, long version,
			Instant updatedAt, String updatedBy) {

		static CalendarView of(Row r) {
			return new CalendarView(r.id(), r.name(), r.zone(), r.hours().toClock(), r.version(), r.updatedAt(),
					r.updatedBy());
		}
	}

	/**
	 * Create or change a calendar. On create a missing zone is Asia/Shanghai and missing hours are Mon–Fri
	 * 09:00–12:00, 13:00–18:00; on change a missing field keeps its value, and {@code version}, when given,
	 * must be the stored one (else 409).
	 */
	record CalendarRequest(String name, String zone, Map<String, List<ClockSpan>> weeklyHours, Long version) {

		WeeklyHours hours() {
			return weeklyHours == null ? null : WeeklyHours.fromClock(weeklyHours);
		}
	}

	/** A range of days of one kind: {@code from} and {@code to} inclusive, yyyy-MM-dd; kind HOLIDAY or WORKDAY. */
	record Entry(String from, String to, String kind, String name) {

		static Entry of(Range r) {
			return new Entry(r.from().toString(), r.to().toString(), r.kind().name(), r.name());
		}
	}

	@GetMapping
	@Operation(summary = "Every calendar, by name")
	List<CalendarView> list() {
		return calendars.all().stream().map(CalendarView::of).toList();
	}

	@PostMapping
	@Transactional
	@Operation(summary = "Create a calendar (honours Idempotency-Key)")
	ResponseEntity<?> create(CurrentUser me, @RequestBody CalendarRequest request,
			@RequestHeader(name = "Idempotency-Key", required = false) String key) {
		return idempotency.once(key, me.username(), "POST /api/admin/calendars", request, () -> {
			Row created = calendars.create(request.name(), request.zone(), request.hours());
			return ResponseEntity.created(URI.create("/api/admin/calendars/" + created.id()))
				.body(CalendarView.of(created));
		});
	}

	@GetMapping("/{id}")
	@Operation(summary = "One calendar")
	CalendarView get(@PathVariable long id) {
		return CalendarView.of(calendars.get(id));
	}

	@PutMapping("/{id}")
	@Operation(summary = "Change name, zone or weekly hours; each change bumps the version and is audited")
	CalendarView update(@PathVariable long id, @RequestBody CalendarRequest request) {
		return CalendarView.of(calendars.update(id, request.name(), request.zone(), request.hours(), request.version()));
	}

	@GetMapping("/{id}/years/{year}")
	@Operation(summary = "A year's holidays and make-up working days, consecutive days joined into ranges")
	List<Entry> year(@PathVariable long id, @PathVariable int year) {
		return calendars.year(id, year).stream().map(Entry::of).toList();
	}

	@PutMapping(path = "/{id}/years/{year}", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Replace a year's entries; all are validated first, a refusal changes nothing")
	List<Entry> replaceYear(@PathVariable long id, @PathVariable int year, @RequestBody List<Entry> entries) {
		List<Raw> raw = new ArrayList<>();
		for (int i = 0; i < entries.size(); i++) {
			Entry e = entries.get(i);
			raw.add(e == null ? new Raw(i + 1, null, null, null, null)
					: new Raw(i + 1, e.from(), e.to(), e.kind(), e.name()));
		}
		return calendars.replaceYear(id, year, raw, null).stream().map(Entry::of).toList();
	}

	@PutMapping(path = "/{id}/years/{year}", consumes = { "text/csv", MediaType.TEXT_PLAIN_VALUE })
	@Operation(summary = "Replace a year's entries from CSV lines from,to,kind,name")
	List<Entry> replaceYearCsv(@PathVariable long id, @PathVariable int year, @RequestBody String csv) {
		return calendars.replaceYear(id, year, CalendarEntries.parseCsv(csv), null).stream().map(Entry::of).toList();
	}
}
