package dev.closer.leads;

/** A lead went back to the public pool (released by its owner, recycled, or nobody was eligible). */
public record LeadReleased(long leadId, Long previousOwnerId, long teamId, String reason) {
}
