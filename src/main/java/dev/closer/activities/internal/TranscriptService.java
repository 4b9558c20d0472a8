package dev.closer.activities.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.closer.customers.ContactRef;
import dev.closer.customers.CustomerDirectory;
import dev.closer.customers.CustomerRef;
import dev.closer.shared.problem.BusinessException;
import dev.closer.shared.problem.Fields;
import dev.closer.shared.problem.NotFoundException;
import dev.closer.shared.security.CurrentUser;
import dev.closer.shared.time.SqlTime;

/**
 * Attaches call transcripts to customers (SPEC F4) in one transaction: every check first (customer in scope, contact,
 * source, each segment's times and text, segments in time order and not overlapping, limits), then the transcript,
 * its segments, the topics spotted per segment with the current keyword dictionary (the stored timestamped
 * summary), and the customer's repeated-topic alarms re-evaluated (F6). A refusal writes nothing.
 * <p>
 * The customer's side of the call: a segment whose {@code side} is CUSTOMER, else whose speaker is one of
 * {@link #CUSTOMER_LABELS} (or starts with 客户), or is the named contact.
 */
@Service
class TranscriptService {

	static final int MAX_SEGMENTS = 2000;

	static final int TEXT_MAX = 2000;

	static final int TOTAL_TEXT_MAX = 200_000;

	static final Set<String> SOURCES = Set.of("WECOM", "DINGTALK", "FEISHU", "ASR", "OTHER");

	static final Set<String> CUSTOMER_LABELS = Set.of("客户", "客户方", "对方", "顾客", "用户", "customer", "client",
			"buyer");

	static final Duration FUTURE_SLACK = Duration.ofMinutes(5);

	private final JdbcClient jdbc;

	private final Clock clock;

	private final CustomerDirectory customers;

	private final ActivityRules rules;

	private final TopicAlarms alarms;

	TranscriptService(JdbcClient jdbc, Clock clock, CustomerDirectory customers, ActivityRules rules,
			TopicAlarms alarms) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.customers = customers;
		this.rules = rules;
		this.alarms = alarms;
	}

	/** A segment as checked. */
	private record Checked(int seq, long startMs, Long endMs, String speaker, boolean customerSide, boolean question,
			String text) {
	}

	@Transactional
	public long attach(long customerId, TranscriptRequest r, CurrentUser actor) {
		CustomerRef customer = customers.find(customerId, actor).orElseThrow(() -> new NotFoundException("customer", customerId));
		if (r == null) {
			throw BusinessException.invalidField("segments", "error.transcript.noSegments");
		}
		String contactName = null;
		if (r.contactId() != null) {
			contactName = customers.contacts(customerId).stream().filter(c -> c.id() == r.contactId())
				.map(ContactRef::name).findFirst()
				.orElseThrow(() -> BusinessException.invalidField("contactId", "error.activity.contactUnknown",
						String.valueOf(r.contactId())));
		}
		String source = r.source() == null || r.source().isBlank() ? "ASR" : r.source().strip().toUpperCase(Locale.ROOT);
		if (!SOURCES.contains(source)) {
			throw BusinessException.invalidField("source", "error.transcript.source", r.source(), "WECOM, DINGTALK, FEISHU, ASR, OTHER");
		}
		String callId = Fields.optional("callId", r.callId(), 100);
		Instant now = Instant.now(clock);
		Instant occurred = r.occurredAt() == null ? now : r.occurredAt();
		if (occurred.isAfter(now.plus(FUTURE_SLACK))) {
			throw BusinessException.invalidField("occurredAt", "error.activity.future");
		}
		if (occurred.isBefore(now.minus(ActivityService.OLDEST))) {
			throw BusinessException.invalidField("occurredAt", "error.activity.tooOld");
		}
		List<Checked> segments = segments(r.segments(), contactName);
		long duration = segments.stream().mapToLong(s -> s.endMs() != null ? s.endMs() : s.startMs()).max().orElse(0);

		var dictionary = rules.keywords();
		var rule = rules.quality();
		Spotter spotter = rules.spotter(dictionary);
		var keys = new GeneratedKeyHolder();
		jdbc.sql("""
				insert into transcript (customer_id, contact_id, source, call_id, occurred_at, duration_ms, segment_count,
				  dictionary_version, created_at, actor_id, owner_id, team_id)
				values (:c, :contact, :source, :call, :occurred, :duration, :count, :dv, :now, :actor, :owner, :team)""")
			.param("c", customerId).param("contact", r.contactId()).param("source", source).param("call", callId)
			.param("occurred", SqlTime.of(occurred)).param("duration", duration).param("count", segments.size())
			.param("dv", dictionary.version()).param("now", SqlTime.of(now)).param("actor", actor.id())
			.param("owner", customer.ownerId()).param("team", customer.teamId())
			.update(keys, "id");
		long id = keys.getKeyAs(Long.class);
		for (Checked s : segments) {
			jdbc.sql("""
					insert into transcript_segment (transcript_id, seq, start_ms, end_ms, speaker, customer_side, question,
					  text_content)
					values (:t, :seq, :start, :end, :speaker, :side, :q, :text)""")
				.param("t", id).param("seq", s.seq()).param("start", s.startMs()).param("end", s.endMs())
				.param("speaker", s.speaker()).param("side", s.customerSide()).param("q", s.question())
				.param("text", s.text())
				.update();
			Map<String, Spotter.Hit> perTopic = new LinkedHashMap<>();
			spotter.spot(s.text()).forEach(h -> perTopic.putIfAbsent(h.topic(), h));
			perTopic.forEach((topic, h) -> alarms.mention(new TopicAlarms.Mention(customerId, topic, h.term(), id,
					s.seq(), s.startMs(), null, s.speaker(), s.customerSide(),
					TopicAlarms.snippet(s.text(), h.start(), h.end(), 30), occurred, dictionary.version())));
		}
		customers.activityRecorded(customerId, occurred);
		alarms.check(new TopicAlarms.Subject(customerId, customer.name(), customer.ownerId(), customer.teamId()), null,
				dictionary, rule, now);
		return id;
	}

	private static List<Checked> segments(List<TranscriptRequest.Segment> given, String contactName) {
		if (given == null || given.isEmpty()) {
			throw BusinessException.invalidField("segments", "error.transcript.noSegments");
		}
		if (given.size() > MAX_SEGMENTS) {
			throw BusinessException.invalidField("segments", "error.transcript.tooManySegments", MAX_SEGMENTS);
		}
		List<Checked> checked = new ArrayList<>();
		int total = 0;
		for (int i = 0; i < given.size(); i++) {
			TranscriptRequest.Segment s = given.get(i);
			String at = "segments[" + i + "]";
			if (s == null) {
				throw BusinessException.invalidField(at, "error.required");
			}
			long start = time(s.start(), at + ".start", i, true);
			Long end = TranscriptRequest.millis(s.end()) == null ? null : Long.valueOf(time(s.end(), at + ".end", i, false));
			if (end != null && end < start) {
				throw BusinessException.invalidField(at + ".end", "error.transcript.endBeforeStart", i);
			}
			String text = s.text() == null ? null : s.text().strip();
			if (text == null || text.isEmpty()) {
				throw BusinessException.invalidField(at + ".text", "error.transcript.emptyText", i);
			}
			if (text.length() > TEXT_MAX) {
				throw BusinessException.invalidField(at + ".text", "error.transcript.textTooLong", i, TEXT_MAX);
			}
			total += text.length();
			if (total > TOTAL_TEXT_MAX) {
				throw BusinessException.invalidField("segments", "error.transcript.tooMuchText", TOTAL_TEXT_MAX);
			}
			String speaker = Fields.optional(at + ".speaker", s.speaker(), 100);
			if (!checked.isEmpty()) {
				Checked previous = checked.get(checked.size() - 1);
				if (start < previous.startMs()) {
					throw BusinessException.invalidField(at + ".start", "error.transcript.outOfOrder", i,
							TranscriptRequest.clock(start), i - 1, TranscriptRequest.clock(previous.startMs()));
				}
				if (previous.endMs() != null && previous.endMs() > start) {
					throw BusinessException.invalidField(at + ".start", "error.transcript.overlap", i - 1,
							TranscriptRequest.clock(previous.endMs()), i, TranscriptRequest.clock(start));
				}
			}
			boolean customerSide = customerSide(s.side(), speaker, contactName, at);
			checked.add(new Checked(i, start, end, speaker, customerSide, customerSide && Questions.asks(text), text));
		}
		return checked;
	}

	private static long time(Object value, String field, int index, boolean required) {
		Long ms = TranscriptRequest.millis(value);
		if (ms == null) {
			if (required) {
				throw BusinessException.invalidField(field, "error.transcript.startRequired", index);
			}
			return 0;
		}
		if (ms == -1) {
			throw BusinessException.invalidField(field, "error.transcript.negative", index);
		}
		if (ms < 0) {
			throw BusinessException.invalidField(field, "error.transcript.time", index, String.valueOf(value));
		}
		if (ms > TranscriptRequest.MAX_MS) {
			throw BusinessException.invalidField(field, "error.transcript.tooLongCall", index);
		}
		return ms;
	}

	private static boolean customerSide(String side, String speaker, String contactName, String at) {
		if (side != null && !side.isBlank()) {
			String s = side.strip().toUpperCase(Locale.ROOT);
			if (!s.equals("CUSTOMER") && !s.equals("SALES")) {
				throw BusinessException.invalidField(at + ".side", "error.transcript.side", side);
			}
			return s.equals("CUSTOMER");
		}
		if (speaker == null) {
			return false;
		}
		String label = speaker.toLowerCase(Locale.ROOT);
		return CUSTOMER_LABELS.contains(label) || speaker.startsWith("客户")
				|| (contactName != null && contactName.equals(speaker));
	}
}
