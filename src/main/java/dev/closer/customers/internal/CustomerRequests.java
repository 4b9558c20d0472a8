package dev.closer.customers.internal;

import java.util.List;

/** Request bodies of the customer API (and the page forms, which build the same). */
final class CustomerRequests {

	private CustomerRequests() {
	}

	/**
	 * A contact person.
	 * @param primary the customer's main contact (at most one; the first contact when none is marked)
	 */
	record ContactRequest(String name, String title, String phone, String email, String wechatId, Boolean primary,
			String notes) {
	}

	/**
	 * A new customer: by hand, or converted from a lead ({@code fromLeadId}; then the lead's contact becomes the
	 * primary contact, its owner and team the customer's). {@code attachTo} converts the lead into that
	 * existing customer instead (the answer to a 409 duplicate).
	 */
	record CreateCustomer(Long fromLeadId, Long attachTo, String name, String industry, String phone, String email,
			String address, String notes, Long ownerId, List<ContactRequest> contacts) {
	}

	/** Converting a lead: every field optional (the name defaults to the lead's company). */
	record ConvertLead(Long attachTo, String name, String industry, String phone, String email, String address,
			String notes, List<ContactRequest> contacts) {

		CreateCustomer toCreate(long leadId) {
			return new CreateCustomer(leadId, attachTo, name, industry, phone, email, address, notes, null, contacts);
		}
	}

	/**
	 * A profile edit: every editable field is replaced (an empty optional field is cleared); {@code version} is the
	 * one read with the customer (a stale one answers 409); {@code expectedAnnualValue} in CNY, at most two decimals.
	 */
	record UpdateCustomer(String name, String industry, String phone, String email, String address, String notes,
			Boolean keyAccount, java.math.BigDecimal expectedAnnualValue, Long version) {
	}

	/** A new owner, with the reason (required, audited). */
	record OwnerChange(Long ownerId, String reason) {
	}
}
