package dev.closer.activities.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import dev.closer.identity.UserDirectory;
import dev.closer.identity.UserSummary;
import dev.closer.notifications.Notification;
import dev.closer.notifications.Notifications;
import dev.closer.shared.time.SqlTime;

/**
 * The repeated-topic alarm (SPEC F6). Counts the raisings of each dictionary topic BY THE CUSTOMER (a follow-up's
 * input or output counts once per topic, a customer-side transcript segment once per topic); when one topic
 * reaches the quality rule's {@code repeatAlarmAt} (3) and the blocker of the customer's latest follow-up is empty,
 * the managers of the customer's team are alerted (inbox and e-mail) once per (customer, topic), recorded with the
 * dictionary and rule versions. A follow-up that records a blocker clears the customer's open alarms. Runs in the
 * caller's transaction.
 */
@Component
class TopicAlarms {

	static final String CATEGORY = "activity.repeatedTopic";

	/** An alarm as shown on the customer page. */
	record Alarm(long id, long customerId, String topic, String topicLabel, int mentions, int dictionaryVersion,
			int ruleVersion, Instant raisedAt, int notified, Instant clearedAt) {

		@com.fasterxml.jackson.annotation.JsonProperty("open")
		public boolean open() {
			return clearedAt == null;
		}
	}

	/** The customer as the alarm needs it. */
	record Subject(long customerId, String name, Long ownerId, long teamId) {
	}

	private final JdbcClient jdbc;

	private final Notifications notifications;

	private final UserDirectory users;

	private final ActivityRules rules;

	private final TransactionTemplate savepoint;

	TopicAlarms(JdbcClient jdbc, Notifications notifications, UserDirectory users, ActivityRules rules,
			PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		this.notifications = notifications;
		this.users = users;
		this.rules = rules;
		this.savepoint = new TransactionTemplate(transactions);
		this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
	}

	/** Re-evaluates the customer's alarms after a follow-up or a transcript ({@code activityId} null for a transcript). */
	void check(Subject customer, Long activityId, ActivityRules.Version<KeywordDictionary> dictionary,
			ActivityRules.Version<QualityRule> rule, Instant now) {
		List<String> blockers = jdbc.sql("""
				select blocker from activity where customer_id = :c order by occurred_at desc, id desc limit 1""")
			.param("c", customer.customerId()).query(String.class).list();
		String blocker = blockers.isEmpty() ? null : blockers.get(0);
		if (blocker != null && !blocker.isBlank()) {
			jdbc.sql("""
					update topic_alarm set cleared_at = :now, cleared_by_activity = :a
					where customer_id = :c and cleared_at is null""")
				.param("now", SqlTime.of(now)).param("a", activityId).param("c", customer.customerId()).update();
			return;
		}
		int threshold = rule.definition().repeatAlarmAt();
		Map<String, Integer> counts = new java.util.LinkedHashMap<>();
		jdbc.sql("""
				select topic, count(*) as n from topic_mention where customer_id = :c and customer_side = true
				group by topic having count(*) >= :n order by topic""")
			.param("c", customer.customerId()).param("n", threshold)
			.query((rs, n) -> counts.put(rs.getString("topic"), rs.getInt("n"))).list();
		if (counts.isEmpty()) {
			return;
		}
		List<String> raised = jdbc.sql("select topic from topic_alarm where customer_id = :c")
			.param("c", customer.customerId()).query(String.class).list();
		for (Map.Entry<String, Integer> e : counts.entrySet()) {
			if (raised.contains(e.getKey())) {
				continue; // once per (customer, topic)
			}
			raise(customer, e.getKey(), e.getValue(), dictionary, rule, now);
		}
	}

	private void raise(Subject customer, String topic, int mentions, ActivityRules.Version<KeywordDictionary> dictionary,
			ActivityRules.Version<QualityRule> rule, Instant now) {
		List<UserSummary> managers = users.managersOf(customer.teamId());
		try {
			savepoint.executeWithoutResult(s -> jdbc.sql("""
					insert into topic_alarm (customer_id, topic, mentions, dictionary_version, rule_version, raised_at,
					  notified, team_id, owner_id)
					values (:c, :t, :m, :dv, :rv, :now, :notified, :team, :owner)""")
				.param("c", customer.customerId()).param("t", topic).param("m", mentions)
				.param("dv", dictionary.version()).param("rv", rule.version()).param("now", SqlTime.of(now))
				.param("notified", managers.size()).param("team", customer.teamId()).param("owner", customer.ownerId())
				.update());
		}
		catch (DuplicateKeyException raced) {
			return; // raised concurrently
		}
		Map<String, String> zh = dictionary.definition().labels(Locale.SIMPLIFIED_CHINESE);
		Map<String, String> en = dictionary.definition().labels(Locale.ENGLISH);
		String title = "客户反复问「" + zh.getOrDefault(topic, topic) + "」/ Customer keeps asking about "
				+ en.getOrDefault(topic, topic);
		String body = customer.name() + "：客户已 " + mentions + " 次提到「" + zh.getOrDefault(topic, topic)
				+ "」，最近一次跟进的阻碍为空。\n" + customer.name() + ": the customer raised " + en.getOrDefault(topic, topic)
				+ " " + mentions + " times and the latest follow-up records no blocker.";
		List<Notification> notices = new ArrayList<>();
		for (UserSummary m : managers) {
			notices.add(Notification.inboxAndEmail(m.id(), CATEGORY, title, body, "/customers/" + customer.customerId()));
		}
		if (!notices.isEmpty()) {
			notifications.sendAll(notices);
		}
	}

	/** A topic spotted in a follow-up ({@code activityId}) or a transcript segment ({@code transcriptId}, {@code seq}). */
	record Mention(long customerId, String topic, String term, Long transcriptId, Integer seq, Long atMs, Long activityId,
			String speaker, boolean customerSide, String snippet, Instant occurredAt, int dictionaryVersion) {
	}

	void mention(Mention m) {
		jdbc.sql("""
				insert into topic_mention (customer_id, topic, term, transcript_id, seq, at_ms, activity_id, speaker,
				  customer_side, snippet, occurred_at, dictionary_version)
				values (:c, :t, :term, :tr, :seq, :at, :a, :sp, :side, :snip, :occ, :dv)""")
			.param("c", m.customerId()).param("t", m.topic()).param("term", cut(m.term(), 100))
			.param("tr", m.transcriptId()).param("seq", m.seq()).param("at", m.atMs()).param("a", m.activityId())
			.param("sp", m.speaker()).param("side", m.customerSide()).param("snip", cut(m.snippet(), 300))
			.param("occ", SqlTime.of(m.occurredAt())).param("dv", m.dictionaryVersion())
			.update();
	}

	/** Up to {@code around} characters either side of [start, end), with ellipses where cut. */
	static String snippet(String text, int start, int end, int around) {
		int from = Math.max(0, start - around);
		int to = Math.min(text.length(), end + around);
		return (from > 0 ? "…" : "") + text.substring(from, to).replaceAll("\\s+", " ").strip()
				+ (to < text.length() ? "…" : "");
	}

	private static String cut(String s, int max) {
		return s == null || s.length() <= max ? s : s.substring(0, max);
	}

	/** The customer's alarms, newest first (the caller has checked the scope). */
	List<Alarm> of(long customerId, Locale locale) {
		Map<String, String> labels = rules.keywords().definition().labels(locale);
		return jdbc.sql("select * from topic_alarm where customer_id = :c order by raised_at desc, id desc")
			.param("c", customerId)
			.query((rs, n) -> new Alarm(rs.getLong("id"), rs.getLong("customer_id"), rs.getString("topic"),
					labels.getOrDefault(rs.getString("topic"), rs.getString("topic")), rs.getInt("mentions"),
					rs.getInt("dictionary_version"), rs.getInt("rule_version"),
					rs.getTimestamp("raised_at").toInstant(), rs.getInt("notified"),
					rs.getTimestamp("cleared_at") == null ? null : rs.getTimestamp("cleared_at").toInstant()))
			.list();
	}
}
