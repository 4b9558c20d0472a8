package dev.closer.activities.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

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
import dev.closer.shared.web.PageResult;

/**
 * The manager review queue (SPEC F5): follow-ups that scored below the rule's review bar, for managerial roles,
 * scoped to their teams (a manager their team, a director the region, an admin all). Filter by rep, score and
 * status (PENDING, REVIEWED, ALL); a manager marks one reviewed with a comment (audited). Anyone else: 403.
 */
@Component
class ReviewQueue {

	static final int COMMENT_MAX = 1000;

	/** A queued follow-up. */
	record Item(long activityId, Long customerId, Long leadId, String subjectName, String channel, String action,
			Instant occurredAt, long actorId, String actorName, int score, String light, String status,
			String reviewedBy, Instant reviewedAt, String comment) {

		public String link() {
			return customerId != null ? "/customers/" + customerId + "#activity-" + activityId
					: "/leads/" + leadId + "#activity-" + activityId;
		}
	}

	/** A filter of the queue; null fields do not filter. */
	record Filter(Long repId, Integer score, String status) {

		static Filter of(Long repId, Integer score, String status) {
			String s = status == null || status.isBlank() ? "PENDING" : status.strip().toUpperCase(Locale.ROOT);
			if (!List.of("PENDING", "REVIEWED", "ALL").contains(s)) {
				throw BusinessException.invalidField("status", "error.review.status", status);
			}
			if (score != null && (score < 1 || score > 5)) {
				throw BusinessException.invalidField("score", "error.quality.between", 1, 5);
			}
			return new Filter(repId, score, s);
		}
	}

	record Rep(long id, String name) {
	}

	private static final String FROM = """
			from activity_quality q join activity a on a.id = q.activity_id
			join app_user u on u.id = q.actor_id left join app_user r on r.id = q.reviewed_by
			where q.review_status is not null""";

	private final JdbcClient jdbc;

	private final DataScopes scopes;

	private final AuditLog audit;

	private final Clock clock;

	ReviewQueue(JdbcClient jdbc, DataScopes scopes, AuditLog audit, Clock clock) {
		this.jdbc = jdbc;
		this.scopes = scopes;
		this.audit = audit;
		this.clock = clock;
	}

	static void requireManagerial(CurrentUser me) {
		if (!me.isManagerial()) {
			throw new BusinessException(HttpStatus.FORBIDDEN, "error.forbidden");
		}
	}

	@Transactional(readOnly = true)
	public PageResult<Item> list(CurrentUser me, Filter filter, int page, int size) {
		requireManagerial(me);
		Map<String, Object> params = new LinkedHashMap<>();
		String where = where(me, filter, params);
		long total = jdbc.sql("select count(*) " + FROM + where).params(params).query(Long.class).single();
		List<Item> items = jdbc.sql(select() + where + " order by a.occurred_at desc, a.id desc limit :n offset :o")
			.params(params).param("n", size).param("o", (long) page * size).query(this::row).list();
		return new PageResult<>(items, page, size, total);
	}

	/** Every item of the filter, for the export. */
	@Transactional(readOnly = true)
	public void each(CurrentUser me, Filter filter, Consumer<Item> sink) {
		requireManagerial(me);
		Map<String, Object> params = new LinkedHashMap<>();
		String where = where(me, filter, params);
		jdbc.sql(select() + where + " order by a.occurred_at desc, a.id desc limit 100000").params(params)
			.query(this::row).list().forEach(sink);
	}

	/** How many follow-ups wait for my review (0 for non-managerial users). */
	@Transactional(readOnly = true)
	public long pending(CurrentUser me) {
		if (!me.isManagerial()) {
			return 0;
		}
		Map<String, Object> params = new LinkedHashMap<>();
		String where = where(me, new Filter(null, null, "PENDING"), params);
		return jdbc.sql("select count(*) " + FROM + where).params(params).query(Long.class).single();
	}

	/** The reps who have follow-ups in my queue. */
	@Transactional(readOnly = true)
	public List<Rep> reps(CurrentUser me) {
		requireManagerial(me);
		Map<String, Object> params = new LinkedHashMap<>();
		String where = where(me, new Filter(null, null, "ALL"), params);
		return jdbc.sql("select distinct u.id, u.display_name " + FROM + where + " order by u.display_name").params(params)
			.query((rs, n) -> new Rep(rs.getLong(1), rs.getString(2))).list();
	}

	/** Marks a queued follow-up reviewed, with an optional comment; audited. Out of scope or not queued: 404. */
	@Transactional
	public Item review(CurrentUser me, long activityId, String comment) {
		requireManagerial(me);
		String text = Fields.optional("comment", comment, COMMENT_MAX);
		Map<String, Object> params = new LinkedHashMap<>();
		String where = where(me, new Filter(null, null, "ALL"), params) + " and q.activity_id = :id";
		Item item = jdbc.sql(select() + where).params(params).param("id", activityId).query(this::row).optional()
			.orElseThrow(() -> new NotFoundException("review", activityId));
		if ("REVIEWED".equals(item.status())) {
			throw BusinessException.conflict("error.review.done");
		}
		jdbc.sql("""
				update activity_quality set review_status = 'REVIEWED', reviewed_by = :me, reviewed_at = :now,
				  review_comment = :c where activity_id = :id and review_status = 'PENDING'""")
			.param("me", me.id()).param("now", SqlTime.of(Instant.now(clock))).param("c", text).param("id", activityId)
			.update();
		audit.record("activity_quality", activityId, "review", Map.of("status", "PENDING", "score", item.score()),
				text == null ? Map.of("status", "REVIEWED") : Map.of("status", "REVIEWED", "comment", text), text);
		return jdbc.sql(select() + " and q.activity_id = :id").param("id", activityId).query(this::row).single();
	}

	private static String select() {
		return """
				select q.activity_id, q.score, q.review_status, q.reviewed_at, q.review_comment, q.actor_id,
				  a.customer_id, a.lead_id, a.subject_name, a.channel, a.action_text, a.occurred_at,
				  u.display_name as actor_name, r.display_name as reviewer
				""" + FROM;
	}

	private String where(CurrentUser me, Filter filter, Map<String, Object> params) {
		DataScope.SqlCondition scope = scopes.of(me).predicate("q.owner_id", "q.team_id");
		params.putAll(scope.params());
		List<String> and = new ArrayList<>();
		and.add(scope.sql());
		if (!"ALL".equals(filter.status())) {
			and.add("q.review_status = :status");
			params.put("status", filter.status());
		}
		if (filter.repId() != null) {
			and.add("q.actor_id = :rep");
			params.put("rep", filter.repId());
		}
		if (filter.score() != null) {
			and.add("q.score = :score");
			params.put("score", filter.score());
		}
		return " and " + String.join(" and ", and);
	}

	private Item row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
		int score = rs.getInt("score");
		String action = rs.getString("action_text");
		return new Item(rs.getLong("activity_id"), rs.getObject("customer_id", Long.class),
				rs.getObject("lead_id", Long.class), rs.getString("subject_name"), rs.getString("channel"),
				action.length() > 120 ? action.substring(0, 119) + "…" : action,
				rs.getTimestamp("occurred_at").toInstant(), rs.getLong("actor_id"), rs.getString("actor_name"), score,
				FollowUpQuality.light(score), rs.getString("review_status"), rs.getString("reviewer"),
				rs.getTimestamp("reviewed_at") == null ? null : rs.getTimestamp("reviewed_at").toInstant(),
				rs.getString("review_comment"));
	}
}
