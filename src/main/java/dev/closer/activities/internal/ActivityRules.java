package dev.closer.activities.internal;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;

import dev.closer.shared.audit.AuditLog;
import dev.closer.shared.problem.BusinessException;
import dev.closer.shared.rules.VersionedDocuments;
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

	private final JsonMapper json;

	private final ChineseSegmenter segmenter;

	private final Map<Long, Spotter> spotters = new ConcurrentHashMap<>();

	private final KeywordDictionary defaultKeywords;

	private final QualityRule defaultQuality;

	private final DualReviewRule defaultDualReview;

	private final Map<String, VersionedDocuments<?>> stores = new LinkedHashMap<>();

	ActivityRules(JdbcClient jdbc, JsonMapper json, Clock clock, AuditLog audit, ChineseSegmenter segmenter,
			PlatformTransactionManager transactions) {
		this.json = json;
		this.segmenter = segmenter;
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
		store(KEYWORDS, KeywordDictionary.class, defaultKeywords, jdbc, clock, audit, transactions);
		store(QUALITY, QualityRule.class, defaultQuality, jdbc, clock, audit, transactions);
		store(DUAL_REVIEW, DualReviewRule.class, defaultDualReview, jdbc, clock, audit, transactions);
	}

	private <T> void store(String kind, Class<T> type, T first, JdbcClient jdbc, Clock clock, AuditLog audit,
			PlatformTransactionManager transactions) {
		Map<String, T> defaults = new LinkedHashMap<>();
		defaults.put(null, first);
		stores.put(kind, new VersionedDocuments<>(new VersionedDocuments.Spec<>("activity_rule", Map.of("kind", kind),
				null, type, "activity_rule", kind, "error.rule.stale", defaults), jdbc, json, clock, audit,
				transactions));
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
		return stores.get(kind).history(null).stream().<Version<?>>map(v -> version(kind, v)).toList();
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

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private Version<?> save(String kind, Object definition, String comment) {
		VersionedDocuments store = stores.get(kind);
		return version(kind, store.save(null, definition, comment));
	}

	private Version<?> current(String kind) {
		return stores.get(kind).current(null).map(v -> version(kind, v)).orElseThrow();
	}

	Optional<Version<?>> byVersion(String kind, int version) {
		return stores.get(kind).version(null, version).map(v -> version(kind, v));
	}

	private static Version<?> version(String kind, VersionedDocuments.Stored<?> v) {
		return new Version<>(v.id(), kind, v.version(), v.definition(), v.createdAt(), v.createdBy(), v.comment());
	}
}
