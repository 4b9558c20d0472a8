package dev.closer.leads.internal.flow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.context.MessageSource;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import dev.closer.identity.TeamSummary;
import dev.closer.leads.Grade;
import dev.closer.shared.security.CurrentUser;

/**
 * The lead-flow heatmap page (SPEC S5): month, filters and metric; the chart is drawn by
 * {@code static/js/lead-flow.js} from {@code /leads/flow/data}; the team summary is rendered here.
 */
@Controller
@RequestMapping("/leads/flow")
class LeadFlowPageController {

	static final List<String> METRICS = List.of("received", "response", "reallocation");

	private final LeadFlowReports reports;

	private final LeadFlowExport export;

	private final MessageSource messages;

	LeadFlowPageController(LeadFlowReports reports, LeadFlowExport export, MessageSource messages) {
		this.reports = reports;
		this.export = export;
		this.messages = messages;
	}

	/** A line of the team table, formatted for the reader. */
	record TeamLine(String team, String region, long received, String meanFirstResponse, String within2h,
			String reallocation) {
	}

	record RegionOption(long id, String name) {
	}

	@GetMapping
	String page(CurrentUser me, @RequestParam(required = false) String month, @RequestParam(required = false) Long teamId,
			@RequestParam(required = false) Long regionId, @RequestParam(required = false) String grade,
			@RequestParam(required = false) String granularity, @RequestParam(required = false) String metric,
			Locale locale, Model model) {
		List<TeamSummary> teams = reports.visibleTeams(me);
		Map<Long, RegionOption> regions = new LinkedHashMap<>();
		teams.forEach(t -> regions.putIfAbsent(t.regionId(), new RegionOption(t.regionId(), t.regionName())));
		model.addAttribute("teams", teams);
		model.addAttribute("regions", List.copyOf(regions.values()));
		model.addAttribute("grades", Grade.values());
		model.addAttribute("metrics", METRICS);
		model.addAttribute("metric", metric != null && METRICS.contains(metric) ? metric : "received");
		LeadFlowReports.Query query = reports.query(me, month, teamId, regionId, grade, granularity);
		LeadFlowReport report = reports.report(me, query);
		model.addAttribute("month", query.month().toString());
		model.addAttribute("teamId", teamId);
		model.addAttribute("regionId", regionId);
		model.addAttribute("grade", query.grade() == null ? null : query.grade().name());
		model.addAttribute("granularity", query.granularity().param());
		model.addAttribute("report", report);
		List<TeamLine> lines = new ArrayList<>();
		report.teams().forEach(t -> lines.add(line(t.teamName(), t.regionName(), t.figures(), locale)));
		model.addAttribute("teamLines", lines);
		model.addAttribute("totalLine", line(m("leadFlow.total", locale), "", report.total(), locale));
		return "leads/flow";
	}

	@GetMapping("/export")
	ResponseEntity<StreamingResponseBody> export(CurrentUser me, @RequestParam(required = false) String month,
			@RequestParam(required = false) Long teamId, @RequestParam(required = false) Long regionId,
			@RequestParam(required = false) String grade, @RequestParam(required = false) String granularity,
			Locale locale) {
		return export.download(reports.report(me, reports.query(me, month, teamId, regionId, grade, granularity)), locale);
	}

	private TeamLine line(String team, String region, Figures f, Locale locale) {
		return new TeamLine(team, region, f.received(), duration(f.meanFirstResponseSeconds(), locale),
				percent(f.answeredWithin2hRate()), percent(f.reallocationRate()));
	}

	/** "45 s", "27 min", "11.3 h"; a dash without answered leads. */
	String duration(Double seconds, Locale locale) {
		if (seconds == null) {
			return "—";
		}
		if (seconds < 60) {
			return messages.getMessage("leadFlow.duration.seconds", new Object[] { String.valueOf(Math.round(seconds)) },
					locale);
		}
		if (seconds < 3600) {
			return messages.getMessage("leadFlow.duration.minutes", new Object[] { String.valueOf(Math.round(seconds / 60)) },
					locale);
		}
		return messages.getMessage("leadFlow.duration.hours",
				new Object[] { String.format(Locale.ROOT, "%.1f", seconds / 3600) }, locale);
	}

	static String percent(Double rate) {
		return rate == null ? "—" : String.format(Locale.ROOT, "%.1f%%", rate * 100);
	}

	private String m(String key, Locale locale) {
		return messages.getMessage(key, null, key, locale);
	}
}
