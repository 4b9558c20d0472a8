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

	private final boolean named;

	DuplicateCustomerException(long existingId, String existingName, String ownerName, String matchedOn,
			boolean attachable) {
		super(org.springframework.http.HttpStatus.CONFLICT, (String) null, "error.customer.duplicate." + matchedOn,
				new Object[] { existingName, ownerName == null ? "—" : ownerName });
		this.existingId = existingId;
		this.existingName = existingName;
		this.ownerName = ownerName;
		this.matchedOn = matchedOn;
		this.attachable = attachable;
		this.named = true;
	}

	/** The key belongs to a customer the caller may not see: 409 without naming it. */
	private DuplicateCustomerException(String matchedOn) {
		super(org.springframework.http.HttpStatus.CONFLICT, (String) null,
				"error.customer.duplicate." + matchedOn + ".hidden", new Object[0]);
		this.existingId = 0;
		this.existingName = null;
		this.ownerName = null;
		this.matchedOn = matchedOn;
		this.attachable = false;
		this.named = false;
	}

	static DuplicateCustomerException hidden(String matchedOn) {
		return new DuplicateCustomerException(matchedOn);
	}

	/** False when the existing customer is outside the caller's scope: then only {@link #matchedOn()} is told. */
	public boolean named() {
		return named;
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
