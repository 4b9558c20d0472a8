package dev.closer.activities.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.closer.activities.internal.TemplateDefinition.Problem;

/**
 * The follow-up quality rule (SPEC F5, F6; rules are data, P5), stored as one version per save.
 * <ul>
 * <li>{@code weights}: the points of each factor (COMPLETENESS, KEY_ACTIONS, QUESTIONS), 0-100, together above 0;</li>
 * <li>{@code thresholds}: four increasing percentages of the points reached for scores 2, 3, 4 and 5
 * (below the first: 1);</li>
 * <li>{@code reviewBelow}: a score below it goes to the manager review queue (F5: 3);</li>
 * <li>{@code keyActions}: the key actions with their Chinese and English phrases, found in the follow-up's action,
 * output or next step; {@code byNextStep} also counts a next step with a due date (a booked meeting);
 * {@code keyActionTarget} of them give the full KEY_ACTIONS points;</li>
 * <li>{@code questionTopics}: the dictionary topics that count as customer questions (empty: every topic);</li>
 * <li>{@code repeatAlarmAt}: how many raisings of one topic by the customer raise the alarm (F6: 3).</li>
 * </ul>
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record QualityRule(Map<String, Integer> weights, List<Integer> thresholds, Integer reviewBelow, Integer keyActionTarget,
		Integer repeatAlarmAt, List<String> questionTopics, List<KeyAction> keyActions) {

	static final List<String> FACTORS = List.of("COMPLETENESS", "KEY_ACTIONS", "QUESTIONS");

	static final int MAX_KEY_ACTIONS = 20;

	/** A key action and the phrases that show it. */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record KeyAction(String code, Map<String, String> labels, List<String> zh, List<String> en, Boolean byNextStep) {

		public String label(Locale locale) {
			return TemplateDefinition.label(labels, locale, code);
		}

		boolean countsNextStep() {
			return Boolean.TRUE.equals(byNextStep);
		}
	}

	int weight(String factor) {
		Integer w = weights == null ? null : weights.get(factor);
		return w == null ? 0 : w;
	}

	List<KeyAction> keyActionList() {
		return keyActions == null ? List.of() : keyActions;
	}

	List<String> questionTopicList() {
		return questionTopics == null ? List.of() : questionTopics;
	}

	/** The key actions as a dictionary, to find them with a {@link Spotter}. */
	KeywordDictionary keyActionDictionary() {
		return new KeywordDictionary(keyActionList().stream()
			.map(k -> new KeywordDictionary.Topic(k.code(), k.labels(), k.zh(), k.en()))
			.toList());
	}

	/** Everything wrong with this rule, given the topic codes of the current keyword dictionary. */
	List<Problem> problems(Set<String> topicCodes) {
		List<Problem> problems = new ArrayList<>();
		int total = 0;
		if (weights == null) {
			problems.add(new Problem("weights", "error.required"));
		}
		else {
			for (String key : weights.keySet()) {
				if (!FACTORS.contains(key)) {
					problems.add(new Problem("weights." + key, "error.quality.factor", key, String.join(", ", FACTORS)));
				}
			}
			for (String f : FACTORS) {
				Integer w = weights.get(f);
				if (w == null || w < 0 || w > 100) {
					problems.add(new Problem("weights." + f, "error.quality.weight", f));
				}
				else {
					total += w;
				}
			}
			if (total <= 0) {
				problems.add(new Problem("weights", "error.quality.noWeight"));
			}
		}
		if (thresholds == null || thresholds.size() != 4 || thresholds.stream().anyMatch(t -> t == null)) {
			problems.add(new Problem("thresholds", "error.quality.thresholds"));
		}
		else {
			for (int i = 0; i < 4; i++) {
				int t = thresholds.get(i);
				if (t < 1 || t > 100 || (i > 0 && t <= thresholds.get(i - 1))) {
					problems.add(new Problem("thresholds[" + i + "]", "error.quality.thresholds"));
					break;
				}
			}
		}
		if (reviewBelow == null || reviewBelow < 1 || reviewBelow > 5) {
			problems.add(new Problem("reviewBelow", "error.quality.between", 1, 5));
		}
		if (repeatAlarmAt == null || repeatAlarmAt < 2 || repeatAlarmAt > 20) {
			problems.add(new Problem("repeatAlarmAt", "error.quality.between", 2, 20));
		}
		if (keyActionList().size() > MAX_KEY_ACTIONS) {
			problems.add(new Problem("keyActions", "error.quality.tooManyKeyActions", MAX_KEY_ACTIONS));
		}
		if (keyActionTarget == null || keyActionTarget < 1 || keyActionTarget > Math.max(1, keyActionList().size())) {
			problems.add(new Problem("keyActionTarget", "error.quality.between", 1, Math.max(1, keyActionList().size())));
		}
		Set<String> codes = new HashSet<>();
		for (int i = 0; i < keyActionList().size(); i++) {
			KeyAction k = keyActionList().get(i);
			if (k != null && k.code() != null && !codes.add(k.code())) {
				problems.add(new Problem("keyActions[" + i + "].code", "error.keywords.codeTwice", k.code()));
			}
			if (k != null && k.countsNextStep() && (k.zh() == null || k.zh().isEmpty()) && (k.en() == null || k.en().isEmpty())) {
				continue; // found by the next step alone
			}
			if (k != null) {
				for (Problem p : new KeywordDictionary(List.of(new KeywordDictionary.Topic(k.code(), k.labels(), k.zh(), k.en())))
					.problems()) {
					problems.add(new Problem(p.field().replace("topics[0]", "keyActions[" + i + "]"), p.key(), p.args()));
				}
			}
			else {
				problems.add(new Problem("keyActions[" + i + "]", "error.required"));
			}
		}
		for (int i = 0; i < questionTopicList().size(); i++) {
			String code = questionTopicList().get(i);
			if (!topicCodes.contains(code)) {
				problems.add(new Problem("questionTopics[" + i + "]", "error.quality.unknownTopic", String.valueOf(code)));
			}
		}
		return problems;
	}
}
