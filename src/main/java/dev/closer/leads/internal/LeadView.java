package dev.closer.leads.internal;

import java.math.BigDecimal;
import java.time.Instant;

import dev.closer.leads.Grade;

/**
 * A lead as the API and pages show it. {@code heat} is the red/yellow of SPEC S3 (NONE, YELLOW, RED);
 * {@code rescreen} marks a lead recycled to the pool for want of action (S2).
 */
record LeadView(long id, long teamId, Long ownerId, String ownerName, LeadStatus status, Grade grade,
		long gradingVersion, String contactName, String phone, String email, String wechatId, String company,
		String industry, String productLine, Long regionId, String address, Double latitude, Double longitude,
		BigDecimal budget, boolean budgetConfirmed, boolean decisionChainKnown, Instant firstContactDueAt,
		String sourceChannel, String sourceCampaign, String notes, Long duplicateOf, Long previousOwnerId,
		Instant releasedAt, String releaseReason, Instant createdAt, Instant assignedAt, Instant updatedAt,
		boolean rescreen, String heat) {
}
