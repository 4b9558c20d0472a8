package dev.closer.leads.internal.sla;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.closer.leads.Grade;
import dev.closer.leads.internal.allocation.PolicyViolation;

/**
 * A team's response-SLA rules (SPEC S1-S3, P7): a ladder per grade, the recycling breaker, the
 * red/yellow marks, and the calendar SLA time is counted in (null = wall clock).
 *
 * @param ladders steps per grade, in firing order (ascending {@code after})
 * @param recycleAfter no valid action for this long → back to the pool; null disables recycling
 * @param recycleKinds the kinds that count as a valid action for recycling
 * @param yellowAfter no update at all for this long → yellow
 * @param redAfter no update for this long and no blocker reason → red, manager told
 * @param calendarId working-time calendar, or null for wall-clock time
 */
public record SlaPolicy(Map<Grade, List<LadderStep>> ladders, Duration recycleAfter, Set<ActionKind> recycleKinds,
		Duration yellowAfter, Duration redAfter, Long calendarId) {

	public static final int MAX_STEPS = 10;

	public static final Duration MAX_DURATION = Duration.ofDays(365);

	public SlaPolicy {
		EnumMap<Grade, List<LadderStep>> copy = new EnumMap<>(Grade.class);
		for (Grade grade : Grade.values()) {
			List<LadderStep> steps = ladders == null ? null : ladders.get(grade);
			copy.put(grade, steps == null ? List.of() : steps.stream()
				.sorted(Comparator.comparing(LadderStep::after, Comparator.nullsFirst(Comparator.naturalOrder())))
				.toList());
		}
		ladders = Map.copyOf(copy);
		recycleKinds = recycleKinds == null || recycleKinds.isEmpty() ? Set.of() : Set.copyOf(recycleKinds);
	}

	/**
	 * Seed 000: grade A — 30 min without an answered call → reminder, 2 h without a reply → pop-up,
	 * 4 h without a status update → e-mail to the manager; 24 h without a call, WeChat or visit →
	 * pool; seed 002: red at 72 h without update; yellow at 48 h.
	 */
	public static SlaPolicy defaults() {
		Set<ActionKind> answered = EnumSet.of(ActionKind.CALL_ANSWERED);
		Set<ActionKind> status = EnumSet.of(ActionKind.STATUS_UPDATE);
		return new SlaPolicy(Map.of(
				Grade.A, List.of(
						new LadderStep(Duration.ofMinutes(30), answered, StepAction.REMIND_OWNER),
						new LadderStep(Duration.ofHours(2), ActionKind.REPLY, StepAction.POPUP_OWNER),
						new LadderStep(Duration.ofHours(4), status, StepAction.EMAIL_MANAGER)),
				Grade.B, List.of(
						new LadderStep(Duration.ofHours(2), ActionKind.CONTACT, StepAction.REMIND_OWNER),
						new LadderStep(Duration.ofHours(8), ActionKind.REPLY, StepAction.POPUP_OWNER),
						new LadderStep(Duration.ofHours(12), status, StepAction.EMAIL_MANAGER)),
				Grade.C, List.of(
						new LadderStep(Duration.ofHours(8), ActionKind.CONTACT, StepAction.REMIND_OWNER),
						new LadderStep(Duration.ofHours(20), ActionKind.REPLY, StepAction.POPUP_OWNER))),
				Duration.ofHours(24), ActionKind.VALID, Duration.ofHours(48), Duration.ofHours(72), null);
	}

	public List<LadderStep> ladder(Grade grade) {
		return ladders.get(grade);
	}

	public SlaPolicy withCalendar(Long calendarId) {
		return new SlaPolicy(ladders, recycleAfter, recycleKinds, yellowAfter, redAfter, calendarId);
	}

	/** Every problem, each naming its field (e.g. {@code ladders.A[1].after}); empty when valid. */
	public List<PolicyViolation> validate() {
		List<PolicyViolation> out = new ArrayList<>();
		if (recycleAfter != null) {
			positive(out, "recycleAfter", recycleAfter);
			if (recycleKinds.isEmpty()) {
				out.add(new PolicyViolation("recycleKinds", "error.sla.noKinds", List.of()));
			}
		}
		positive(out, "yellowAfter", yellowAfter);
		positive(out, "redAfter", redAfter);
		if (yellowAfter != null && redAfter != null && yellowAfter.compareTo(redAfter) >= 0) {
			out.add(new PolicyViolation("yellowAfter", "error.sla.yellowNotBeforeRed", List.of()));
		}
		for (Grade grade : Grade.values()) {
			List<LadderStep> steps = ladder(grade);
			if (steps.size() > MAX_STEPS) {
				out.add(new PolicyViolation("ladders." + grade, "error.sla.tooManySteps", List.of(MAX_STEPS)));
				continue;
			}
			boolean ended = false;
			for (int i = 0; i < steps.size(); i++) {
				LadderStep step = steps.get(i);
				String field = "ladders." + grade + "[" + i + "]";
				if (ended) {
					out.add(new PolicyViolation(field, "error.sla.stepAfterEnd", List.of()));
				}
				if (!positive(out, field + ".after", step.after())) {
					continue;
				}
				if (recycleAfter != null && step.after().compareTo(recycleAfter) >= 0) {
					out.add(new PolicyViolation(field + ".after", "error.sla.stepAfterRecycling",
							List.of(SlaDurations.format(step.after()), SlaDurations.format(recycleAfter))));
				}
				if (step.action() == null) {
					out.add(new PolicyViolation(field + ".action", "error.required", List.of()));
				}
				else {
					ended |= step.action().endsCycle();
				}
				if (step.without().isEmpty()) {
					out.add(new PolicyViolation(field + ".without", "error.sla.noKinds", List.of()));
				}
			}
		}
		return out;
	}

	private static boolean positive(List<PolicyViolation> out, String field, Duration d) {
		if (d == null) {
			out.add(new PolicyViolation(field, "error.required", List.of()));
			return false;
		}
		if (d.isZero() || d.isNegative()) {
			out.add(new PolicyViolation(field, "error.sla.notPositive", List.of(SlaDurations.format(d))));
			return false;
		}
		if (d.compareTo(MAX_DURATION) > 0) {
			out.add(new PolicyViolation(field, "error.sla.tooLong", List.of(SlaDurations.format(d))));
			return false;
		}
		return true;
	}
}
