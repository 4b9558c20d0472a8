package dev.closer.leads.internal.sla;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.closer.leads.Grade;
import dev.closer.leads.internal.allocation.PolicyViolation;

/**
 * An SLA policy as people and machines write it (API body, stored JSON): durations as text
 * ({@code PT30M} or {@code 30m}), kinds and actions by name. {@link #parse()} turns it into a
 * {@link SlaPolicy}, naming every unreadable field instead of failing on the first.
 */
public record SlaPolicyDocument(Map<String, List<Step>> ladders, String recycleAfter, List<String> recycleKinds,
		String yellowAfter, String redAfter, Long calendarId) {

	public record Step(String after, List<String> without, String action) {
	}

	public record Parsed(SlaPolicy policy, List<PolicyViolation> violations) {

		public boolean valid() {
			return violations.isEmpty();
		}
	}

	public static SlaPolicyDocument of(SlaPolicy p) {
		Map<String, List<Step>> ladders = new LinkedHashMap<>();
		for (Grade grade : Grade.values()) {
			ladders.put(grade.name(), p.ladder(grade).stream()
				.map(s -> new Step(s.after().toString(), names(s.without()), s.action().name()))
				.toList());
		}
		return new SlaPolicyDocument(ladders, p.recycleAfter() == null ? null : p.recycleAfter().toString(),
				names(p.recycleKinds()), p.yellowAfter().toString(), p.redAfter().toString(), p.calendarId());
	}

	/** The policy, and every problem: unreadable fields first, then the policy's own rules. */
	public Parsed parse() {
		List<PolicyViolation> out = new ArrayList<>();
		EnumMap<Grade, List<LadderStep>> parsed = new EnumMap<>(Grade.class);
		if (ladders != null) {
			ladders.forEach((gradeName, steps) -> {
				Grade grade = grade(gradeName);
				if (grade == null) {
					out.add(new PolicyViolation("ladders", "error.sla.unknownGrade", List.of(String.valueOf(gradeName))));
					return;
				}
				List<LadderStep> list = new ArrayList<>();
				for (int i = 0; steps != null && i < steps.size(); i++) {
					Step step = steps.get(i);
					String field = "ladders." + grade + "[" + i + "]";
					if (step == null) {
						out.add(new PolicyViolation(field, "error.required", List.of()));
						continue;
					}
					Duration after = duration(out, field + ".after", step.after(), true);
					Set<ActionKind> kinds = kinds(out, field + ".without", step.without());
					StepAction action = action(out, field + ".action", step.action());
					list.add(new LadderStep(after, kinds, action));
				}
				parsed.put(grade, list);
			});
		}
		Duration recycle = duration(out, "recycleAfter", recycleAfter, false);
		Set<ActionKind> valid = kinds(out, "recycleKinds", recycleKinds);
		Duration yellow = duration(out, "yellowAfter", yellowAfter, true);
		Duration red = duration(out, "redAfter", redAfter, true);
		if (!out.isEmpty()) {
			return new Parsed(null, List.copyOf(out));
		}
		SlaPolicy policy = new SlaPolicy(parsed, recycle, valid, yellow, red, calendarId);
		return new Parsed(policy, policy.validate());
	}

	private static Grade grade(String name) {
		try {
			return name == null ? null : Grade.valueOf(name.strip().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException e) {
			return null;
		}
	}

	private static Duration duration(List<PolicyViolation> out, String field, String text, boolean required) {
		if (text == null || text.isBlank()) {
			if (required) {
				out.add(new PolicyViolation(field, "error.required", List.of()));
			}
			return null;
		}
		try {
			return SlaDurations.parse(text);
		}
		catch (IllegalArgumentException e) {
			out.add(new PolicyViolation(field, "error.sla.badDuration", List.of(text)));
			return null;
		}
	}

	private static Set<ActionKind> kinds(List<PolicyViolation> out, String field, List<String> names) {
		EnumSet<ActionKind> kinds = EnumSet.noneOf(ActionKind.class);
		for (String name : names == null ? List.<String>of() : names) {
			try {
				kinds.add(ActionKind.valueOf(String.valueOf(name).strip().toUpperCase(Locale.ROOT)));
			}
			catch (IllegalArgumentException e) {
				out.add(new PolicyViolation(field, "error.sla.unknownKind", List.of(String.valueOf(name))));
			}
		}
		return kinds;
	}

	private static StepAction action(List<PolicyViolation> out, String field, String name) {
		if (name == null || name.isBlank()) {
			out.add(new PolicyViolation(field, "error.required", List.of()));
			return null;
		}
		try {
			return StepAction.valueOf(name.strip().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException e) {
			out.add(new PolicyViolation(field, "error.sla.unknownAction", List.of(name)));
			return null;
		}
	}

	private static List<String> names(Set<? extends Enum<?>> values) {
		return values.stream().sorted().map(Enum::name).toList();
	}
}
