package dev.closer.activities.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The quality score of a follow-up (SPEC F5), a pure function of the follow-up and a {@link QualityRule} version.
 * Three factors, each with its points, its maximum (the rule's weight) and what was found or missing:
 * <ul>
 * <li>COMPLETENESS: share of the items filled: input, action, output, blocker, next step (with its due date) and
 * each field of the scenario template used;</li>
 * <li>KEY_ACTIONS: key actions found (their phrases in the action, output or next step; a next step with a due
 * date counts for those marked {@code byNextStep}), up to the rule's target;</li>
 * <li>QUESTIONS: the customer's questions captured: input or output reads as a question (full points), or at
 * least names a dictionary topic (half the points, rounded down).</li>
 * </ul>
 * Points are rounded half up per factor; the percentage of all points (rounded down) against the rule's four
 * thresholds gives 1 to 5.
 */
final class QualityScorer {

	/** What the score looks at. */
	record Facts(String input, String action, String output, String blocker, List<String> templateFields,
			Map<String, Object> values, String nextStep, LocalDate due) {
	}

	/** One explained factor: its points out of {@code max}, what was found and what was missing (codes). */
	record Factor(String code, int points, int max, List<String> found, List<String> missing) {
	}

	record Result(int score, int percent, int points, int max, List<Factor> factors) {
	}

	private QualityScorer() {
	}

	static Result score(Facts f, QualityRule rule, Spotter keyActions, Spotter topics) {
		List<Factor> factors = List.of(completeness(f, rule.weight("COMPLETENESS")),
				keyActions(f, rule, keyActions), questions(f, rule, topics));
		int points = factors.stream().mapToInt(Factor::points).sum();
		int max = factors.stream().mapToInt(Factor::max).sum();
		int percent = max == 0 ? 0 : points * 100 / max;
		int score = 1;
		for (int t : rule.thresholds()) {
			if (percent >= t) {
				score++;
			}
		}
		return new Result(score, percent, points, max, factors);
	}

	private static Factor completeness(Facts f, int weight) {
		List<String> found = new ArrayList<>();
		List<String> missing = new ArrayList<>();
		item("input", f.input(), found, missing);
		item("action", f.action(), found, missing);
		item("output", f.output(), found, missing);
		item("blocker", f.blocker(), found, missing);
		item("nextStep", f.nextStep() != null && f.due() != null ? f.nextStep() : null, found, missing);
		for (String field : f.templateFields()) {
			Object v = f.values() == null ? null : f.values().get(field);
			item("field:" + field, v == null ? null : v.toString(), found, missing);
		}
		int total = found.size() + missing.size();
		return new Factor("COMPLETENESS", share(weight, found.size(), total), weight, found, missing);
	}

	private static Factor keyActions(Facts f, QualityRule rule, Spotter spotter) {
		int weight = rule.weight("KEY_ACTIONS");
		Set<String> seen = new LinkedHashSet<>();
		for (String text : new String[] { f.action(), f.output(), f.nextStep() }) {
			seen.addAll(spotter.topics(text));
		}
		List<String> found = new ArrayList<>();
		List<String> missing = new ArrayList<>();
		for (QualityRule.KeyAction k : rule.keyActionList()) {
			boolean byNext = k.countsNextStep() && f.nextStep() != null && f.due() != null;
			(seen.contains(k.code()) || byNext ? found : missing).add(k.code());
		}
		int target = rule.keyActionTarget();
		return new Factor("KEY_ACTIONS", share(weight, Math.min(found.size(), target), target), weight, found, missing);
	}

	private static Factor questions(Facts f, QualityRule rule, Spotter topics) {
		int weight = rule.weight("QUESTIONS");
		boolean asked = Questions.asks(f.input()) || Questions.asks(f.output());
		Set<String> named = new LinkedHashSet<>();
		named.addAll(topics.topics(f.input()));
		named.addAll(topics.topics(f.output()));
		if (!rule.questionTopicList().isEmpty()) {
			named.retainAll(rule.questionTopicList());
		}
		List<String> found = new ArrayList<>();
		if (asked) {
			found.add("QUESTION");
		}
		found.addAll(named);
		int points = asked ? weight : named.isEmpty() ? 0 : weight / 2;
		return new Factor("QUESTIONS", points, weight, found, asked || !named.isEmpty() ? List.of() : List.of("QUESTION"));
	}

	private static void item(String code, String value, List<String> found, List<String> missing) {
		(value != null && !value.isBlank() ? found : missing).add(code);
	}

	/** {@code weight × part / whole}, rounded half up. */
	static int share(int weight, int part, int whole) {
		if (whole == 0) {
			return weight;
		}
		return (2 * weight * part + whole) / (2 * whole);
	}
}
