package dev.closer.leads.internal.flow;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.springframework.context.MessageSource;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import dev.closer.shared.export.XlsxExport;

/**
 * The heatmap as a workbook: sheet 1 the grid (per rep three lines: leads received, mean first response in
 * minutes, re-allocation rate in %; one column per day or week, then the month), sheet 2 the team summary
 * with the total. Empty cells stay blank.
 */
@Component
class LeadFlowExport {

	private final MessageSource messages;

	LeadFlowExport(MessageSource messages) {
		this.messages = messages;
	}

	ResponseEntity<StreamingResponseBody> download(LeadFlowReport report, Locale locale) {
		String filename = "lead-flow-" + report.month() + (report.granularity().equals("week") ? "-weeks" : "") + ".xlsx";
		return XlsxExport.downloadSheets(filename, java.time.ZoneId.of(report.zone()), sheets -> {
			List<String> headers = new ArrayList<>(List.of(m("leadFlow.rep", locale), m("user.team", locale),
					m("leadFlow.metric", locale)));
			report.columns().forEach(c -> headers.add(report.granularity().equals("week") ? c.label() + " " + c.from().substring(5)
					+ "~" + c.to().substring(5) : c.from()));
			headers.add(m("leadFlow.monthTotal", locale));
			XlsxExport.RowSink grid = sheets.sheet(m("leadFlow.sheet.grid", locale), headers);
			String received = m("leadFlow.metric.received", locale);
			String response = m("leadFlow.metric.response", locale) + " (" + m("leadFlow.unit.minutes", locale) + ")";
			String reallocation = m("leadFlow.metric.reallocation", locale) + " (%)";
			int n = report.columns().size();
			for (LeadFlowReport.RepRow row : report.rows()) {
				Object[] r = line(row, received, n);
				Object[] s = line(row, response, n);
				Object[] a = line(row, reallocation, n);
				for (LeadFlowReport.Cell c : row.cells()) {
					r[3 + c.column()] = c.received();
					s[3 + c.column()] = minutes(c.meanFirstResponseSeconds());
					a[3 + c.column()] = percent(c.reallocationRate());
				}
				r[3 + n] = row.total().received();
				s[3 + n] = minutes(row.total().meanFirstResponseSeconds());
				a[3 + n] = percent(row.total().reallocationRate());
				grid.row(Arrays.asList(r));
				grid.row(Arrays.asList(s));
				grid.row(Arrays.asList(a));
			}
			XlsxExport.RowSink teams = sheets.sheet(m("leadFlow.sheet.teams", locale),
					List.of(m("user.team", locale), m("leadFlow.region", locale), m("leadFlow.metric.received", locale),
							m("leadFlow.metric.response", locale) + " (" + m("leadFlow.unit.minutes", locale) + ")",
							m("leadFlow.within2h", locale) + " (%)", m("leadFlow.metric.reallocation", locale) + " (%)"));
			for (LeadFlowReport.TeamRow t : report.teams()) {
				teams.row(summary(t.teamName(), t.regionName(), t.figures()));
			}
			teams.row(summary(m("leadFlow.total", locale), "", report.total()));
		});
	}

	private static Object[] line(LeadFlowReport.RepRow row, String metric, int columns) {
		Object[] values = new Object[columns + 4];
		values[0] = row.repName();
		values[1] = row.teamName();
		values[2] = metric;
		return values;
	}

	private static List<Object> summary(String team, String region, Figures f) {
		return Arrays.asList(team, region, f.received(), minutes(f.meanFirstResponseSeconds()),
				percent(f.answeredWithin2hRate()), percent(f.reallocationRate()));
	}

	/** Minutes with one decimal, or blank. */
	static Double minutes(Double seconds) {
		return seconds == null ? null : Math.round(seconds / 6.0) / 10.0;
	}

	/** Percent with one decimal, or blank. */
	static Double percent(Double rate) {
		return rate == null ? null : Math.round(rate * 1000.0) / 10.0;
	}

	private String m(String key, Locale locale) {
		return messages.getMessage(key, null, key, locale);
	}
}
