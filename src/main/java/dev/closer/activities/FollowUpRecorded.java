package dev.closer.activities;

import java.time.Instant;

/**
 * Published in the recording transaction when a follow-up is recorded on a customer or a lead (SPEC F1). Other
 * modules react in that transaction (e.g. an opportunity of the customer counts it as an update for red/yellow,
 * SPEC S3) or after it commits.
 */
public record FollowUpRecorded(long activityId, Long customerId, Long leadId, String channel, Instant occurredAt,
		long actorId) {
}
