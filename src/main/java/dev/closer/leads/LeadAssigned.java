package dev.closer.leads;

/**
 * A lead got an owner: by the allocation engine, a claim from the pool, or a manual reassignment.
 * Starts (or restarts) the response clocks of SPEC S1/S4.
 */
public record LeadAssigned(long leadId, long ownerId, Long previousOwnerId, long teamId, Grade grade, String how,
		Long decisionId) {
}
