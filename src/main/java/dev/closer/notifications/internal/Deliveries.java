package dev.closer.notifications.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

import dev.closer.notifications.Channel;
import dev.closer.notifications.Notification;
import dev.closer.shared.time.SqlTime;
import dev.closer.shared.web.PageResult;

/**
 * The outbox table {@code notification_delivery}. Inserts join the caller's transaction; the claim and
 * outcome updates are single conditional statements meant to run without a surrounding transaction, so
 * that no transaction is open while a channel is being called.
 */
@Repository
class Deliveries {

	static final int MAX_ERROR = 1000;

	private final JdbcClient jdbc;

	Deliveries(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** One outbox row, as the dispatcher and the admin page see it. */
	record Delivery(long id, Long notificationId, Long recipientId, String category, Channel channel, String target,
			String subject, String body, String link, DeliveryStatus status, int attempts, Instant nextAttemptAt,
			Instant lockedUntil, String lastError, Instant createdAt, Instant sentAt) {
	}

	long insert(Long notificationId, Notification n, Channel channel, String target, DeliveryStatus status,
			String reason, Instant now) {
		var keys = new GeneratedKeyHolder();
		jdbc.sql("""
				insert into notification_delivery (notification_id, recipient_id, category, channel, target, subject,
				       body, link, status, attempts, next_attempt_at, last_error, created_at)
				values (:nid, :rid, :category, :channel, :target, :subject, :body, :link, :status, 0, :now, :reason, :now)""")
			.param("nid", notificationId)
			.param("rid", n.recipientId())
			.param("category", n.category())
			.param("channel", channel.name())
			.param("target", target)
			.param("subject", n.title())
			.param("body", n.body())
			.param("link", n.link())
			.param("status", status.name())
			.param("reason", reason)
			.param("now", SqlTime.of(now))
			.update(keys, "id");
		return keys.getKeyAs(Long.class);
	}

	/** Ids of deliveries that are due now or whose claim has expired, oldest due first. */
	List<Long> dueIds(Instant now, int limit) {
		return jdbc.sql("""
				select id from notification_delivery
				where (status = 'PENDING' and next_attempt_at <= :now) or (status = 'SENDING' and locked_until < :now)
				order by next_attempt_at, id limit :limit""")
			.param("now", SqlTime.of(now))
			.param("limit", limit)
			.query(Long.class)
			.list();
	}

	/**
	 * Claims a due delivery for one dispatcher. The condition repeats the due test, so of several dispatchers
	 * racing for the same row exactly one updates it; the others see 0 rows and leave it alone.
	 */
	boolean claim(long id, String token, Instant now, Instant lockedUntil) {
		return jdbc.sql("""
				update notification_delivery set status = 'SENDING', locked_until = :until, claimed_by = :token
				where id = :id
				  and ((status = 'PENDING' and next_attempt_at <= :now) or (status = 'SENDING' and locked_until < :now))""")
			.param("until", SqlTime.of(lockedUntil))
			.param("token", token)
			.param("id", id)
			.param("now", SqlTime.of(now))
			.update() == 1;
	}

	Optional<Delivery> find(long id) {
		return jdbc.sql("select * from notification_delivery where id = :id").param("id", id).query(Deliveries::row).optional();
	}

	/** Records success; only the holder of the claim may (false if the claim was lost meanwhile). */
	boolean markSent(long id, String token, Instant now) {
		return jdbc.sql("""
				update notification_delivery
				set status = 'SENT', attempts = attempts + 1, sent_at = :now, last_error = null,
				    locked_until = null, claimed_by = null
				where id = :id and status = 'SENDING' and claimed_by = :token""")
			.param("now", SqlTime.of(now)).param("id", id).param("token", token).update() == 1;
	}

	/** Records a failed attempt: back to PENDING at {@code next}, or FAILED when {@code giveUp}. */
	boolean markFailed(long id, String token, boolean giveUp, Instant next, String error) {
		return jdbc.sql("""
				update notification_delivery
				set status = :status, attempts = attempts + 1, next_attempt_at = :next, last_error = :error,
				    locked_until = null, claimed_by = null
				where id = :id and status = 'SENDING' and claimed_by = :token""")
			.param("status", (giveUp ? DeliveryStatus.FAILED : DeliveryStatus.PENDING).name())
			.param("next", SqlTime.of(next))
			.param("error", truncate(error))
			.param("id", id)
			.param("token", token)
			.update() == 1;
	}

	/** The destination went away (webhook deleted or disabled) before the delivery was sent. */
	boolean markSkipped(long id, String token, String reason) {
		return jdbc.sql("""
				update notification_delivery
				set status = 'SKIPPED', last_error = :reason, locked_until = null, claimed_by = null
				where id = :id and status = 'SENDING' and claimed_by = :token""")
			.param("reason", truncate(reason)).param("id", id).param("token", token).update() == 1;
	}

	/** Makes a FAILED delivery due now, for one more attempt. False if it is not FAILED. */
	boolean retry(long id, Instant now) {
		return jdbc.sql("""
				update notification_delivery set status = 'PENDING', next_attempt_at = :now
				where id = :id and status = 'FAILED'""")
			.param("now", SqlTime.of(now)).param("id", id).update() == 1;
	}

	/** Newest first; null filters are ignored. */
	PageResult<Delivery> search(DeliveryStatus status, Channel channel, int page, int size) {
		List<String> where = new ArrayList<>();
		Map<String, Object> params = new HashMap<>();
		if (status != null) {
			where.add("status = :status");
			params.put("status", status.name());
		}
		if (channel != null) {
			where.add("channel = :channel");
			params.put("channel", channel.name());
		}
		String filter = where.isEmpty() ? "" : " where " + String.join(" and ", where);
		long total = jdbc.sql("select count(*) from notification_delivery" + filter).params(params).query(Long.class).single();
		List<Delivery> items = jdbc
			.sql("select * from notification_delivery" + filter + " order by created_at desc, id desc limit :limit offset :offset")
			.params(params)
			.param("limit", size)
			.param("offset", (long) page * size)
			.query(Deliveries::row)
			.list();
		return new PageResult<>(items, page, size, total);
	}

	static Instant instant(ResultSet rs, String column) throws SQLException {
		Timestamp ts = rs.getTimestamp(column);
		return ts == null ? null : ts.toInstant();
	}

	static String truncate(String error) {
		if (error == null) {
			return null;
		}
		return error.length() <= MAX_ERROR ? error : error.substring(0, MAX_ERROR) + "…";
	}

	private static Delivery row(ResultSet rs, int n) throws SQLException {
		return new Delivery(rs.getLong("id"), rs.getObject("notification_id", Long.class),
				rs.getObject("recipient_id", Long.class), rs.getString("category"), Channel.valueOf(rs.getString("channel")),
				rs.getString("target"), rs.getString("subject"), rs.getString("body"), rs.getString("link"),
				DeliveryStatus.valueOf(rs.getString("status")), rs.getInt("attempts"), instant(rs, "next_attempt_at"),
				instant(rs, "locked_until"), rs.getString("last_error"), instant(rs, "created_at"), instant(rs, "sent_at"));
	}
}
