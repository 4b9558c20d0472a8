package dev.closer.leads.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.closer.identity.TeamSummary;
import dev.closer.leads.Grade;
import dev.closer.leads.internal.sla.ActionKind;
import dev.closer.leads.internal.sla.SlaPolicyDocument;
import dev.closer.leads.internal.sla.StepAction;
import dev.closer.shared.calendar.BusinessCalendars;
import dev.closer.shared.problem.BusinessException;
import dev.closer.shared.security.CurrentUser;

/**
 * Pages of the response SLAs (SPEC S1-S4): recording actions and blockers from the lead page, and the
 * per-team SLA policy editor (ladders per grade, recycling, red/yellow, calendar) with its versions.
 */
@Controller
class SlaPageController {

	/** Rows the editor offers per grade (blank rows are ignored). */
	static final int ROWS = 6;

	private final SlaClocks clocks;

	private final SlaPolicyStore policies;

	private final TeamAccess teams;

	private final BusinessCalendars calendars;

	private final MessageSource messages;

	SlaPageController(SlaClocks clocks, SlaPolicyStore policies, TeamAccess teams, BusinessCalendars calendars,
			MessageSource messages) {
		this.clocks = clocks;
		this.policies = policies;
		this.teams = teams;
		this.calendars = calendars;
		this.messages = messages;
	}

	@PostMapping("/leads/{id}/actions")
	String act(CurrentUser me, @PathVariable long id, @RequestParam(required = false) String type,
			@RequestParam(required = false) String note, RedirectAttributes redirect, Locale locale) {
		try {
			clocks.record(id, SlaApiController.kind(type), note, me);
			redirect.addFlashAttribute("flash", messages.getMessage("sla.recorded", null, locale));
		}
		catch (BusinessException e) {
			redirect.addFlashAttribute("flashError", message(e, locale));
		}
		return "redirect:/leads/" + id;
	}

	@PostMapping("/leads/{id}/blocker")
	String block(CurrentUser me, @PathVariable long id, @RequestParam(required = false) String reason,
			@RequestParam(required = false) boolean clear, RedirectAttributes redirect, Locale locale) {
		try {
			clocks.block(id, clear ? null : reason, me);
		}
		catch (BusinessException e) {
			redirect.addFlashAttribute("flashError", message(e, locale));
		}
		return "redirect:/leads/" + id;
	}

	/** One editor row as the form shows it. */
	record Row(String after, List<String> without, String action) {
	}

	@GetMapping("/leads/sla")
	String edit(CurrentUser me, @RequestParam(required = false) Long teamId, Model model) {
		TeamSummary team = teams.editableTeam(me, teamId);
		SlaPolicyStore.Versioned current = policies.current(team.id());
		if (!model.containsAttribute("doc")) {
			model.addAttribute("doc", current.document());
		}
		SlaPolicyDocument doc = (SlaPolicyDocument) model.getAttribute("doc");
		Map<String, List<Row>> rows = new LinkedHashMap<>();
		for (Grade grade : Grade.values()) {
			List<Row> list = new ArrayList<>();
			List<SlaPolicyDocument.Step> steps = doc.ladders() == null ? null : doc.ladders().get(grade.name());
			for (int i = 0; i < ROWS; i++) {
				SlaPolicyDocument.Step s = steps != null && i < steps.size() ? steps.get(i) : null;
				list.add(s == null ? new Row("", List.of(), "")
						: new Row(short_(s.after()), s.without() == null ? List.of() : s.without(), s.action()));
			}
			rows.put(grade.name(), list);
		}
		model.addAttribute("team", team);
		model.addAttribute("teams", teams.editable(me));
		model.addAttribute("current", current);
		model.addAttribute("rows", rows);
		model.addAttribute("recycleAfter", short_(doc.recycleAfter()));
		model.addAttribute("yellowAfter", short_(doc.yellowAfter()));
		model.addAttribute("redAfter", short_(doc.redAfter()));
		model.addAttribute("kinds", ActionKind.values());
		model.addAttribute("stepActions", StepAction.values());
		model.addAttribute("calendars", calendars.calendars());
		model.addAttribute("history", policies.history(team.id()));
		return "leads/sla";
	}

	@PostMapping("/leads/sla")
	String save(CurrentUser me, @RequestParam long teamId, @RequestParam MultiValueMap<String, String> form, Model model,
			RedirectAttributes redirect, Locale locale) {
		TeamSummary team = teams.editableTeam(me, teamId);
		SlaPolicyDocument doc = document(form);
		try {
			SlaPolicyStore.Versioned saved = policies.save(team.id(), doc, blankToNull(form.getFirst("comment")));
			redirect.addFlashAttribute("flash", messages.getMessage("sla.policy.saved", new Object[] { saved.version() },
					locale));
			return "redirect:/leads/sla?teamId=" + team.id();
		}
		catch (BusinessException e) {
			model.addAttribute("error", message(e, locale));
			model.addAttribute("errorField", e.field());
			model.addAttribute("doc", doc);
			return edit(me, teamId, model);
		}
	}

	/** The form as a document; blank rows are dropped, everything else is left for validation to judge. */
	static SlaPolicyDocument document(MultiValueMap<String, String> form) {
		Map<String, List<SlaPolicyDocument.Step>> ladders = new LinkedHashMap<>();
		for (Grade grade : Grade.values()) {
			List<SlaPolicyDocument.Step> steps = new ArrayList<>();
			for (int i = 0; i < ROWS; i++) {
				String prefix = grade.name() + "[" + i + "].";
				String after = blankToNull(form.getFirst(prefix + "after"));
				List<String> without = form.getOrDefault(prefix + "without", List.of());
				String action = blankToNull(form.getFirst(prefix + "action"));
				if (after != null || action != null && !without.isEmpty()) {
					steps.add(new SlaPolicyDocument.Step(after, without, action));
				}
			}
			ladders.put(grade.name(), steps);
		}
		String calendar = blankToNull(form.getFirst("calendarId"));
		Long calendarId = null;
		if (calendar != null) {
			try {
				calendarId = Long.valueOf(calendar);
			}
			catch (NumberFormatException e) {
				throw BusinessException.invalidField("calendarId", "error.sla.unknownCalendar", calendar);
			}
		}
		return new SlaPolicyDocument(ladders, blankToNull(form.getFirst("recycleAfter")),
				form.getOrDefault("recycleKinds", List.of()), blankToNull(form.getFirst("yellowAfter")),
				blankToNull(form.getFirst("redAfter")), calendarId);
	}

	private static String short_(String duration) {
		if (duration == null || duration.isBlank()) {
			return "";
		}
		try {
			return dev.closer.leads.internal.sla.SlaDurations.format(
					dev.closer.leads.internal.sla.SlaDurations.parse(duration));
		}
		catch (IllegalArgumentException e) {
			return duration; // as typed, so the user sees what was refused
		}
	}

	private static String blankToNull(String s) {
		return s == null || s.isBlank() ? null : s.strip();
	}

	private String message(BusinessException e, Locale locale) {
		return messages.getMessage(e.messageKey(), e.args(), e.messageKey(), locale);
	}
}
