package dev.closer.activities.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import dev.closer.shared.problem.BusinessException;
import dev.closer.shared.security.CurrentUser;
import dev.closer.shared.security.DataScope;
import dev.closer.shared.security.DataScopes;
import dev.closer.shared.web.PageResult;

/**
 * The dual review knowledge base (SPEC F7): drawn follow-ups with at least one tag, searchable by scenario (template
 * code; {@code NONE} for follow-ups without one), tag (an item matches when either review has it), text (customer,
 * input, action, output and the review comments, case-insensitive) and team; newest first. Scoped like the items: the
 * customer's scope (own, team, region, all) or an own review slot.
 */
@Component
class KnowledgeBase {

	/** A filter; null or blank fields do not filter. */
	record Filter(String scenario, String tag, String q, Long teamId) {

		static Filter of(String scenario, String tag, String q, Long teamId) {
			String t = tag == null || tag.isBlank() ? null : tag.strip().toUpperCase(Locale.ROOT);
			if (t != null && !DualReviews.TAGS.contains(t)) {
				throw BusinessException.invalidField("tag", "error.dualReview.tag", tag);
			}
			String s = scenario == null || scenario.isBlank() ? null : scenario.strip().toUpperCase(Locale.ROOT);
			String text = q == null || q.isBlank() ? null : q.strip();
			if (text != null && text.length() > 100) {
				throw BusinessException.invalidField("q", "error.tooLong", 100);
			}
			return new Filter(s, t, text, teamId);
		}
	}

	/** A knowledge base entry: the follow-up, its tags and the reviewers' comments. */
	record Entry(long itemId, long activityId, long customerId, String subjectName, String templateCode, String week,
			long teamId, String teamName, String channel, String input, String action, String output,
			Instant occurredAt, String authorName, List<DualReviews.Slot> reviews) {

		public boolean has(String tag) {
			return reviews.stream().anyMatch(r -> tag.equals(r.tag()));
		}
	}

	private final JdbcClient jdbc;

	private final DataScopes scopes;

	KnowledgeBase(JdbcClient jdbc, DataScopes scopes) {
		this.jdbc = jdbc;
		this.scopes = scopes;
	}

	private static final String FROM = """
			 from review_item i join review_draw d on d.id = i.draw_id join activity a on a.id = i.activity_id
			join app_user u on u.id = i.author_id join team t on t.id = i.team_id""";

	@Transactional(readOnly = true)
	public PageResult<Entry> search(CurrentUser me, Filter filter, int page, int size) {
		Map<String, Object> params = new LinkedHashMap<>();
		String where = where(me, filter, params);
		long total = jdbc.sql("select count(*)" + FROM + where).params(params).query(Long.class).single();
		List<Entry> items = query(where + " order by a.occurred_at desc, i.id desc limit :n offset :o", params, size,
				(long) page * size);
		return new PageResult<>(items, page, size, total);
	}

	/** Every entry of the filter (at most 100,000), for the export. */
	@Transactional(readOnly = true)
	public void each(CurrentUser me, Filter filter, Consumer<Entry> sink) {
		Map<String, Object> params = new LinkedHashMap<>();
		String where = where(me, filter, params);
		for (int page = 0; page < 200; page++) {
			List<Entry> chunk = query(where + " order by a.occurred_at desc, i.id desc limit :n offset :o", params, 500,
					page * 500L);
			chunk.forEach(sink);
			if (chunk.size() < 500) {
				return;
			}
		}
	}

	/** The scenario codes in use in my knowledge base, for the filter. */
	@Transactional(readOnly = true)
	public List<String> scenarios(CurrentUser me) {
		Map<String, Object> params = new LinkedHashMap<>();
		String where = where(me, new Filter(null, null, null, null), params);
		return jdbc.sql("select distinct i.template_code" + FROM + where + " and i.template_code is not null order by 1")
			.params(params).query(String.class).list();
	}

	private List<Entry> query(String where, Map<String, Object> params, int n, long offset) {
		List<Entry> rows = jdbc.sql("""
				select i.id, i.activity_id, i.customer_id, a.subject_name, i.template_code, d.iso_week, i.team_id,
				  t.name as team_name, a.channel, a.input_text, a.action_text, a.output_text, a.occurred_at,
				  u.display_name as author_name""" + FROM + where)
			.params(params).param("n", n).param("o", offset)
			.query((rs, i) -> new Entry(rs.getLong("id"), rs.getLong("activity_id"), rs.getLong("customer_id"),
					rs.getString("subject_name"), rs.getString("template_code"), rs.getString("iso_week"),
					rs.getLong("team_id"), rs.getString("team_name"), rs.getString("channel"), rs.getString("input_text"),
					rs.getString("action_text"), rs.getString("output_text"), rs.getTimestamp("occurred_at").toInstant(),
					rs.getString("author_name"), List.of()))
			.list();
		if (rows.isEmpty()) {
			return rows;
		}
		Map<Long, List<DualReviews.Slot>> slots = new LinkedHashMap<>();
		jdbc.sql("""
				select s.*, u.display_name from review_slot s join app_user u on u.id = s.reviewer_id
				where s.item_id in (:ids) and s.tag is not null
				order by s.item_id, case s.reviewer_role when 'MANAGER' then 0 else 1 end""")
			.param("ids", rows.stream().map(Entry::itemId).toList())
			.query((rs, i) -> Map.entry(rs.getLong("item_id"), new DualReviews.Slot(rs.getLong("id"),
					rs.getString("reviewer_role"), rs.getLong("reviewer_id"), rs.getString("display_name"),
					rs.getString("tag"), rs.getString("review_comment"), rs.getTimestamp("tagged_at").toInstant())))
			.list().forEach(e -> slots.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
		return rows.stream().map(e -> new Entry(e.itemId(), e.activityId(), e.customerId(), e.subjectName(),
				e.templateCode(), e.week(), e.teamId(), e.teamName(), e.channel(), e.input(), e.action(), e.output(),
				e.occurredAt(), e.authorName(), slots.getOrDefault(e.itemId(), List.of()))).toList();
	}

	private String where(CurrentUser me, Filter filter, Map<String, Object> params) {
		DataScope.SqlCondition visible = DualReviews.visible(scopes.of(me), me.id());
		params.putAll(visible.params());
		List<String> and = new ArrayList<>();
		and.add(visible.sql());
		and.add("exists (select 1 from review_slot k where k.item_id = i.id and k.tag is not null)");
		if (filter.scenario() != null) {
			if ("NONE".equals(filter.scenario())) {
				and.add("i.template_code is null");
			}
			else {
				and.add("i.template_code = :scenario");
				params.put("scenario", filter.scenario());
			}
		}
		if (filter.tag() != null) {
			and.add("exists (select 1 from review_slot k where k.item_id = i.id and k.tag = :tag)");
			params.put("tag", filter.tag());
		}
		if (filter.q() != null) {
			and.add("""
					(lower(a.subject_name) like :q or lower(coalesce(a.input_text, '')) like :q or lower(a.action_text) like :q
					 or lower(coalesce(a.output_text, '')) like :q or exists (select 1 from review_slot k
					 where k.item_id = i.id and k.tag is not null and lower(k.review_comment) like :q))""");
			params.put("q", "%" + filter.q().toLowerCase(Locale.ROOT).replace("%", "").replace("_", "") + "%");
		}
		if (filter.teamId() != null) {
			and.add("i.team_id = :team");
			params.put("team", filter.teamId());
		}
		return " where " + String.join(" and ", and);
	}
}
