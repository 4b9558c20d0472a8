package dev.closer.activities.internal;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the topics of one keyword dictionary version in a text (SPEC F4-F6). Chinese terms match where the word
 * segmenter puts a boundary at both ends (a term inside a longer unrelated word does not count); English terms match
 * case-insensitively on word boundaries, with a simple plural ("budget", "Budgets"; not "budgetary"). Where hits
 * overlap, the longer wins. Immutable; built once per dictionary version.
 */
final class Spotter {

	/** A term of a topic found at [start, end). */
	record Hit(String topic, String term, int start, int end) {
	}

	private record ZhTerm(String topic, String term) {
	}

	private record EnTerm(String topic, String term, Pattern pattern) {
	}

	private final int version;

	private final List<ZhTerm> zh = new ArrayList<>();

	private final List<EnTerm> en = new ArrayList<>();

	private final ChineseSegmenter segmenter;

	/**
	 * @param teach whether the Chinese terms are taught to the segmenter as words (dictionary topics: yes; key
	 *     action phrases, which span several words, no)
	 */
	Spotter(int version, KeywordDictionary dictionary, ChineseSegmenter segmenter, boolean teach) {
		this.version = version;
		this.segmenter = segmenter;
		List<String> words = new ArrayList<>();
		for (KeywordDictionary.Topic t : dictionary.topicList()) {
			for (String term : t.zhTerms()) {
				zh.add(new ZhTerm(t.code(), term.strip()));
				words.add(term.strip());
			}
			for (String term : t.enTerms()) {
				en.add(new EnTerm(t.code(), term.strip(), english(term.strip())));
			}
		}
		if (teach) {
			segmenter.know(words);
		}
	}

	static Pattern english(String term) {
		StringBuilder regex = new StringBuilder("(?<![A-Za-z0-9])");
		String[] words = term.split("\\s+");
		for (int i = 0; i < words.length; i++) {
			regex.append(i == 0 ? "" : "[\\s\\-]+").append(Pattern.quote(words[i]));
		}
		regex.append("(?:s|es)?(?![A-Za-z0-9])");
		return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
	}

	int version() {
		return version;
	}

	/** Every non-overlapping hit, in text order. */
	List<Hit> spot(String text) {
		if (text == null || text.isBlank()) {
			return List.of();
		}
		List<Hit> hits = new ArrayList<>();
		if (!zh.isEmpty() && text.codePoints().anyMatch(Spotter::chinese)) {
			BitSet bounds = segmenter.boundaries(text);
			String folded = text.toLowerCase(Locale.ROOT);
			String lower = folded.length() == text.length() ? folded : text; // offsets must stay those of the text
			for (ZhTerm t : zh) {
				String term = t.term().toLowerCase(Locale.ROOT);
				for (int at = lower.indexOf(term); at >= 0; at = lower.indexOf(term, at + 1)) {
					if (bounds.get(at) && bounds.get(at + term.length())) {
						hits.add(new Hit(t.topic(), t.term(), at, at + term.length()));
					}
				}
			}
		}
		for (EnTerm t : en) {
			Matcher m = t.pattern().matcher(text);
			while (m.find()) {
				hits.add(new Hit(t.topic(), t.term(), m.start(), m.end()));
			}
		}
		hits.sort(Comparator.comparingInt(Hit::start).thenComparing(h -> -(h.end() - h.start())));
		List<Hit> kept = new ArrayList<>();
		int end = -1;
		for (Hit h : hits) {
			if (h.start() >= end) {
				kept.add(h);
				end = h.end();
			}
		}
		return kept;
	}

	/** The topics found, in order of first appearance. */
	Set<String> topics(String text) {
		Set<String> topics = new LinkedHashSet<>();
		spot(text).forEach(h -> topics.add(h.topic()));
		return topics;
	}

	private static boolean chinese(int codePoint) {
		return Character.UnicodeScript.of(codePoint) == Character.UnicodeScript.HAN;
	}
}
