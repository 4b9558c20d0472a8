package dev.closer.leads.internal.sla;

import java.time.Instant;

import dev.closer.leads.Grade;

/**
 * One lead's response clock in its current cycle (a cycle starts at each assignment).
 *
 * @param assignedAt start of the cycle
 * @param lastActionAt the latest action of any kind in the cycle (an "update" for red/yellow), or null
 * @param lastValidAt the latest action of a recycling-valid kind in the cycle, or null
 * @param kindsSeen bit mask of the {@link ActionKind}s recorded in the cycle
 * @param stepsDone ladder steps already fired or passed
 * @param heat red/yellow already signalled
 * @param blocked a blocker reason is set (no red while it is)
 */
public record ClockState(Grade grade, Instant assignedAt, Instant lastActionAt, Instant lastValidAt, int kindsSeen,
		int stepsDone, Heat heat, boolean blocked) {

	public static ClockState started(Grade grade, Instant at) {
		return new ClockState(grade, at, null, null, 0, 0, Heat.NONE, false);
	}

	/** After an action: its kind is seen, the lead counts as updated, red/yellow clear. */
	public ClockState acted(ActionKind kind, boolean valid, Instant at) {
		return new ClockState(grade, assignedAt, at, valid ? at : lastValidAt, kindsSeen | kind.bit(), stepsDone,
				Heat.NONE, blocked);
	}

	public ClockState blocked(boolean blocked) {
		Heat h = blocked && heat == Heat.RED ? Heat.YELLOW : heat;
		return new ClockState(grade, assignedAt, lastActionAt, lastValidAt, kindsSeen, stepsDone, h, blocked);
	}

	ClockState advanced(int stepsDone, Heat heat) {
		return new ClockState(grade, assignedAt, lastActionAt, lastValidAt, kindsSeen, stepsDone, heat, blocked);
	}

	Instant updateBase() {
		return lastActionAt == null ? assignedAt : lastActionAt;
	}

	Instant validBase() {
		return lastValidAt == null ? assignedAt : lastValidAt;
	}
}
