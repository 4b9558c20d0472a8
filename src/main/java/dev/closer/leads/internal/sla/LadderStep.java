package dev.closer.leads.internal.sla;

import java.time.Duration;
import java.util.Set;

/**
 * One rung of a ladder: {@code after} this much SLA time since assignment without any of the
 * {@code without} kinds of action, do {@code action}.
 */
public record LadderStep(Duration after, Set<ActionKind> without, StepAction action) {

	public LadderStep {
		without = without == null ? Set.of() : Set.copyOf(without);
	}

	/** Stopped for good once any of its action kinds is seen in the cycle. */
	boolean stoppedBy(int kindsSeen) {
		return (ActionKind.mask(without) & kindsSeen) != 0;
	}
}
