package dev.closer.activities.internal;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Whether the customer asked something (SPEC F4, F5), by a deliberately simple heuristic (DECISIONS.md): a
 * sentence ending in "？" or "?", a sentence ending in the particles 吗 / 呢 / 么, or any of the interrogative
 * words 多少 / 怎么 / 什么 / 能不能 / 可不可以 / 是不是 / 有没有 / 为什么 / 如何 / 哪些 / 哪个 / 几时 / 多久 / 多长时间.
 * English without a question mark: a sentence starting with how / what / when / why / which / who, or with
 * can / could / do / does / is / are / will / would followed by you / we / I / it / they / there. Known misses and false hits ("没什么问题" reads as a question) are accepted:
 * the score only needs "did the rep capture the customer's questions at all".
 */
final class Questions {

	static final List<String> WORDS = List.of("多少", "怎么", "什么", "能不能", "可不可以", "是不是", "有没有", "为什么", "如何",
			"哪些", "哪个", "几时", "多久", "多长时间");

	private static final Pattern SENTENCES = Pattern.compile("(?<=[。！!？?；;\\n])");

	private static final Pattern ENGLISH = Pattern.compile(
			"^((how|what|when|why|which|who)\\b|(can|could|do|does|is|are|will|would) (you|we|i|it|they|there)\\b).*",
			Pattern.CASE_INSENSITIVE);

	private Questions() {
	}

	static boolean asks(String text) {
		if (text == null || text.isBlank()) {
			return false;
		}
		for (String word : WORDS) {
			if (text.contains(word)) {
				return true;
			}
		}
		for (String sentence : SENTENCES.split(text)) {
			String s = sentence.strip();
			while (!s.isEmpty() && "。！!；;.…~～ ".indexOf(s.charAt(s.length() - 1)) >= 0) {
				s = s.substring(0, s.length() - 1);
			}
			if (s.isEmpty()) {
				continue;
			}
			char last = s.charAt(s.length() - 1);
			if (last == '？' || last == '?' || last == '吗' || last == '呢' || last == '么') {
				return true;
			}
			if (ENGLISH.matcher(s.toLowerCase(Locale.ROOT)).matches() && s.chars().noneMatch(c -> c >= 0x4E00 && c <= 0x9FFF)) {
				return true;
			}
		}
		return false;
	}
}
