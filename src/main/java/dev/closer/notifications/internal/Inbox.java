package dev.closer.notifications.internal;

import static dev.closer.notifications.internal.Deliveries.instant;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import dev.closer.notifications.Notification;
import dev.closer.shared.time.SqlTime;
import dev.closer.shared.problem.NotFoundException;
import dev.closer.shared.web.PageResult;

/**
 * The in-app inbox. Every read and write is scoped to one recipient in the SQL itself: a user can
 * neither see nor mark another user's notification (it answers 404 as if it did not exist).
 */
@Repository
class Inbox {

	private final JdbcClient jdbc;

	private final org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate named;

	private final Clock clock;

	Inbox(JdbcClient jdbc, org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate named, Clock clock) {
		this.jdbc = jdbc;
		this.named = named;
		this.clock = clock;
	}

	/** One inbox entry. */
	record InboxItem(long id, String category, String title, String body, String link, Instant createdAt,
			Instant readAt) {

		public boolean read() {
			return readAt != null;
		}
	}

	/** Many inbox entries in one batch (for notifications that go nowhere else, so need no id back). */
	void insertAll(java.util.List<Notification> notifications, Instant now) {
		if (notifications.isEmpty()) {
			return;
		}
		named.batchUpdate("""
				insert into notification (recipient_id, category, title, body, link, created_at, popup)
				values (:rid, :category, :title, :body, :link, :now, :popup)""", notifications.stream()
			.map(n -> new org.springframework.jdbc.core.namedparam.MapSqlParameterSource()
				.addValue("popup", n.channels().contains(dev.closer.notifications.Channel.POPUP))
				.addValue("rid", n.recipientId())
				.addValue("category", n.category())
				.addValue("title", n.title())
				.addValue("body", n.body())
				.addValue("link", n.link())
				.addValue("now", SqlTime.of(now)))
			.toArray(org.springframework.jdbc.core.namedparam.SqlParameterSource[]::new));
	}

	long insert(Notification n, boolean popup, Instant now) {
		var keys = new GeneratedKeyHolder();
		jdbc.sql("""
				insert into notification (recipient_id, category, title, body, link, created_at, popup)
				values (:rid, :category, :title, :body, :link, :now, :popup)""")
			.param("popup", popup)
			.param("rid", n.recipientId())
			.param("category", n.category())
			.param("title", n.title())
			.param("body", n.body())
			.param("link", n.link())
			.param("now", SqlTime.of(now))
			.update(keys, "id");
		return keys.getKeyAs(Long.class);
	}

	/** The recipient's notifications, newest first; only unread ones when {@code unreadOnly}. */
	@Transactional(readOnly = true)
	PageResult<InboxItem> page(long recipientId, boolean unreadOnly, int page, int size) {
		String filter = " where recipient_id = :rid" + (unreadOnly ? " and read_at is null" : "");
		long total = jdbc.sql("select count(*) from notification" + filter).param("rid", recipientId)
			.query(Long.class).single();
		List<InboxItem> items = jdbc
			.sql("select * from notification" + filter + " order by created_at desc, id desc limit :limit offset :offset")
			.param("rid", recipientId)
			.param("limit", size)
			.param("offset", (long) page * size)
			.query(Inbox::row)
			.list();
		return new PageResult<>(items, page, size, total);
	}

	@Transactional(readOnly = true)
	List<InboxItem> newestUnread(long recipientId, int limit) {
		return jdbc.sql("""
				select * from notification where recipient_id = :rid and read_at is null
				order by created_at desc, id desc limit :limit""")
			.param("rid", recipientId).param("limit", limit).query(Inbox::row).list();
	}

	/** Unread pop-ups of the recipient, newest first (SPEC S1). */
	@Transactional(readOnly = true)
	List<InboxItem> popups(long recipientId, int limit) {
		return jdbc.sql("""
				select * from notification where recipient_id = :rid and read_at is null and popup = true
				order by created_at desc, id desc limit :limit""")
			.param("rid", recipientId).param("limit", limit).query(Inbox::row).list();
	}

	@Transactional(readOnly = true)
	long unreadCount(long recipientId) {
		return jdbc.sql("select count(*) from notification where recipient_id = :rid and read_at is null")
			.param("rid", recipientId).query(Long.class).single();
	}

	/** The recipient's notification; 404 for anyone else's. */
	@Transactional(readOnly = true)
	InboxItem get(long recipientId, long id) {
		return jdbc.sql("select * from notification where id = :id and recipient_id = :rid")
			.param("id", id).param("rid", recipientId).query(Inbox::row).optional()
			.orElseThrow(() -> new NotFoundException("notification", id));
	}

	/** Marks one of the recipient's notifications read (again is harmless); 404 for anyone else's. */
	@Transactional
	void markRead(long recipientId, long id) {
		int n = jdbc.sql("update notification set read_at = :now where id = :id and recipient_id = :rid and read_at is null")
			.param("now", SqlTime.of(clock.instant())).param("id", id).param("rid", recipientId).update();
		if (n == 0) {
			get(recipientId, id);
		}
	}

	/** Marks all the recipient's notifications read; returns how many were unread. */
	@Transactional
	int markAllRead(long recipientId) {
		return jdbc.sql("update notification set read_at = :now where recipient_id = :rid and read_at is null")
			.param("now", SqlTime.of(clock.instant())).param("rid", recipientId).update();
	}

	@Transactional(readOnly = true)
	boolean isEmpty() {
		return jdbc.sql("select count(*) from notification").query(Long.class).single() == 0;
	}

	private static InboxItem row(ResultSet rs, int n) throws SQLException {
		return new InboxItem(rs.getLong("id"), rs.getString("category"), rs.getString("title"), rs.getString("body"),
				rs.getString("link"), instant(rs, "created_at"), instant(rs, "read_at"));
	}
}
