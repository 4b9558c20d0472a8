package dev.closer.customers.internal;

import java.time.Instant;

/**
 * A customer as the API and pages show it; {@code version} is the optimistic-lock counter a profile edit must send
 * back, {@code keyAccount} and {@code expectedAnnualValue} (CNY) decide "high value" (SPEC F7).
 */
record CustomerView(long id, String name, String industry, String phone, String email, String address, String notes,
		Long ownerId, String ownerName, long teamId, Long sourceLeadId, Instant lastActivityAt, Instant createdAt,
		String createdBy, Instant updatedAt, boolean keyAccount, java.math.BigDecimal expectedAnnualValue, long version) {
}
