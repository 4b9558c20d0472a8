package dev.closer.pipeline.internal;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.closer.shared.security.DataScope;
import dev.closer.shared.time.SqlTime;

/**
 * Loads a team's opportunities as they stood at the end of a week (Monday to Sunday in the viewer's zone; the
 * running week: now) for {@link ProcessHealth}: the stay open at that moment and the deliverables uploaded by then.
 */
@Service
@Transactional(readOnly = true)
class ProcessHealthService {

	private final JdbcClient jdbc;

	private final StageTemplates templates;

	private final Clock clock;

	ProcessHealthService(JdbcClient jdbc, StageTemplates templates, Clock clock) {
		this.jdbc = jdbc;
		this.templates = templates;
		this.clock = clock;
	}

	/** The Monday of the week containing {@code day}. */
	static LocalDate monday(LocalDate day) {
		return day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
	}

	/** The report moment of a week: its end (next Monday 00:00 in the zone), or now if that is later. */
	Instant asOf(LocalDate monday, ZoneId zone) {
		Instant end = monday.plusDays(7).atStartOfDay(zone).toInstant();
		Instant now = Instant.now(clock);
		return end.isAfter(now) ? now : end;
	}

	ProcessHealth.Report report(DataScope scope, long teamId, LocalDate week, ZoneId zone, Locale locale) {
		Instant asOf = asOf(monday(week), zone);
		return ProcessHealth.compute(subjects(scope, teamId, asOf, locale), asOf);
	}

	List<ProcessHealth.Subject> subjects(DataScope scope, long teamId, Instant asOf, Locale locale) {
		var condition = scope.predicate("o.owner_id", "o.team_id");
		Map<String, Object> params = new HashMap<>(condition.params());
		params.put("team", teamId);
		params.put("asOf", SqlTime.of(asOf));
		record Row(long id, String name, String customer, String owner, long templateId, String stage, Instant entered) {
		}
		List<Row> rows = jdbc.sql("""
				select o.id, o.name, c.name as customer_name, u.display_name as owner_name, o.template_id,
				  v.stage_code, v.entered_at
				from opportunity o join customer c on c.id = o.customer_id join app_user u on u.id = o.owner_id
				join opportunity_stage_visit v on v.opportunity_id = o.id and v.entered_at <= :asOf
				  and (v.left_at is null or v.left_at > :asOf)
				where o.team_id = :team""" + " and " + condition.sql())
			.params(params)
			.query((rs, n) -> new Row(rs.getLong("id"), rs.getString("name"), rs.getString("customer_name"),
					rs.getString("owner_name"), rs.getLong("template_id"), rs.getString("stage_code"),
					OpportunityQueries.instant(rs, "entered_at")))
			.list();
		if (rows.isEmpty()) {
			return List.of();
		}
		Map<Long, List<Gate.Upload>> uploads = new HashMap<>();
		jdbc.sql("""
				select id, opportunity_id, kind, file_type, file_sha256, uploaded_at, file_name from opportunity_deliverable
				where opportunity_id in (:ids) and uploaded_at <= :asOf""")
			.param("ids", rows.stream().map(Row::id).toList()).param("asOf", SqlTime.of(asOf))
			.query((rs, n) -> {
				uploads.computeIfAbsent(rs.getLong("opportunity_id"), k -> new ArrayList<>())
					.add(new Gate.Upload(rs.getLong("id"), rs.getString("kind"), rs.getString("file_type"),
							rs.getString("file_sha256"), OpportunityQueries.instant(rs, "uploaded_at"),
							rs.getString("file_name")));
				return null;
			})
			.list();
		List<ProcessHealth.Subject> subjects = new ArrayList<>();
		for (Row r : rows) {
			StageTemplate.Stage stage = templates.byId(r.templateId()).definition().stage(r.stage()).orElse(null);
			if (stage == null) {
				continue;
			}
			subjects.add(new ProcessHealth.Subject(r.id(), r.name(), r.customer(), r.owner(), r.stage(),
					stage.name(locale), r.entered(), stage.days(), stage.deliverables(),
					uploads.getOrDefault(r.id(), List.of())));
		}
		return subjects;
	}
}
