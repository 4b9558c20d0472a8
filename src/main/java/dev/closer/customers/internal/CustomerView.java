package dev.closer.customers.internal;

import java.time.Instant;

/** A customer as the API and pages show it. */
record CustomerView(long id, String name, String industry, String phone, String email, String address, String notes,
		Long ownerId, String ownerName, long teamId, Long sourceLeadId, Instant lastActivityAt, Instant createdAt,
		String createdBy, Instant updatedAt) {
}
