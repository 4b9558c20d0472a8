package dev.closer.customers.internal;

import dev.closer.shared.problem.BusinessException;

/**
 * 409: a customer with the same company name, phone or e-mail exists. Names it, and says whether the caller
 * may convert into it instead ("attach to existing": the existing customer is within their data scope).
 */
class DuplicateCustomerException extends BusinessException {

	private final long existingId;

	private final String existingName;

	private final String ownerName;

	private final String matchedOn;

	private final boolean attachable;

	DuplicateCustomerException(long existingId, String existingName, String ownerName, String matchedOn,
			boolean attachable) {
		super(org.springframework.http.HttpStatus.CONFLICT, (String) null, "error.customer.duplicate." + matchedOn,
				new Object[] { existingName, ownerName == null ? "—" : ownerName });
		this.existingId = existingId;
		this.existingName = existingName;
		this.ownerName = ownerName;
		this.matchedOn = matchedOn;
		this.attachable = attachable;
	}

	public long existingId() {
		return existingId;
	}

	public String existingName() {
		return existingName;
	}

	public String ownerName() {
		return ownerName;
	}

	public String matchedOn() {
		return matchedOn;
	}

	public boolean attachable() {
		return attachable;
	}
}
