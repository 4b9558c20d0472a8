package dev.closer.customers;

import java.time.Instant;
import java.util.List;

/** A customer as other modules see it: name, owner, team, the leads converted into it. */
public record CustomerRef(long id, String name, Long ownerId, long teamId, List<Long> leadIds, Instant createdAt) {
}
