package dev.closer.shared.calendar;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.closer.shared.calendar.CalendarEntries.Range;
import dev.closer.shared.calendar.CalendarRepository.Row;
import dev.closer.shared.problem.BusinessException;

/**
 * Admin pages of business calendars (SPEC P7): the list with a create form; one calendar with its
 * name, zone and weekly hours, a year's holidays and make-up days (shown, and replaced by pasting or
 * uploading CSV lines {@code from,to,kind,name}), and a small "start + hours" calculator to check the
 * result. A refused change shows its localised reason next to what was typed and changes nothing.
 */
@Controller
@RequestMapping("/admin/calendars")
class CalendarPageController {

	static final int MAX_UPLOAD_CHARS = 200_000;

	private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

	private final CalendarAdministration calendars;

	private final CalendarRegistry registry;

	private final MessageSource messages;

	private final Clock clock;

	CalendarPageController(CalendarAdministration calendars, CalendarRegistry registry, MessageSource messages,
			Clock clock) {
		this.calendars = calendars;
		this.registry = registry;
		this.messages = messages;
		this.clock = clock;
	}

	/** The edit form as typed: hours per weekday as text, e.g. {@code 09:00-12:00, 13:00-18:00}. */
	record CalendarForm(String name, String zone, Map<DayOfWeek, String> hours, Long version) {

		static CalendarForm of(Row r) {
			Map<DayOfWeek, String> hours = new EnumMap<>(DayOfWeek.class);
			for (DayOfWeek d : DayOfWeek.values()) {
				hours.put(d, r.hours().text(d));
			}
			return new CalendarForm(r.name(), r.zone(), hours, r.version());
		}
	}

	/** A calendar in the list. */
	record ListRow(long id, String name, String zone, String weekHours, long version, Instant updatedAt,
			String updatedBy) {
	}

	/** A stored range as the year table shows it. */
	record EntryRow(LocalDate from, LocalDate to, long days, DayKind kind, String name, String fromWeekday,
			String toWeekday) {
	}

	@ModelAttribute
	void reference(Model model) {
		model.addAttribute("weekdays", DayOfWeek.values());
		model.addAttribute("zones", new TreeSet<>(ZoneId.getAvailableZoneIds()));
	}

	@GetMapping
	String list(Model model) {
		model.addAttribute("calendars", calendars.all().stream()
			.map(r -> new ListRow(r.id(), r.name(), r.zone(), hoursText(r.hours().week()), r.version(), r.updatedAt(),
					r.updatedBy()))
			.toList());
		if (!model.containsAttribute("newName")) {
			model.addAttribute("newName", "");
			model.addAttribute("newZone", CalendarAdministration.DEFAULT_ZONE);
		}
		return "calendar/list";
	}

	@PostMapping
	String create(@RequestParam(required = false) String name, @RequestParam(required = false) String zone,
			Model model, RedirectAttributes redirect) {
		try {
			Row created = calendars.create(name, zone, null);
			redirect.addFlashAttribute("flash", text("calendar.created", created.name()));
			return "redirect:/admin/calendars/" + created.id();
		}
		catch (BusinessException e) {
			model.addAttribute("error", text(e));
			model.addAttribute("errorField", e.field());
			model.addAttribute("newName", name);
			model.addAttribute("newZone", zone);
			return list(model);
		}
	}

	@GetMapping("/{id}")
	String detail(@PathVariable long id, @RequestParam(required = false) Integer year,
			@RequestParam(required = false) String tryStart, @RequestParam(required = false) String tryHours,
			Model model) {
		Row calendar = calendars.get(id);
		ZoneId zone = ZoneId.of(calendar.zone());
		int shownYear = year != null ? year : LocalDate.now(clock.withZone(zone)).getYear();
		CalendarEntries.checkYear(shownYear);
		List<Range> ranges = calendars.year(id, shownYear);
		model.addAttribute("calendar", calendar);
		model.addAttribute("weekHours", hoursText(calendar.hours().week()));
		if (!model.containsAttribute("form")) {
			model.addAttribute("form", CalendarForm.of(calendar));
		}
		model.addAttribute("year", shownYear);
		TreeSet<Integer> years = new TreeSet<>(calendars.years(id));
		int thisYear = LocalDate.now(clock.withZone(zone)).getYear();
		years.add(thisYear);
		years.add(thisYear + 1);
		years.add(shownYear);
		model.addAttribute("years", years);
		model.addAttribute("entries", ranges.stream().map(this::entryRow).toList());
		if (!model.containsAttribute("csv")) {
			model.addAttribute("csv", CalendarEntries.csv(ranges));
		}
		trial(id, zone, tryStart, tryHours, model);
		return "calendar/detail";
	}

	@PostMapping("/{id}")
	String update(@PathVariable long id, @RequestParam MultiValueMap<String, String> form, Model model,
			RedirectAttributes redirect) {
		Map<DayOfWeek, String> hours = new EnumMap<>(DayOfWeek.class);
		for (DayOfWeek d : DayOfWeek.values()) {
			hours.put(d, form.getFirst("hours_" + d.name()));
		}
		Long version = parseLong(form.getFirst("version"));
		try {
			Row before = calendars.get(id);
			Row saved = calendars.update(id, form.getFirst("name") == null ? "" : form.getFirst("name"),
					form.getFirst("zone") == null ? "" : form.getFirst("zone"), WeeklyHours.fromText(hours), version);
			redirect.addFlashAttribute("flash", saved.version() == before.version() ? text("calendar.unchanged")
					: text("calendar.saved", saved.version()));
			return "redirect:/admin/calendars/" + id;
		}
		catch (BusinessException e) {
			if (e instanceof dev.closer.shared.problem.NotFoundException) {
				throw e;
			}
			model.addAttribute("error", text(e));
			model.addAttribute("errorField", e.field());
			model.addAttribute("form", new CalendarForm(form.getFirst("name"), form.getFirst("zone"), hours, version));
			return detail(id, null, null, null, model);
		}
	}

	@PostMapping("/{id}/years/{year}")
	String replaceYear(@PathVariable long id, @PathVariable int year, @RequestParam(required = false) String csv,
			@RequestParam(name = "file", required = false) MultipartFile file,
			@RequestParam(required = false) String version, Model model, RedirectAttributes redirect)
			throws IOException {
		String lines = csv;
		try {
			if (file != null && !file.isEmpty()) {
				if (file.getSize() > MAX_UPLOAD_CHARS * 4L) {
					throw BusinessException.invalidField("entries", "error.calendar.entry.tooMany",
							CalendarEntries.MAX_LINES);
				}
				lines = new String(file.getBytes(), StandardCharsets.UTF_8);
			}
			if (lines != null && lines.length() > MAX_UPLOAD_CHARS) {
				throw BusinessException.invalidField("entries", "error.calendar.entry.tooMany", CalendarEntries.MAX_LINES);
			}
			long before = calendars.get(id).version();
			calendars.replaceYear(id, year, CalendarEntries.parseCsv(lines), parseLong(version));
			long after = calendars.get(id).version();
			redirect.addFlashAttribute("flash", after == before ? text("calendar.unchanged")
					: text("calendar.yearSaved", String.valueOf(year), after));
			return "redirect:/admin/calendars/" + id + "?year=" + year;
		}
		catch (BusinessException e) {
			if (e instanceof dev.closer.shared.problem.NotFoundException || "year".equals(e.field())) {
				throw e;
			}
			model.addAttribute("yearError", text(e));
			model.addAttribute("csv", lines);
			return detail(id, year, null, null, model);
		}
	}

	/** The calculator: start (local, in the calendar's zone) plus working hours. */
	private void trial(long id, ZoneId zone, String tryStart, String tryHours, Model model) {
		model.addAttribute("tryStart", tryStart);
		model.addAttribute("tryHours", tryHours);
		if (tryStart == null || tryStart.isBlank() || tryHours == null || tryHours.isBlank()) {
			return;
		}
		try {
			LocalDateTime local = LocalDateTime.parse(tryStart.strip());
			BigDecimal hours = new BigDecimal(tryHours.strip());
			if (hours.signum() < 0 || hours.compareTo(BigDecimal.valueOf(100_000)) > 0) {
				throw new NumberFormatException();
			}
			Duration amount = Duration.ofSeconds(hours.multiply(BigDecimal.valueOf(3600)).longValue());
			Instant start = ZonedDateTime.of(local, zone).toInstant();
			ZonedDateTime due = registry.compiled(id).plus(start, amount).atZone(zone);
			model.addAttribute("tryResult", MINUTES.format(due) + " " + text("calendar.day." + due.getDayOfWeek()));
		}
		catch (DateTimeParseException | NumberFormatException | ArithmeticException e) {
			model.addAttribute("tryError", text("error.calendar.tryInput"));
		}
	}

	private EntryRow entryRow(Range r) {
		return new EntryRow(r.from(), r.to(), r.to().toEpochDay() - r.from().toEpochDay() + 1, r.kind(), r.name(),
				shortDay(r.from()), shortDay(r.to()));
	}

	private static String shortDay(LocalDate date) {
		return date.getDayOfWeek().getDisplayName(java.time.format.TextStyle.SHORT, LocaleContextHolder.getLocale());
	}

	private String hoursText(Duration week) {
		BigDecimal hours = BigDecimal.valueOf(week.toMinutes()).divide(BigDecimal.valueOf(60), 2,
				java.math.RoundingMode.HALF_UP).stripTrailingZeros();
		return text("calendar.weekHoursValue", hours.toPlainString());
	}

	private static Long parseLong(String s) {
		try {
			return s == null || s.isBlank() ? null : Long.valueOf(s.strip());
		}
		catch (NumberFormatException e) {
			return null;
		}
	}

	private String text(String key, Object... args) {
		Locale locale = LocaleContextHolder.getLocale();
		return messages.getMessage(key, args, key, locale);
	}

	private String text(BusinessException e) {
		return text(e.messageKey(), e.args());
	}
}
