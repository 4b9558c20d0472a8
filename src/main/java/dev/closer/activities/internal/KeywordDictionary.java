package dev.closer.activities.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.closer.activities.internal.TemplateDefinition.Problem;

/**
 * The keyword dictionary (SPEC F4, F6; rules are data, P5): topics such as BUDGET or COMPETITOR, each with names in
 * both languages and its Chinese and English terms (synonyms). Stored as one version per save; every transcript,
 * mention and alarm records the version it was spotted with. {@link #problems()} validates an edited dictionary:
 * codes, names, at least one term per topic, no empty or overlong term, no term under two topics, limits.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record KeywordDictionary(List<Topic> topics) {

	static final int MAX_TOPICS = 60;

	static final int MAX_TERMS = 60;

	static final int TERM_MAX = 40;

	/** One topic with its terms. */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Topic(String code, Map<String, String> labels, List<String> zh, List<String> en) {

		public String label(Locale locale) {
			return TemplateDefinition.label(labels, locale, code);
		}

		List<String> zhTerms() {
			return zh == null ? List.of() : zh;
		}

		List<String> enTerms() {
			return en == null ? List.of() : en;
		}
	}

	List<Topic> topicList() {
		return topics == null ? List.of() : topics;
	}

	Set<String> codes() {
		Set<String> codes = new HashSet<>();
		topicList().forEach(t -> codes.add(t.code()));
		return codes;
	}

	/** The topic's names by code, in the reader's language. */
	Map<String, String> labels(Locale locale) {
		Map<String, String> labels = new HashMap<>();
		topicList().forEach(t -> labels.put(t.code(), t.label(locale)));
		return labels;
	}

	/** Everything wrong with this dictionary (empty when it may be saved). */
	List<Problem> problems() {
		List<Problem> problems = new ArrayList<>();
		if (topics == null || topics.isEmpty()) {
			problems.add(new Problem("topics", "error.keywords.noTopics"));
			return problems;
		}
		if (topics.size() > MAX_TOPICS) {
			problems.add(new Problem("topics", "error.keywords.tooManyTopics", MAX_TOPICS));
		}
		Set<String> codes = new HashSet<>();
		Map<String, String> termOwner = new HashMap<>();
		for (int i = 0; i < topics.size(); i++) {
			Topic t = topics.get(i);
			String at = "topics[" + i + "]";
			if (t == null) {
				problems.add(new Problem(at, "error.required"));
				continue;
			}
			if (t.code() == null || !TemplateDefinition.CODE.matcher(t.code()).matches()) {
				problems.add(new Problem(at + ".code", "error.keywords.code", String.valueOf(t.code())));
				continue;
			}
			if (!codes.add(t.code())) {
				problems.add(new Problem(at + ".code", "error.keywords.codeTwice", t.code()));
			}
			for (String language : TemplateDefinition.LANGUAGES) {
				String label = t.labels() == null ? null : t.labels().get(language);
				if (label == null || label.isBlank()) {
					problems.add(new Problem(at + ".labels." + language, "error.template.labelMissing", language));
				}
				else if (label.length() > 100) {
					problems.add(new Problem(at + ".labels." + language, "error.tooLong", 100));
				}
			}
			if (t.zhTerms().isEmpty() && t.enTerms().isEmpty()) {
				problems.add(new Problem(at, "error.keywords.noTerms", t.code()));
			}
			terms(t, "zh", t.zhTerms(), at, termOwner, problems);
			terms(t, "en", t.enTerms(), at, termOwner, problems);
		}
		return problems;
	}

	private static void terms(Topic t, String language, List<String> terms, String at, Map<String, String> owner,
			List<Problem> problems) {
		if (terms.size() > MAX_TERMS) {
			problems.add(new Problem(at + "." + language, "error.keywords.tooManyTerms", t.code(), MAX_TERMS));
		}
		for (int j = 0; j < terms.size(); j++) {
			String term = terms.get(j);
			String here = at + "." + language + "[" + j + "]";
			if (term == null || term.isBlank()) {
				problems.add(new Problem(here, "error.keywords.emptyTerm", t.code()));
				continue;
			}
			if (term.strip().length() > TERM_MAX) {
				problems.add(new Problem(here, "error.keywords.termTooLong", term.strip(), TERM_MAX));
				continue;
			}
			String key = term.strip().toLowerCase(Locale.ROOT);
			String first = owner.putIfAbsent(key, t.code());
			if (first != null) {
				problems.add(first.equals(t.code()) ? new Problem(here, "error.keywords.termTwice", term.strip(), t.code())
						: new Problem(here, "error.keywords.termInTwoTopics", term.strip(), first, t.code()));
			}
		}
	}
}
