package dev.closer.leads;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A lead as other modules see it (conversion to a customer, follow-ups): who owns it, where it stands and
 * its contact details. {@code status} is one of ASSIGNED, POOL, DUPLICATE, CONVERTED, CLOSED.
 */
public record LeadSnapshot(long id, long teamId, Long ownerId, String status, Grade grade, String contactName,
		String phone, String email, String wechatId, String company, String industry, String productLine,
		Long regionId, String address, BigDecimal budget, Instant createdAt, Instant closedAt) {

	public boolean assigned() {
		return "ASSIGNED".equals(status);
	}

	/** What a person would call this lead: the company, else the contact. */
	public String label() {
		return company == null || company.isBlank() ? contactName : contactName + " · " + company;
	}
}
