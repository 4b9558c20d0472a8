package dev.closer.leads.internal.flow;

import java.util.Locale;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import dev.closer.shared.security.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * The lead-flow heatmap as JSON and XLSX (SPEC S5): {@code /api/reports/lead-flow} for API clients (bearer
 * token), {@code /leads/flow/data} for the page's chart (signed-in session). Both answer errors as problem+json.
 */
@RestController
@Tag(name = "Reports", description = "Lead-flow heatmap: per rep and day or week, leads received, first response, re-allocation")
class LeadFlowApiController {

	private final LeadFlowReports reports;

	private final LeadFlowExport export;

	LeadFlowApiController(LeadFlowReports reports, LeadFlowExport export) {
		this.reports = reports;
		this.export = export;
	}

	@GetMapping("/api/reports/lead-flow")
	@Operation(summary = "A month's lead flow within the caller's data scope: rows per rep with cells per day or ISO week, team summary, total")
	LeadFlowReport report(CurrentUser me,
			@Parameter(description = "yyyy-MM; default: this month in the reporting zone") @RequestParam(required = false) String month,
			@RequestParam(required = false) Long teamId, @RequestParam(required = false) Long regionId,
			@Parameter(description = "A, B or C") @RequestParam(required = false) String grade,
			@Parameter(description = "day (default) or week") @RequestParam(required = false) String granularity) {
		return reports.report(me, reports.query(me, month, teamId, regionId, grade, granularity));
	}

	@GetMapping("/api/reports/lead-flow/export")
	@Operation(summary = "The same month as an XLSX workbook: the grid (received, mean first response, re-allocation rate per rep) and the team summary")
	ResponseEntity<StreamingResponseBody> export(CurrentUser me, @RequestParam(required = false) String month,
			@RequestParam(required = false) Long teamId, @RequestParam(required = false) Long regionId,
			@RequestParam(required = false) String grade, @RequestParam(required = false) String granularity,
			Locale locale) {
		return export.download(reports.report(me, reports.query(me, month, teamId, regionId, grade, granularity)), locale);
	}

	/** The page's chart data: the same report, for the signed-in session. */
	@GetMapping("/leads/flow/data")
	LeadFlowReport pageData(CurrentUser me, @RequestParam(required = false) String month,
			@RequestParam(required = false) Long teamId, @RequestParam(required = false) Long regionId,
			@RequestParam(required = false) String grade, @RequestParam(required = false) String granularity) {
		return report(me, month, teamId, regionId, grade, granularity);
	}
}
