package dev.closer.activities.internal;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.core.io.ClassPathResource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import dev.closer.shared.audit.AuditLog;
import dev.closer.shared.problem.BusinessException;
import dev.closer.shared.security.CurrentUser;
import dev.closer.shared.time.SqlTime;
import tools.jackson.databind.json.JsonMapper;

/**
 * The versioned rule data of transcripts and follow-up quality (SPEC F4-F7, P5): the keyword dictionary (kind
 * KEYWORDS), the quality rule (kind QUALITY) and the weekly dual review rule (kind DUAL_REVIEW). Each save is validated, audited and stored as a new version; the
 * defaults ({@code activities/keyword-dictionary.json}, {@code activities/quality-rule.json}) become version 1 on
 * first use. Stored versions never change, so they and their spotters are cached by id: a new version takes
 * effect with the next decision, without restart.
 */
@Component
class ActivityRules {

	static final String KEYWORDS = "KEYWORDS";

	static final String QUALITY = "QUALITY";

	static final String DUAL_REVIEW = "DUAL_REVIEW";

	/** One stored version of a rule. */
	record Version<T>(long id, String kind, int version, T definition, Instant createdAt, String createdBy,
			String comment) {
	}

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final Clock clock;

	private final AuditLog audit;

	private final ChineseSegmenter segmenter;

	private final TransactionTemplate savepoint;

	private final TransactionTemplate separate;

	private final Map<Long, Version<?>> byId = new ConcurrentHashMap<>();

	private final Map<Long, Spotter> spotters = new ConcurrentHashMap<>();

	private final KeywordDictionary defaultKeywords;

	private final QualityRule defaultQuality;

	private final DualReviewRule defaultDualReview;

	private volatile boolean defaultsChecked;

	ActivityRules(JdbcClient jdbc, JsonMapper json, Clock clock, AuditLog audit, ChineseSegmenter segmenter,
			PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		this.json = json;
		this.clock = clock;
		this.audit = audit;
		this.segmenter = segmenter;
		this.savepoint = new TransactionTemplate(transactions);
		this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
		this.separate = new TransactionTemplate(transactions);
		this.separate.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.defaultKeywords = read("activities/keyword-dictionary.json", KeywordDictionary.class);
		this.defaultQuality = read("activities/quality-rule.json", QualityRule.class);
		this.defaultDualReview = read("activities/dual-review-rule.json", DualReviewRule.class);
		if (!defaultDualReview.problems().isEmpty()) {
			throw new IllegalStateException("default dual review rule: " + defaultDualReview.problems());
		}
		if (!defaultKeywords.problems().isEmpty()) {
			throw new IllegalStateException("default keyword dictionary: " + defaultKeywords.problems());
		}
		if (!defaultQuality.problems(defaultKeywords.codes()).isEmpty()) {
			throw new IllegalStateException("default quality rule: " + defaultQuality.problems(defaultKeywords.codes()));
		}
	}

	private <T> T read(String resource, Class<T> type) {
		try (InputStream in = new ClassPathResource(resource).getInputStream()) {
			return json.readValue(in, type);
		}
		catch (IOException e) {
			throw new IllegalStateException("cannot read " + resource, e);
		}
	}

	KeywordDictionary defaultKeywords() {
		return defaultKeywords;
	}

	QualityRule defaultQuality() {
		return defaultQuality;
	}

	@SuppressWarnings("unchecked")
	Version<KeywordDictionary> keywords() {
		return (Version<KeywordDictionary>) current(KEYWORDS);
	}

	@SuppressWarnings("unchecked")
	Version<QualityRule> quality() {
		return (Version<QualityRule>) current(QUALITY);
	}

	@SuppressWarnings("unchecked")
	Version<DualReviewRule> dualReview() {
		return (Version<DualReviewRule>) current(DUAL_REVIEW);
	}

	/** Saves a new version of the dual review rule (F7): validated, audited; the next draw uses it. */
	@Transactional
	@SuppressWarnings("unchecked")
	public Version<DualReviewRule> saveDualReview(DualReviewRule rule, String comment) {
		if (rule == null) {
			throw BusinessException.invalidField("rule", "error.required");
		}
		var problems = rule.problems();
		if (!problems.isEmpty()) {
			throw problems.get(0).toException();
		}
		return (Version<DualReviewRule>) save(DUAL_REVIEW, rule, comment);
	}

	List<Version<?>> history(String kind) {
		ensureDefaults();
		return jdbc.sql("select * from activity_rule where kind = :k order by version desc").param("k", kind)
			.query(this::row).list();
	}

	/** The spotter of a dictionary version. */
	Spotter spotter(Version<KeywordDictionary> dictionary) {
		return spotters.computeIfAbsent(dictionary.id(),
				id -> new Spotter(dictionary.version(), dictionary.definition(), segmenter, true));
	}

	/** The spotter of a quality rule's key action phrases. */
	Spotter keyActionSpotter(Version<QualityRule> rule) {
		return spotters.computeIfAbsent(rule.id(),
				id -> new Spotter(rule.version(), rule.definition().keyActionDictionary(), segmenter, false));
	}

	/**
	 * Saves a new version of the keyword dictionary: validated (and no topic the quality rule counts as a question
	 * may disappear), audited.
	 */
	@Transactional
	@SuppressWarnings("unchecked")
	public Version<KeywordDictionary> saveKeywords(KeywordDictionary dictionary, String comment) {
		if (dictionary == null) {
			throw BusinessException.invalidField("topics", "error.keywords.noTopics");
		}
		var problems = dictionary.problems();
		if (!problems.isEmpty()) {
			throw problems.get(0).toException();
		}
		List<String> referenced = quality().definition().questionTopicList();
		for (String code : referenced) {
			if (!dictionary.codes().contains(code)) {
				throw BusinessException.invalidField("topics", "error.keywords.referenced", code);
			}
		}
		return (Version<KeywordDictionary>) save(KEYWORDS, dictionary, comment);
	}

	/** Saves a new version of the quality rule: validated against the current dictionary, audited. */
	@Transactional
	@SuppressWarnings("unchecked")
	public Version<QualityRule> saveQuality(QualityRule rule, String comment) {
		if (rule == null) {
			throw BusinessException.invalidField("weights", "error.required");
		}
		var problems = rule.problems(keywords().definition().codes());
		if (!problems.isEmpty()) {
			throw problems.get(0).toException();
		}
		return (Version<QualityRule>) save(QUALITY, rule, comment);
	}

	private Version<?> save(String kind, Object definition, String comment) {
		if (comment != null && comment.length() > 500) {
			throw BusinessException.invalidField("comment", "error.tooLong", 500);
		}
		Version<?> before = current(kind);
		int version = before.version() + 1;
		String by = CurrentUser.current().map(CurrentUser::username).orElse("system");
		try {
			savepoint.executeWithoutResult(s -> insert(kind, version, definition, by, comment));
		}
		catch (DuplicateKeyException raced) {
			throw BusinessException.conflict("error.rule.stale");
		}
		Version<?> saved = current(kind);
		audit.record("activity_rule", kind, "update", before.definition(), definition,
				"v" + version + (comment == null || comment.isBlank() ? "" : ": " + comment));
		return saved;
	}

	private Version<?> current(String kind) {
		ensureDefaults();
		return jdbc.sql("select * from activity_rule where kind = :k order by version desc limit 1").param("k", kind)
			.query(this::row).single();
	}

	Optional<Version<?>> byVersion(String kind, int version) {
		return jdbc.sql("select * from activity_rule where kind = :k and version = :v").param("k", kind)
			.param("v", version).query(this::row).optional();
	}

	/** Writes version 1 of each kind that has none yet, in a transaction of its own; racing nodes are fine. */
	private void ensureDefaults() {
		if (defaultsChecked) {
			return;
		}
		separate.executeWithoutResult(tx -> {
			List<String> present = jdbc.sql("select distinct kind from activity_rule").query(String.class).list();
			for (var d : List.of(Map.entry(KEYWORDS, (Object) defaultKeywords), Map.entry(QUALITY, (Object) defaultQuality),
					Map.entry(DUAL_REVIEW, (Object) defaultDualReview))) {
				if (present.contains(d.getKey())) {
					continue;
				}
				try {
					savepoint.executeWithoutResult(s -> insert(d.getKey(), 1, d.getValue(), "system", "defaults"));
				}
				catch (DuplicateKeyException raced) {
					// another node wrote it first
				}
			}
		});
		defaultsChecked = true;
	}

	private void insert(String kind, int version, Object definition, String by, String comment) {
		jdbc.sql("""
				insert into activity_rule (kind, version, definition, created_at, created_by, comment)
				values (:k, :v, :d, :at, :by, :c)""")
			.param("k", kind).param("v", version).param("d", json.writeValueAsString(definition))
			.param("at", SqlTime.of(Instant.now(clock))).param("by", by).param("c", comment)
			.update();
	}

	private Version<?> row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
		long id = rs.getLong("id");
		Version<?> cached = byId.get(id);
		if (cached != null) {
			return cached;
		}
		String kind = rs.getString("kind");
		Class<?> type = KEYWORDS.equals(kind) ? KeywordDictionary.class
				: DUAL_REVIEW.equals(kind) ? DualReviewRule.class : QualityRule.class;
		Object definition = json.readValue(rs.getString("definition"), type);
		Version<?> v = new Version<>(id, kind, rs.getInt("version"), definition, rs.getTimestamp("created_at").toInstant(),
				rs.getString("created_by"), rs.getString("comment"));
		byId.put(id, v);
		return v;
	}
}
