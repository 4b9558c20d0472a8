package dev.closer.leads.internal.sla;

import java.time.Instant;

/**
 * Something the clock does now.
 *
 * @param kind STEP, RECYCLE, YELLOW or RED
 * @param stepIndex the ladder step (STEP only, else -1)
 * @param action the step's action (STEP only)
 * @param dueAt when it was due (firing time minus this is the lateness)
 */
public record Firing(Kind kind, int stepIndex, StepAction action, Instant dueAt) {

	public enum Kind {
		STEP, RECYCLE, YELLOW, RED
	}

	/** The owner loses the lead. */
	public boolean endsCycle() {
		return kind == Kind.RECYCLE || (action != null && action.endsCycle());
	}
}
