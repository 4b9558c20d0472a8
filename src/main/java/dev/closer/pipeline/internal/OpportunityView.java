package dev.closer.pipeline.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/** An opportunity as read for pages and the API (SPEC O1-O5), with its customer's and owner's names. */
record OpportunityView(long id, long customerId, String customerName, Long leadId, String name, BigDecimal amount,
		String currency, LocalDate expectedCloseOn, String productLines, String decisionMaker, String blocker,
		long ownerId, String ownerName, long teamId, long templateId, String templateCode, int templateVersion,
		String stageCode, Instant stageEnteredAt, boolean stageOverridden, String overrideReason, int probability,
		String status, String closeReason, Instant closedAt, Instant lastUpdateAt, Instant createdAt,
		String createdBy) {

	public boolean open() {
		return "OPEN".equals(status);
	}

	Gate.Facts facts() {
		return new Gate.Facts(amount, expectedCloseOn, productLines, decisionMaker, stageEnteredAt);
	}
}
