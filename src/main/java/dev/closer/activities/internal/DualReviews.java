package dev.closer.activities.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import dev.closer.shared.audit.AuditLog;
import dev.closer.shared.problem.BusinessException;
import dev.closer.shared.problem.Fields;
import dev.closer.shared.problem.NotFoundException;
import dev.closer.shared.security.CurrentUser;
import dev.closer.shared.security.DataScope;
import dev.closer.shared.security.DataScopes;
import dev.closer.shared.time.SqlTime;

/**
 * Reading and tagging the weekly dual review (SPEC F7). A drawn item is visible to whoever may see the follow-up's
 * customer (owner, team, region, all) and to its assigned reviewers; anyone else gets 404. Only an assigned reviewer
 * tags their own slot (a visible item without a slot of mine: 403): REPRODUCIBLE (可复制动作) or RISK (风险动作) with
 * a required comment; a reviewer may change their tag later. Every tag is audited with before and after.
 */
@Component
class DualReviews {

	static final int COMMENT_MAX = 1000;

	static final List<String> TAGS = List.of("REPRODUCIBLE", "RISK");

	/** One review slot of an item. */
	record Slot(long id, String role, long reviewerId, String reviewerName, String tag, String comment, Instant taggedAt) {
	}

	/** A drawn follow-up with its reviews. */
	record Item(long id, long drawId, String week, long teamId, long activityId, long customerId, String subjectName,
			String channel, String templateCode, String input, String action, String output, String blocker,
			String nextStep, Instant occurredAt, long authorId, String authorName, List<Slot> slots) {

		public String link() {
			return "/activities/dual-review/items/" + id;
		}

		public Optional<Slot> slotOf(long userId) {
			return slots.stream().filter(s -> s.reviewerId() == userId).findFirst();
		}

		public boolean tagged() {
			return slots.stream().anyMatch(s -> s.tag() != null);
		}
	}

	/** A draw as the pages list it. */
	record Draw(long id, long teamId, String teamName, String week, java.time.LocalDate weekStart, long seed,
			int ruleVersion, int candidates, int sampleSize, String drawnIds, String trigger, Instant drawnAt,
			String drawnBy, long tagged, long slots) {
	}

	private final JdbcClient jdbc;

	private final DataScopes scopes;

	private final AuditLog audit;

	private final Clock clock;

	DualReviews(JdbcClient jdbc, DataScopes scopes, AuditLog audit, Clock clock) {
		this.jdbc = jdbc;
		this.scopes = scopes;
		this.audit = audit;
		this.clock = clock;
	}

	/** SQL: the item {@code i} is visible to the user (scope or an own slot), with its parameters. */
	static DataScope.SqlCondition visible(DataScope scope, long me) {
		DataScope.SqlCondition c = scope.predicate("i.owner_id", "i.team_id");
		Map<String, Object> params = new LinkedHashMap<>(c.params());
		params.put("me_reviewer", me);
		return new DataScope.SqlCondition("(" + c.sql()
				+ " or exists (select 1 from review_slot ms where ms.item_id = i.id and ms.reviewer_id = :me_reviewer))",
				params);
	}

	private static final String ITEM_SELECT = """
			select i.id, i.draw_id, d.iso_week, i.team_id, i.activity_id, i.customer_id, a.subject_name, a.channel,
			  i.template_code, a.input_text, a.action_text, a.output_text, a.blocker, a.next_step, a.occurred_at,
			  i.author_id, u.display_name as author_name
			from review_item i join review_draw d on d.id = i.draw_id join activity a on a.id = i.activity_id
			join app_user u on u.id = i.author_id""";

	/** My items still waiting for my tag, oldest week first. */
	@Transactional(readOnly = true)
	public List<Item> pending(CurrentUser me) {
		return withSlots(jdbc.sql(ITEM_SELECT + """
				 where exists (select 1 from review_slot s where s.item_id = i.id and s.reviewer_id = :me and s.tag is null)
				order by d.week_start, i.id limit 500""")
			.param("me", me.id()).query(DualReviews::item).list());
	}

	/** Draws I may see (my teams' draws, or draws with a slot of mine), newest week first; {@code week} filters. */
	@Transactional(readOnly = true)
	public List<Draw> draws(CurrentUser me, String week, int limit) {
		return draws(me, week, null, limit);
	}

	private List<Draw> draws(CurrentUser me, String week, Long id, int limit) {
		DataScope scope = scopes.of(me);
		DataScope.SqlCondition teams = scope.predicate("-1", "d.team_id");
		Map<String, Object> params = new LinkedHashMap<>(teams.params());
		params.put("me", me.id());
		String where = "(" + teams.sql() + " or exists (select 1 from review_item i join review_slot s on s.item_id = i.id"
				+ " where i.draw_id = d.id and s.reviewer_id = :me))";
		if (week != null && !week.isBlank()) {
			where += " and d.iso_week = :week";
			params.put("week", DualReviewSampler.IsoWeek.parse(week, "week").code());
		}
		if (id != null) {
			where += " and d.id = :id";
			params.put("id", id);
		}
		return jdbc.sql("""
				select d.*, t.name as team_name,
				  (select count(*) from review_slot s join review_item i on i.id = s.item_id where i.draw_id = d.id and s.tag is not null) as tagged,
				  (select count(*) from review_slot s join review_item i on i.id = s.item_id where i.draw_id = d.id) as slots
				from review_draw d join team t on t.id = d.team_id where """ + where
				+ " order by d.week_start desc, t.name, d.id limit :limit")
			.params(params).param("limit", limit)
			.query((rs, n) -> new Draw(rs.getLong("id"), rs.getLong("team_id"), rs.getString("team_name"),
					rs.getString("iso_week"), rs.getObject("week_start", java.time.LocalDate.class), rs.getLong("seed"),
					rs.getInt("rule_version"), rs.getInt("candidate_count"), rs.getInt("sample_size"),
					rs.getString("drawn_ids"), rs.getString("trigger_kind"), rs.getTimestamp("drawn_at").toInstant(),
					rs.getString("drawn_by"), rs.getLong("tagged"), rs.getLong("slots")))
			.list();
	}

	/** One draw with the items I may see; 404 when I may see none of it. */
	@Transactional(readOnly = true)
	public Map.Entry<Draw, List<Item>> draw(CurrentUser me, long drawId) {
		Draw draw = draws(me, null, drawId, 1).stream().findFirst()
			.orElseThrow(() -> new NotFoundException("review_draw", drawId));
		DataScope.SqlCondition visible = visible(scopes.of(me), me.id());
		List<Item> items = withSlots(jdbc.sql(ITEM_SELECT + " where i.draw_id = :d and " + visible.sql() + " order by i.activity_id")
			.params(visible.params()).param("d", drawId).query(DualReviews::item).list());
		return Map.entry(draw, items);
	}

	/** An item with both reviews; outside my scope and not mine to review: 404. */
	@Transactional(readOnly = true)
	public Item item(CurrentUser me, long itemId) {
		DataScope.SqlCondition visible = visible(scopes.of(me), me.id());
		return withSlots(jdbc.sql(ITEM_SELECT + " where i.id = :id and " + visible.sql()).params(visible.params())
			.param("id", itemId).query(DualReviews::item).list()).stream().findFirst()
			.orElseThrow(() -> new NotFoundException("review_item", itemId));
	}

	/** The assigned reviewer tags the item (REPRODUCIBLE or RISK, comment required); audited. */
	@Transactional
	public Item tag(CurrentUser me, long itemId, String tag, String comment) {
		Item item = item(me, itemId);
		Slot slot = item.slotOf(me.id())
			.orElseThrow(() -> new BusinessException(HttpStatus.FORBIDDEN, "error.dualReview.notReviewer"));
		String t = tag == null ? null : tag.strip().toUpperCase(Locale.ROOT);
		if (t == null || !TAGS.contains(t)) {
			throw BusinessException.invalidField("tag", "error.dualReview.tag", String.valueOf(tag));
		}
		String text = Fields.required("comment", comment, COMMENT_MAX);
		jdbc.sql("update review_slot set tag = :tag, review_comment = :c, tagged_at = :now where id = :id")
			.param("tag", t).param("c", text).param("now", SqlTime.of(Instant.now(clock))).param("id", slot.id()).update();
		Map<String, Object> before = new LinkedHashMap<>();
		before.put("tag", slot.tag());
		before.put("comment", slot.comment());
		Map<String, Object> after = new LinkedHashMap<>();
		after.put("tag", t);
		after.put("comment", text);
		after.put("role", slot.role());
		after.put("activityId", item.activityId());
		audit.record("review_item", itemId, "tag", slot.tag() == null ? null : before, after, null);
		return item(me, itemId);
	}

	List<Item> withSlots(List<Item> items) {
		if (items.isEmpty()) {
			return items;
		}
		Map<Long, List<Slot>> slots = new LinkedHashMap<>();
		jdbc.sql("""
				select s.*, u.display_name from review_slot s join app_user u on u.id = s.reviewer_id
				where s.item_id in (:ids) order by s.item_id, case s.reviewer_role when 'MANAGER' then 0 else 1 end""")
			.param("ids", items.stream().map(Item::id).toList())
			.query((rs, n) -> Map.entry(rs.getLong("item_id"), new Slot(rs.getLong("id"), rs.getString("reviewer_role"),
					rs.getLong("reviewer_id"), rs.getString("display_name"), rs.getString("tag"),
					rs.getString("review_comment"),
					rs.getTimestamp("tagged_at") == null ? null : rs.getTimestamp("tagged_at").toInstant())))
			.list().forEach(e -> slots.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
		return items.stream().map(i -> new Item(i.id(), i.drawId(), i.week(), i.teamId(), i.activityId(), i.customerId(),
				i.subjectName(), i.channel(), i.templateCode(), i.input(), i.action(), i.output(), i.blocker(), i.nextStep(),
				i.occurredAt(), i.authorId(), i.authorName(), slots.getOrDefault(i.id(), List.of()))).toList();
	}

	static Item item(ResultSet rs, int n) throws SQLException {
		return new Item(rs.getLong("id"), rs.getLong("draw_id"), rs.getString("iso_week"), rs.getLong("team_id"),
				rs.getLong("activity_id"), rs.getLong("customer_id"), rs.getString("subject_name"), rs.getString("channel"),
				rs.getString("template_code"), rs.getString("input_text"), rs.getString("action_text"),
				rs.getString("output_text"), rs.getString("blocker"), rs.getString("next_step"),
				rs.getTimestamp("occurred_at").toInstant(), rs.getLong("author_id"), rs.getString("author_name"), List.of());
	}
}
