package dev.closer.shared.audit;

import dev.closer.shared.time.SqlTime;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import dev.closer.shared.security.CurrentUser;
import dev.closer.shared.web.PageResult;
import tools.jackson.databind.json.JsonMapper;

/**
 * The audit log (SPEC P3). {@link #record} joins the caller's transaction, so the audit line and
 * the change commit or roll back together. There is no update or delete: the log is append-only.
 */
@Service
public class AuditLog {

	private final JdbcClient jdbc;

	private final Clock clock;

	private final JsonMapper json;

	private final org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate named;

	AuditLog(JdbcClient jdbc, Clock clock, JsonMapper json,
			org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate named) {
		this.named = named;
		this.jdbc = jdbc;
		this.clock = clock;
		this.json = json;
	}

	/**
	 * Records a change made by the current user (or "system" when none).
	 * @param before the state before (any JSON-serialisable value, or null for a creation)
	 * @param after the state after (or null for a removal)
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void record(String entityType, Object entityId, String action, Object before, Object after, String reason) {
		Optional<CurrentUser> actor = CurrentUser.current();
		jdbc.sql("""
				insert into audit_log (occurred_at, actor_id, actor_name, entity_type, entity_id, action,
				                       before_value, after_value, reason)
				values (:at, :actorId, :actorName, :type, :id, :action, :before, :after, :reason)""")
			.param("at", SqlTime.of(Instant.now(clock)))
			.param("actorId", actor.map(CurrentUser::id).orElse(null))
			.param("actorName", actor.map(CurrentUser::username).orElse("system"))
			.param("type", entityType)
			.param("id", String.valueOf(entityId))
			.param("action", action)
			.param("before", toJson(before))
			.param("after", toJson(after))
			.param("reason", reason)
			.update();
	}

	/** One change made by a named actor (null: "system"), for {@link #recordAll}. */
	public record Entry(CurrentUser actor, String entityType, Object entityId, String action, Object before,
			Object after, String reason) {
	}

	/** Records many changes in one batch; each entry names its own actor (work done for several users at once). */
	@Transactional(propagation = Propagation.MANDATORY)
	public void recordAll(List<Entry> entries) {
		if (entries.isEmpty()) {
			return;
		}
		var at = SqlTime.of(Instant.now(clock));
		named.batchUpdate("""
				insert into audit_log (occurred_at, actor_id, actor_name, entity_type, entity_id, action,
				                       before_value, after_value, reason)
				values (:at, :actorId, :actorName, :type, :id, :action, :before, :after, :reason)""", entries.stream()
			.map(e -> new org.springframework.jdbc.core.namedparam.MapSqlParameterSource()
				.addValue("at", at)
				.addValue("actorId", e.actor() == null ? null : e.actor().id())
				.addValue("actorName", e.actor() == null ? "system" : e.actor().username())
				.addValue("type", e.entityType())
				.addValue("id", String.valueOf(e.entityId()))
				.addValue("action", e.action())
				.addValue("before", toJson(e.before()))
				.addValue("after", toJson(e.after()))
				.addValue("reason", e.reason()))
			.toArray(org.springframework.jdbc.core.namedparam.SqlParameterSource[]::new));
	}

	/** Searches the log; every criterion is optional. Newest first. */
	@Transactional(readOnly = true)
	public PageResult<AuditEntry> search(AuditQuery query, int page, int size) {
		List<String> where = new ArrayList<>();
		var params = new java.util.HashMap<String, Object>();
		if (has(query.entityType())) {
			where.add("entity_type = :type");
			params.put("type", query.entityType());
		}
		if (has(query.entityId())) {
			where.add("entity_id = :eid");
			params.put("eid", query.entityId());
		}
		if (has(query.actor())) {
			where.add("lower(actor_name) = lower(:actor)");
			params.put("actor", query.actor());
		}
		if (has(query.action())) {
			where.add("action = :action");
			params.put("action", query.action());
		}
		if (has(query.text())) {
			where.add("(lower(before_value) like :text or lower(after_value) like :text or lower(reason) like :text)");
			params.put("text", "%" + query.text().toLowerCase().replace("%", "\\%").replace("_", "\\_") + "%");
		}
		if (query.from() != null) {
			where.add("occurred_at >= :from");
			params.put("from", SqlTime.of(query.from()));
		}
		if (query.to() != null) {
			where.add("occurred_at < :to");
			params.put("to", SqlTime.of(query.to()));
		}
		String filter = where.isEmpty() ? "" : " where " + String.join(" and ", where);
		long total = jdbc.sql("select count(*) from audit_log" + filter).params(params).query(Long.class).single();
		List<AuditEntry> items = jdbc
			.sql("select * from audit_log" + filter + " order by occurred_at desc, id desc limit :limit offset :offset")
			.params(params)
			.param("limit", size)
			.param("offset", (long) page * size)
			.query((rs, n) -> new AuditEntry(rs.getLong("id"), rs.getTimestamp("occurred_at").toInstant(),
					(Long) rs.getObject("actor_id", Long.class), rs.getString("actor_name"), rs.getString("entity_type"),
					rs.getString("entity_id"), rs.getString("action"), rs.getString("before_value"),
					rs.getString("after_value"), rs.getString("reason")))
			.list();
		return new PageResult<>(items, page, size, total);
	}

	private static boolean has(String s) {
		return s != null && !s.isBlank();
	}

	private String toJson(Object value) {
		if (value == null) {
			return null;
		}
		if (value instanceof String s) {
			return s;
		}
		return json.writeValueAsString(value);
	}

	/** Audit search criteria; nulls are ignored. */
	public record AuditQuery(String entityType, String entityId, String actor, String action, String text,
			Instant from, Instant to) {
	}
}
