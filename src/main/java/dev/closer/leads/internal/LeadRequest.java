package dev.closer.leads.internal;

import java.math.BigDecimal;
import java.time.Instant;

import dev.closer.leads.Grade;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * A new lead as submitted (API, form, import row). Contact name and at least one way to reach the
 * contact are required; grade is computed, but a submitter may claim A, which then requires A's fields.
 */
record LeadRequest(Long teamId, @NotBlank @Size(max = 100) String contactName, @Size(max = 40) String phone,
		@Size(max = 254) String email, @Size(max = 64) String wechatId, @Size(max = 200) String company,
		@Size(max = 64) String industry, @Size(max = 64) String productLine, Long regionId, @Size(max = 300) String address,
		@DecimalMin("-90") @DecimalMax("90") Double latitude, @DecimalMin("-180") @DecimalMax("180") Double longitude,
		@DecimalMin("0") @Digits(integer = 17, fraction = 2) BigDecimal budget, Boolean budgetConfirmed,
		Boolean decisionChainKnown, Instant firstContactDueAt, @Size(max = 64) String sourceChannel,
		@Size(max = 100) String sourceCampaign, @Size(max = 4000) String notes, Grade requestedGrade) {

	boolean budgetConfirmedOrFalse() {
		return Boolean.TRUE.equals(budgetConfirmed);
	}

	boolean decisionChainKnownOrFalse() {
		return Boolean.TRUE.equals(decisionChainKnown);
	}
}
