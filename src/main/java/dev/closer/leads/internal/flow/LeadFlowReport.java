package dev.closer.leads.internal.flow;

import java.util.List;

/**
 * The heatmap of one month: its columns (days, or ISO weeks cut to the month), one row per rep with the
 * non-empty cells, the summary per team (the lead's team at assignment) and the total. Dates are ISO strings
 * of the reporting zone.
 */
record LeadFlowReport(String month, String granularity, String zone, Filters filters, List<Column> columns,
		List<RepRow> rows, List<TeamRow> teams, Figures total) {

	record Filters(Long teamId, Long regionId, String grade) {
	}

	/** A column: {@code key} is the day, or the ISO week as {@code 2026-W45}; {@code from}..{@code to} inclusive, within the month. */
	record Column(String key, String label, String from, String to) {
	}

	/** A rep's row: the team is the one that gave the rep most of the month's leads. */
	record RepRow(long repId, String repName, long teamId, String teamName, List<Cell> cells, Figures total) {
	}

	/** One non-empty cell; {@code column} indexes {@link LeadFlowReport#columns()}. */
	record Cell(int column, long received, long responded, long responseSeconds, long responded2h, long reallocated,
			Double meanFirstResponseSeconds, Double answeredWithin2hRate, Double reallocationRate) {

		static Cell of(int column, Figures f) {
			return new Cell(column, f.received(), f.responded(), f.responseSeconds(), f.responded2h(), f.reallocated(),
					f.meanFirstResponseSeconds(), f.answeredWithin2hRate(), f.reallocationRate());
		}
	}

	record TeamRow(long teamId, String teamName, long regionId, String regionName, Figures figures) {
	}
}
