package dev.closer.activities.internal;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.closer.shared.security.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** REST API of daily reports (SPEC F3). Dates are ISO days in the author's time zone; default today. */
@RestController
@RequestMapping("/api/daily-reports")
@Tag(name = "Daily reports", description = "A rep's day, generated from their follow-ups; submitted once all visits are complete")
class DailyReportApiController {

	private final DailyReports reports;

	DailyReportApiController(DailyReports reports) {
		this.reports = reports;
	}

	record SummaryRequest(String summary) {
	}

	@GetMapping("/mine")
	@Operation(summary = "My report of a day: records, counts by channel, visits lacking evidence, summary, status")
	DailyReports.Report mine(CurrentUser me, @RequestParam(required = false) LocalDate date, Locale locale) {
		return reports.mine(me, date, locale);
	}

	@PutMapping("/mine")
	@Operation(summary = "Save my summary as a draft (409 once submitted)")
	DailyReports.Report draft(CurrentUser me, @RequestParam(required = false) LocalDate date,
			@RequestBody(required = false) SummaryRequest body, Locale locale) {
		return reports.saveDraft(me, date, body == null ? null : body.summary(), locale);
	}

	@PostMapping("/mine/submit")
	@Operation(summary = "Submit my report: 422 (field visits) naming every visit that lacks a photo, customer role or "
			+ "procurement stage; 409 if already submitted. Without a summary the saved or generated one is used")
	DailyReports.Report submit(CurrentUser me, @RequestParam(required = false) LocalDate date,
			@RequestBody(required = false) SummaryRequest body, Locale locale) {
		return reports.submit(me, date, body == null ? null : body.summary(), locale);
	}

	@GetMapping
	@Operation(summary = "A team's day (managers of the team, directors, admins): status and counts per member")
	List<DailyReports.TeamRow> team(CurrentUser me, @RequestParam long teamId,
			@RequestParam(required = false) LocalDate date) {
		return reports.team(me, teamId, date == null ? reports.today(me) : date);
	}

	@GetMapping("/users/{userId}")
	@Operation(summary = "A team member's report of a day (within the viewer's scope, else 404)")
	DailyReports.Report member(CurrentUser me, @PathVariable long userId, @RequestParam(required = false) LocalDate date,
			Locale locale) {
		return reports.of(me, userId, date, locale);
	}
}
