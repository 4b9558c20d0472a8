package dev.closer.leads.internal.flow;

import java.sql.Date;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import dev.closer.identity.TeamSummary;
import dev.closer.identity.UserDirectory;
import dev.closer.leads.Grade;
import dev.closer.shared.problem.BusinessException;
import dev.closer.shared.problem.NotFoundException;
import dev.closer.shared.security.CurrentUser;
import dev.closer.shared.security.DataScope;
import dev.closer.shared.security.DataScopes;

/**
 * Reads the lead-flow heatmap (SPEC S5) from the {@code lead_flow_daily} rollup: one grouped query over the
 * month's rows (index-backed: the primary key leads with the day, the team and rep indexes with team or rep and
 * day), then columns, rep rows and team summary in memory. Scoped like every read: a rep sees their own row, a
 * manager their team, a director their region's teams, an admin everything; a team or region filter outside
 * what the user may see is not found (404).
 */
@Component
@Transactional(readOnly = true)
class LeadFlowReports {

	private final JdbcClient jdbc;

	private final UserDirectory users;

	private final DataScopes scopes;

	private final Clock clock;

	private final ZoneId zone;

	LeadFlowReports(JdbcClient jdbc, UserDirectory users, DataScopes scopes, Clock clock,
			@Value("${closer.reporting-zone:Asia/Shanghai}") ZoneId zone) {
		this.jdbc = jdbc;
		this.users = users;
		this.scopes = scopes;
		this.clock = clock;
		this.zone = zone;
	}

	/** What was asked, validated: the month, the filters and the teams they come to (null = no team filter). */
	record Query(YearMonth month, Long teamId, Long regionId, Grade grade, Granularity granularity,
			Set<Long> filterTeams) {
	}

	ZoneId zone() {
		return zone;
	}

	YearMonth currentMonth() {
		return YearMonth.now(clock.withZone(zone));
	}

	/** Parses and checks the request parameters: a bad month, grade or granularity is a 400, a team or region the user cannot see a 404. */
	Query query(CurrentUser me, String month, Long teamId, Long regionId, String grade, String granularity) {
		YearMonth ym = parseMonth(month);
		Grade g = parseGrade(grade);
		Granularity gran = Granularity.parse(granularity);
		List<TeamSummary> visible = visibleTeams(me);
		Set<Long> filter = null;
		if (teamId != null) {
			if (users.team(teamId).isEmpty() || visible.stream().noneMatch(t -> t.id() == teamId)) {
				throw new NotFoundException("team", teamId);
			}
			filter = new LinkedHashSet<>(List.of(teamId));
		}
		if (regionId != null) {
			List<TeamSummary> inRegion = users.teams().stream().filter(t -> t.regionId() == regionId).toList();
			if (inRegion.isEmpty() || visible.stream().noneMatch(t -> t.regionId() == regionId)) {
				throw new NotFoundException("region", regionId);
			}
			Set<Long> ids = inRegion.stream().map(TeamSummary::id).collect(Collectors.toCollection(LinkedHashSet::new));
			if (filter != null) {
				filter.retainAll(ids);
			}
			else {
				filter = ids;
			}
		}
		return new Query(ym, teamId, regionId, g, gran, filter);
	}

	YearMonth parseMonth(String month) {
		if (month == null || month.isBlank()) {
			return currentMonth();
		}
		String value = month.trim();
		if (value.matches("\\d{4}-\\d{2}")) {
			try {
				return YearMonth.parse(value);
			}
			catch (java.time.format.DateTimeParseException e) {
				// falls through to the error below
			}
		}
		throw new BusinessException(HttpStatus.BAD_REQUEST, "month", "error.leadFlow.month", month);
	}

	static Grade parseGrade(String grade) {
		if (grade == null || grade.isBlank()) {
			return null;
		}
		try {
			return Grade.valueOf(grade.trim().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException e) {
			throw new BusinessException(HttpStatus.BAD_REQUEST, "grade", "error.leadFlow.grade", grade);
		}
	}

	/** The teams a user may filter by: all for an admin, the scope's teams (and their own) otherwise. */
	List<TeamSummary> visibleTeams(CurrentUser me) {
		DataScope scope = scopes.of(me);
		return users.teams().stream()
			.filter(t -> scope.level() == DataScope.Level.ALL || scope.teamIds().contains(t.id())
					|| (me.teamId() != null && me.teamId() == t.id()))
			.toList();
	}

	LeadFlowReport report(CurrentUser me, Query q) {
		List<LeadFlowReport.Column> columns = columns(q.month(), q.granularity());
		int[] columnOfDay = columnOfDay(q.month(), q.granularity());
		LeadFlowReport.Filters filters = new LeadFlowReport.Filters(q.teamId(), q.regionId(),
				q.grade() == null ? null : q.grade().name());
		String month = q.month().toString();
		if (q.filterTeams() != null && q.filterTeams().isEmpty()) {
			return new LeadFlowReport(month, q.granularity().param(), zone.getId(), filters, columns, List.of(),
					List.of(), Figures.NONE);
		}
		var scope = scopes.of(me).predicate("f.rep_id", "f.team_id");
		StringBuilder sql = new StringBuilder("""
				select f.rep_id, f.team_id, f."day", sum(f.received), sum(f.responded), sum(f.response_seconds),
				       sum(f.responded_2h), sum(f.reallocated)
				from lead_flow_daily f
				where f."day" >= :from and f."day" < :to and """).append(' ').append(scope.sql());
		Map<String, Object> params = new HashMap<>(scope.params());
		params.put("from", Date.valueOf(q.month().atDay(1)));
		params.put("to", Date.valueOf(q.month().plusMonths(1).atDay(1)));
		if (q.filterTeams() != null) {
			sql.append(" and f.team_id in (:teams)");
			params.put("teams", q.filterTeams());
		}
		if (q.grade() != null) {
			sql.append(" and f.grade = :grade");
			params.put("grade", q.grade().name());
		}
		sql.append(" group by f.rep_id, f.team_id, f.\"day\"");

		int n = columns.size();
		Map<Long, RepTally> reps = new HashMap<>();
		Map<Long, Figures.Tally> teams = new HashMap<>();
		Figures.Tally total = new Figures.Tally();
		jdbc.sql(sql.toString()).params(params).query((RowCallbackHandler) rs -> {
			long rep = rs.getLong(1);
			long team = rs.getLong(2);
			int column = columnOfDay[rs.getDate(3).toLocalDate().getDayOfMonth() - 1];
			long received = rs.getLong(4);
			long responded = rs.getLong(5);
			long seconds = rs.getLong(6);
			long within2h = rs.getLong(7);
			long reallocated = rs.getLong(8);
			RepTally r = reps.computeIfAbsent(rep, k -> new RepTally(n));
			r.cell(column).add(received, responded, seconds, within2h, reallocated);
			r.total.add(received, responded, seconds, within2h, reallocated);
			r.receivedByTeam.merge(team, received, Long::sum);
			teams.computeIfAbsent(team, k -> new Figures.Tally()).add(received, responded, seconds, within2h, reallocated);
			total.add(received, responded, seconds, within2h, reallocated);
		});

		Map<Long, TeamSummary> teamInfo = users.teams().stream()
			.collect(Collectors.toMap(TeamSummary::id, Function.identity()));
		Map<Long, String> names = reps.isEmpty() ? Map.of() : users.displayNames(reps.keySet());
		List<LeadFlowReport.RepRow> rows = new ArrayList<>(reps.size());
		reps.forEach((rep, tally) -> {
			long team = tally.mainTeam();
			TeamSummary t = teamInfo.get(team);
			List<LeadFlowReport.Cell> cells = new ArrayList<>();
			for (int c = 0; c < n; c++) {
				if (tally.cells[c] != null) {
					Figures f = tally.cells[c].figures();
					if (!f.empty()) {
						cells.add(LeadFlowReport.Cell.of(c, f));
					}
				}
			}
			rows.add(new LeadFlowReport.RepRow(rep, names.getOrDefault(rep, "#" + rep), team,
					t == null ? "#" + team : t.name(), cells, tally.total.figures()));
		});
		rows.sort(Comparator.comparing(LeadFlowReport.RepRow::teamName).thenComparing(LeadFlowReport.RepRow::repName)
			.thenComparingLong(LeadFlowReport.RepRow::repId));
		List<LeadFlowReport.TeamRow> teamRows = new ArrayList<>(teams.size());
		teams.forEach((team, tally) -> {
			TeamSummary t = teamInfo.get(team);
			teamRows.add(new LeadFlowReport.TeamRow(team, t == null ? "#" + team : t.name(), t == null ? 0 : t.regionId(),
					t == null ? "" : t.regionName(), tally.figures()));
		});
		teamRows.sort(Comparator.comparing(LeadFlowReport.TeamRow::regionName).thenComparing(LeadFlowReport.TeamRow::teamName)
			.thenComparingLong(LeadFlowReport.TeamRow::teamId));
		return new LeadFlowReport(month, q.granularity().param(), zone.getId(), filters, columns, rows, teamRows,
				total.figures());
	}

	/** Days of the month, or its ISO weeks (Monday to Sunday), the first and last cut at the month's edges. */
	static List<LeadFlowReport.Column> columns(YearMonth month, Granularity granularity) {
		List<LeadFlowReport.Column> columns = new ArrayList<>();
		LocalDate first = month.atDay(1);
		LocalDate last = month.atEndOfMonth();
		if (granularity == Granularity.DAY) {
			for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
				columns.add(new LeadFlowReport.Column(d.toString(), String.valueOf(d.getDayOfMonth()), d.toString(),
						d.toString()));
			}
			return columns;
		}
		for (LocalDate monday = first.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)); !monday.isAfter(last);
				monday = monday.plusWeeks(1)) {
			LocalDate from = monday.isBefore(first) ? first : monday;
			LocalDate sunday = monday.plusDays(6);
			LocalDate to = sunday.isAfter(last) ? last : sunday;
			int week = monday.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
			int year = monday.get(IsoFields.WEEK_BASED_YEAR);
			columns.add(new LeadFlowReport.Column("%d-W%02d".formatted(year, week), "W%02d".formatted(week),
					from.toString(), to.toString()));
		}
		return columns;
	}

	private static int[] columnOfDay(YearMonth month, Granularity granularity) {
		int[] columns = new int[month.lengthOfMonth()];
		int firstOffset = month.atDay(1).getDayOfWeek().getValue() - 1;
		for (int d = 0; d < columns.length; d++) {
			columns[d] = granularity == Granularity.DAY ? d : (d + firstOffset) / 7;
		}
		return columns;
	}

	private static final class RepTally {

		final Figures.Tally[] cells;

		final Figures.Tally total = new Figures.Tally();

		final Map<Long, Long> receivedByTeam = new HashMap<>(2);

		RepTally(int columns) {
			this.cells = new Figures.Tally[columns];
		}

		Figures.Tally cell(int column) {
			Figures.Tally t = cells[column];
			if (t == null) {
				t = new Figures.Tally();
				cells[column] = t;
			}
			return t;
		}

		/** The team that gave the rep most leads this month (lowest id on a tie). */
		long mainTeam() {
			return receivedByTeam.entrySet().stream()
				.max(Comparator.<Map.Entry<Long, Long>>comparingLong(Map.Entry::getValue)
					.thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
				.orElseThrow().getKey();
		}
	}
}
