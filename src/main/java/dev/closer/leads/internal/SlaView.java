package dev.closer.leads.internal;

import java.time.Instant;
import java.util.List;

import dev.closer.leads.internal.sla.Heat;

/**
 * A lead's response clock as pages and the API show it: where it stands, what comes next and when,
 * and what has fired (with the policy version each firing used).
 */
record SlaView(long leadId, boolean running, int cycle, Long ownerId, String grade, int policyVersion, Long calendarId,
		Heat heat, String blocker, Instant assignedAt, Instant firstResponseAt, NextStep nextStep, Instant recycleAt,
		Instant yellowAt, Instant redAt, Instant nextDueAt, List<Fired> fired) {

	record NextStep(int index, String after, List<String> without, String action, Instant dueAt) {
	}

	record Fired(String kind, int stepIndex, String action, Long ownerId, int cycle, int policyVersion, Instant dueAt,
			Instant firedAt) {
	}
}
