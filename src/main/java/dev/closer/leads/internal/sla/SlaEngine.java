package dev.closer.leads.internal.sla;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.closer.shared.calendar.SlaTime;

/**
 * Evaluates a lead's response clock (SPEC S1-S4). Pure: the caller supplies the state, the policy
 * version of the cycle, how time is counted and "now", and persists what comes back.
 *
 * <p>Every step is due at {@code assignedAt + after} (in counted time) and is stopped for good by any
 * of its action kinds; recycling is due {@code recycleAfter} after the last valid action (or the
 * assignment); yellow and red are due after the last action of any kind. Whatever is due by
 * {@code now} fires once, in order; a step that takes the lead away ends the cycle.
 */
public final class SlaEngine {

	/** What fired and the state after it; {@code nextDue} is null when the cycle ended or nothing is pending. */
	public record Evaluation(List<Firing> fired, ClockState state, Instant nextDue, boolean cycleEnded) {
	}

	private SlaEngine() {
	}

	public static Evaluation evaluate(ClockState s, SlaPolicy p, SlaTime time, Instant now) {
		List<Firing> fired = new ArrayList<>();
		List<LadderStep> steps = p.ladder(s.grade());
		int i = s.stepsDone();
		boolean ended = false;
		while (i < steps.size()) {
			LadderStep step = steps.get(i);
			if (step.stoppedBy(s.kindsSeen())) {
				i++;
				continue;
			}
			Instant due = time.plus(s.assignedAt(), step.after());
			if (due.isAfter(now)) {
				break;
			}
			fired.add(new Firing(Firing.Kind.STEP, i, step.action(), due));
			i++;
			if (step.action().endsCycle()) {
				ended = true;
				break;
			}
		}
		Heat heat = s.heat();
		if (!ended && p.recycleAfter() != null) {
			Instant due = time.plus(s.validBase(), p.recycleAfter());
			if (!due.isAfter(now)) {
				fired.add(new Firing(Firing.Kind.RECYCLE, -1, null, due));
				ended = true;
			}
		}
		if (!ended) {
			Instant red = time.plus(s.updateBase(), p.redAfter());
			Instant yellow = time.plus(s.updateBase(), p.yellowAfter());
			if (heat != Heat.RED && !s.blocked() && !red.isAfter(now)) {
				fired.add(new Firing(Firing.Kind.RED, -1, null, red));
				heat = Heat.RED;
			}
			else if (heat == Heat.NONE && !yellow.isAfter(now)) {
				fired.add(new Firing(Firing.Kind.YELLOW, -1, null, yellow));
				heat = Heat.YELLOW;
			}
		}
		ClockState next = s.advanced(i, heat);
		return new Evaluation(List.copyOf(fired), next, ended ? null : nextDue(next, p, time), ended);
	}

	/** The earliest moment something is due for this state, or null when nothing is pending. */
	public static Instant nextDue(ClockState s, SlaPolicy p, SlaTime time) {
		Instant next = null;
		List<LadderStep> steps = p.ladder(s.grade());
		for (int i = s.stepsDone(); i < steps.size(); i++) {
			LadderStep step = steps.get(i);
			if (!step.stoppedBy(s.kindsSeen())) {
				next = time.plus(s.assignedAt(), step.after());
				break;
			}
		}
		if (p.recycleAfter() != null) {
			next = min(next, time.plus(s.validBase(), p.recycleAfter()));
		}
		if (s.heat() == Heat.NONE) {
			next = min(next, time.plus(s.updateBase(), p.yellowAfter()));
		}
		else if (s.heat() == Heat.YELLOW && !s.blocked()) {
			next = min(next, time.plus(s.updateBase(), p.redAfter()));
		}
		return next;
	}

	/** The next step that can still fire, or -1. */
	public static int nextStep(ClockState s, SlaPolicy p) {
		List<LadderStep> steps = p.ladder(s.grade());
		for (int i = s.stepsDone(); i < steps.size(); i++) {
			if (!steps.get(i).stoppedBy(s.kindsSeen())) {
				return i;
			}
		}
		return -1;
	}

	private static Instant min(Instant a, Instant b) {
		return a == null || b.isBefore(a) ? b : a;
	}
}
