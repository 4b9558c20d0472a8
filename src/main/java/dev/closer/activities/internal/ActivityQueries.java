package dev.closer.activities.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import dev.closer.shared.time.SqlTime;
import dev.closer.shared.web.PageResult;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * SQL read side of follow-ups. Callers check the subject's scope first (the customer or lead must be visible);
 * the follow-ups of a visible subject are all visible.
 */
@Component
@Transactional(readOnly = true)
class ActivityQueries {

	private static final String SELECT = "select a.*, u.display_name as actor_name from activity a"
			+ " join app_user u on u.id = a.actor_id";

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final ScenarioTemplates templates;

	ActivityQueries(JdbcClient jdbc, JsonMapper json, ScenarioTemplates templates) {
		this.jdbc = jdbc;
		this.json = json;
		this.templates = templates;
	}

	Optional<ActivityView> find(long id) {
		return jdbc.sql(SELECT + " where a.id = :id").param("id", id).query(this::row).optional()
			.map(v -> withFiles(List.of(v)).get(0));
	}

	/** The follow-ups {@code actorId} recorded from {@code from} (inclusive) to {@code to} (exclusive), oldest first (a daily report's records). */
	List<ActivityView> byActor(long actorId, Instant from, Instant to) {
		return withFiles(jdbc.sql(SELECT + """
				 where a.actor_id = :me and a.occurred_at >= :from and a.occurred_at < :to
				order by a.occurred_at, a.id""")
			.param("me", actorId).param("from", SqlTime.of(from)).param("to", SqlTime.of(to))
			.query(this::row).list());
	}

	/** The files of the given follow-ups, attached to them (one query). */
	List<ActivityView> withFiles(List<ActivityView> views) {
		if (views.isEmpty()) {
			return views;
		}
		Map<Long, List<ActivityFile>> byActivity = new HashMap<>();
		jdbc.sql("""
				select af.activity_id, af.purpose, f.id, f.original_name, f.file_type, f.size_bytes, f.sha256,
				       f.uploaded_at
				from activity_file af join stored_file f on f.id = af.file_id
				where af.activity_id in (:ids) order by af.id""")
			.param("ids", views.stream().map(ActivityView::id).toList())
			.query((rs, n) -> new ActivityFile(rs.getLong("id"), rs.getLong("activity_id"), rs.getString("purpose"),
					rs.getString("original_name"), rs.getString("file_type"), rs.getLong("size_bytes"),
					rs.getString("sha256"), rs.getTimestamp("uploaded_at").toInstant()))
			.list()
			.forEach(f -> byActivity.computeIfAbsent(f.activityId(), k -> new ArrayList<>()).add(f));
		return views.stream().map(v -> v.withFiles(byActivity.getOrDefault(v.id(), List.of()))).toList();
	}

	/** A customer's or a lead's follow-ups, newest first. */
	PageResult<ActivityView> of(Long customerId, Long leadId, int page, int size) {
		String where = customerId != null ? " where a.customer_id = :s" : " where a.lead_id = :s";
		long subject = customerId != null ? customerId : leadId;
		long total = jdbc.sql("select count(*) from activity a" + where).param("s", subject).query(Long.class).single();
		List<ActivityView> items = withFiles(jdbc.sql(SELECT + where
				+ " order by a.occurred_at desc, a.id desc limit :n offset :o")
			.param("s", subject).param("n", size).param("o", (long) page * size).query(this::row).list());
		return new PageResult<>(items, page, size, total);
	}

	/** The customer's follow-ups and those on the leads converted into it, newest first. */
	List<ActivityView> timeline(long customerId, List<Long> leadIds, int limit) {
		String leads = leadIds.isEmpty() ? "" : " or a.lead_id in (:leads)";
		var query = jdbc.sql(SELECT + " where (a.customer_id = :c" + leads + ") order by a.occurred_at desc, a.id desc limit :n")
			.param("c", customerId).param("n", limit);
		if (!leadIds.isEmpty()) {
			query = query.param("leads", leadIds);
		}
		return withFiles(query.query(this::row).list());
	}

	/** My open next steps due on or before {@code today}, oldest due first. */
	List<ActivityView> nextSteps(long actorId, LocalDate today, int limit) {
		return jdbc.sql(SELECT + " " + """
				where a.actor_id = :me and a.next_closed_at is null and a.next_due_on <= :today
				order by a.next_due_on, a.id limit :n""")
			.param("me", actorId).param("today", today).param("n", limit).query(this::row).list();
	}

	/** How many of my open next steps are overdue (before today) and due today. */
	long[] nextStepCounts(long actorId, LocalDate today) {
		return jdbc.sql("""
				select coalesce(sum(case when next_due_on < :today then 1 else 0 end), 0) as overdue,
				       coalesce(sum(case when next_due_on = :today then 1 else 0 end), 0) as due_today
				from activity where actor_id = :me and next_closed_at is null and next_due_on <= :today""")
			.param("me", actorId).param("today", today)
			.query((rs, n) -> new long[] { rs.getLong("overdue"), rs.getLong("due_today") }).single();
	}

	private ActivityView row(ResultSet rs, int n) throws SQLException {
		Locale locale = LocaleContextHolder.getLocale();
		Long templateId = rs.getObject("template_id", Long.class);
		String stored = rs.getString("field_values");
		Map<String, Object> fields = stored == null ? Map.of()
				: json.readerFor(new TypeReference<LinkedHashMap<String, Object>>() {
				}).with(tools.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).readValue(stored);
		String templateName = null;
		List<ActivityView.Shown> shown = new ArrayList<>();
		if (templateId != null) {
			ScenarioTemplates.Version version = templates.byId(templateId);
			templateName = version.name(locale);
			Map<String, TemplateDefinition.Field> byName = new HashMap<>();
			version.definition().fieldList().forEach(f -> byName.put(f.name(), f));
			fields.forEach((name, value) -> {
				TemplateDefinition.Field f = byName.get(name);
				shown.add(new ActivityView.Shown(name, f == null ? name : f.label(locale),
						f == null ? String.valueOf(value) : f.display(value, locale)));
			});
		}
		VisitInfo visit = null;
		Long visitTemplateId = rs.getObject("visit_template_id", Long.class);
		if ("VISIT".equals(rs.getString("channel"))) {
			visit = visit(visitTemplateId == null ? templates.visit() : templates.byId(visitTemplateId),
					rs.getString("visit_values"), locale);
		}
		return new ActivityView(rs.getLong("id"), rs.getObject("customer_id", Long.class),
				rs.getObject("lead_id", Long.class), rs.getObject("contact_id", Long.class), rs.getString("contact_name"),
				rs.getString("subject_name"), rs.getString("channel"), rs.getString("input_text"),
				rs.getString("action_text"), rs.getString("output_text"), rs.getString("blocker"),
				rs.getString("template_code"), rs.getObject("template_version", Integer.class), templateName, fields,
				shown, rs.getString("next_step"), rs.getObject("next_due_on", LocalDate.class),
				rs.getString("next_step") != null && rs.getTimestamp("next_closed_at") == null,
				instant(rs.getTimestamp("occurred_at")), instant(rs.getTimestamp("created_at")), rs.getLong("actor_id"),
				rs.getString("actor_name"), rs.getObject("owner_id", Long.class), rs.getLong("team_id"), visit,
				List.of());
	}

	/** A visit's essentials against the template version it used; photos are counted by {@link #withFiles}. */
	private VisitInfo visit(ScenarioTemplates.Version version, String stored, Locale locale) {
		Map<String, Object> values = stored == null ? Map.of()
				: json.readerFor(new TypeReference<LinkedHashMap<String, Object>>() {
				}).with(tools.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).readValue(stored);
		List<ActivityView.Shown> shown = new ArrayList<>();
		List<String> missing = new ArrayList<>();
		for (TemplateDefinition.Field f : version.definition().fieldList()) {
			Object value = values.get(f.name());
			if (value != null && !String.valueOf(value).isBlank()) {
				shown.add(new ActivityView.Shown(f.name(), f.label(locale), f.display(value, locale)));
			}
			else if (f.mandatory()) {
				missing.add(f.label(locale));
			}
		}
		return VisitInfo.of(version.version(), values, shown, missing, 0);
	}

	private static Instant instant(Timestamp ts) {
		return ts == null ? null : ts.toInstant();
	}
}
