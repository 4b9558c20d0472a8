package dev.closer.activities.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Read side of transcripts (SPEC F4): a transcript with its timestamped summary per topic (the stored mentions)
 * and, on its own page, its segments. Callers check the customer's scope first.
 */
@Component
class TranscriptQueries {

	/** One spotted topic occurrence: where in the call, who said it, the term and a snippet. */
	record SummaryHit(int seq, long atMs, String at, String speaker, boolean customerSide, String term, String snippet) {
	}

	/** A topic of the summary with its hits in call order; {@code customerCount} counts the customer's side only. */
	record TopicSummary(String topic, String label, int count, int customerCount, List<SummaryHit> hits) {
	}

	/** A segment as read, with the topics spotted in it. */
	record SegmentView(int seq, long startMs, String start, Long endMs, String speaker, boolean customerSide,
			boolean question, String text, List<String> topics) {
	}

	record TranscriptView(long id, long customerId, Long contactId, String source, String callId, Instant occurredAt,
			long durationMs, String duration, int segmentCount, int dictionaryVersion, Instant createdAt,
			String actorName, int questions, List<TopicSummary> summary) {
	}

	private final JdbcClient jdbc;

	private final ActivityRules rules;

	TranscriptQueries(JdbcClient jdbc, ActivityRules rules) {
		this.jdbc = jdbc;
		this.rules = rules;
	}

	Optional<TranscriptView> find(long id, Locale locale) {
		return jdbc.sql("""
				select t.*, u.display_name as actor_name,
				  (select count(*) from transcript_segment s where s.transcript_id = t.id and s.question = true) as questions
				from transcript t join app_user u on u.id = t.actor_id where t.id = :id""")
			.param("id", id).query((rs, n) -> row(rs, locale)).optional();
	}

	/** The customer's transcripts, newest first. */
	List<TranscriptView> of(long customerId, int limit, Locale locale) {
		return jdbc.sql("""
				select t.*, u.display_name as actor_name,
				  (select count(*) from transcript_segment s where s.transcript_id = t.id and s.question = true) as questions
				from transcript t join app_user u on u.id = t.actor_id where t.customer_id = :c
				order by t.occurred_at desc, t.id desc limit :n""")
			.param("c", customerId).param("n", limit).query((rs, n) -> row(rs, locale)).list();
	}

	List<SegmentView> segments(long transcriptId) {
		Map<Integer, List<String>> topics = new LinkedHashMap<>();
		jdbc.sql("select seq, topic from topic_mention where transcript_id = :t order by seq, id").param("t", transcriptId)
			.query((rs, n) -> topics.computeIfAbsent(rs.getInt("seq"), k -> new ArrayList<>()).add(rs.getString("topic")))
			.list();
		return jdbc.sql("select * from transcript_segment where transcript_id = :t order by seq").param("t", transcriptId)
			.query((rs, n) -> new SegmentView(rs.getInt("seq"), rs.getLong("start_ms"),
					TranscriptRequest.clock(rs.getLong("start_ms")), rs.getObject("end_ms", Long.class),
					rs.getString("speaker"), rs.getBoolean("customer_side"), rs.getBoolean("question"),
					rs.getString("text_content"), topics.getOrDefault(rs.getInt("seq"), List.of())))
			.list();
	}

	private TranscriptView row(java.sql.ResultSet rs, Locale locale) throws java.sql.SQLException {
		long id = rs.getLong("id");
		int dictionaryVersion = rs.getInt("dictionary_version");
		Map<String, String> labels = rules.byVersion(ActivityRules.KEYWORDS, dictionaryVersion)
			.map(v -> ((KeywordDictionary) v.definition()).labels(locale)).orElse(Map.of());
		Map<String, List<SummaryHit>> byTopic = new LinkedHashMap<>();
		jdbc.sql("select * from topic_mention where transcript_id = :t order by at_ms, seq, id").param("t", id)
			.query((r, n) -> byTopic.computeIfAbsent(r.getString("topic"), k -> new ArrayList<>())
				.add(new SummaryHit(r.getInt("seq"), r.getLong("at_ms"), TranscriptRequest.clock(r.getLong("at_ms")),
						r.getString("speaker"), r.getBoolean("customer_side"), r.getString("term"), r.getString("snippet"))))
			.list();
		List<TopicSummary> summary = new ArrayList<>();
		byTopic.forEach((topic, hits) -> summary.add(new TopicSummary(topic, labels.getOrDefault(topic, topic), hits.size(),
				(int) hits.stream().filter(SummaryHit::customerSide).count(), hits)));
		long duration = rs.getLong("duration_ms");
		return new TranscriptView(id, rs.getLong("customer_id"), rs.getObject("contact_id", Long.class),
				rs.getString("source"), rs.getString("call_id"), rs.getTimestamp("occurred_at").toInstant(), duration,
				TranscriptRequest.clock(duration), rs.getInt("segment_count"), dictionaryVersion,
				rs.getTimestamp("created_at").toInstant(), rs.getString("actor_name"), rs.getInt("questions"), summary);
	}
}
