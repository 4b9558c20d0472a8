package dev.closer.activities.internal;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.closer.shared.problem.BusinessException;
import dev.closer.shared.security.CurrentUser;

/** The daily report pages (SPEC F3): mine (generated, editable, submit) and the team overview for managers. */
@Controller
@RequestMapping("/reports/daily")
class DailyReportPageController {

	private final DailyReports reports;

	private final MessageSource messages;

	DailyReportPageController(DailyReports reports, MessageSource messages) {
		this.reports = reports;
		this.messages = messages;
	}

	@GetMapping
	String mine(CurrentUser me, @RequestParam(required = false) String date, Model model, Locale locale) {
		show(me, reports.mine(me, date(date), locale), null, null, model);
		return "activities/daily";
	}

	@PostMapping
	String save(CurrentUser me, @RequestParam(required = false) String date, @RequestParam(required = false) String summary,
			@RequestParam(defaultValue = "draft") String action, Model model, RedirectAttributes redirect,
			Locale locale) {
		LocalDate day = date(date);
		try {
			if ("submit".equals(action)) {
				reports.submit(me, day, summary, locale);
				redirect.addFlashAttribute("flash", messages.getMessage("daily.submittedFlash", null, locale));
			}
			else {
				reports.saveDraft(me, day, summary, locale);
				redirect.addFlashAttribute("flash", messages.getMessage("daily.savedFlash", null, locale));
			}
			return "redirect:/reports/daily?date=" + (day == null ? reports.today(me) : day);
		}
		catch (BusinessException e) {
			DailyReports.Report report = reports.mine(me, day, locale);
			show(me, report, messages.getMessage(e.messageKey(), e.args(), e.messageKey(), locale), summary, model);
			model.addAttribute("errorField", e.field());
			return "activities/daily";
		}
	}

	@GetMapping("/team")
	String team(CurrentUser me, @RequestParam(required = false) Long teamId, @RequestParam(required = false) String date,
			Model model) {
		var teams = reports.teams(me);
		if (teams.isEmpty()) {
			throw new dev.closer.shared.problem.NotFoundException("team", teamId == null ? 0 : teamId);
		}
		long team = teamId != null ? teamId
				: teams.stream().filter(t -> me.teamId() != null && t.id() == me.teamId()).findFirst()
					.orElse(teams.get(0)).id();
		LocalDate day = date(date) == null ? reports.today(me) : date(date);
		List<DailyReports.TeamRow> rows = reports.team(me, team, day);
		model.addAttribute("teams", teams);
		model.addAttribute("teamId", team);
		model.addAttribute("date", day);
		model.addAttribute("rows", rows);
		model.addAttribute("submitted", rows.stream().filter(r -> r.status() == DailyReports.Status.SUBMITTED).count());
		return "activities/daily-team";
	}

	@GetMapping("/of")
	String ofMember(CurrentUser me, @RequestParam long userId, @RequestParam(required = false) String date, Model model,
			Locale locale) {
		show(me, reports.of(me, userId, date(date), locale), null, null, model);
		model.addAttribute("readOnly", true);
		return "activities/daily";
	}

	private void show(CurrentUser me, DailyReports.Report report, String error, String typed, Model model) {
		model.addAttribute("report", report);
		model.addAttribute("error", error);
		model.addAttribute("summaryText", typed != null ? typed : report.summary());
		model.addAttribute("today", reports.today(me));
		model.addAttribute("readOnly", report.userId() != me.id());
	}

	private static LocalDate date(String s) {
		if (s == null || s.isBlank()) {
			return null;
		}
		try {
			return LocalDate.parse(s.strip());
		}
		catch (DateTimeParseException e) {
			throw BusinessException.invalidField("date", "error.daily.dateFormat");
		}
	}
}
