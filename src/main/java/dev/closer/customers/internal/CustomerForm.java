package dev.closer.customers.internal;

import java.util.ArrayList;
import java.util.List;

import dev.closer.customers.internal.CustomerRequests.ContactRequest;
import dev.closer.customers.internal.CustomerRequests.CreateCustomer;

/** The "new customer" / "convert lead" page form: the customer and one contact. */
class CustomerForm {

	private Long leadId;

	private Long attachTo;

	private String name;

	private String industry;

	private String phone;

	private String email;

	private String address;

	private String notes;

	private Long ownerId;

	private String contactName;

	private String contactTitle;

	private String contactPhone;

	private String contactEmail;

	CreateCustomer toRequest() {
		List<ContactRequest> contacts = new ArrayList<>();
		if (has(contactName) || has(contactTitle) || has(contactPhone) || has(contactEmail)) {
			contacts.add(new ContactRequest(contactName, contactTitle, contactPhone, contactEmail, null, null, null));
		}
		return new CreateCustomer(leadId, attachTo, name, industry, phone, email, address, notes, ownerId, contacts);
	}

	private static boolean has(String s) {
		return s != null && !s.isBlank();
	}

	public Long getLeadId() {
		return leadId;
	}

	public void setLeadId(Long leadId) {
		this.leadId = leadId;
	}

	public Long getAttachTo() {
		return attachTo;
	}

	public void setAttachTo(Long attachTo) {
		this.attachTo = attachTo;
	}

	public String getName() {
		return name;
	}

	public void setName(String name) {
		this.name = name;
	}

	public String getIndustry() {
		return industry;
	}

	public void setIndustry(String industry) {
		this.industry = industry;
	}

	public String getPhone() {
		return phone;
	}

	public void setPhone(String phone) {
		this.phone = phone;
	}

	public String getEmail() {
		return email;
	}

	public void setEmail(String email) {
		this.email = email;
	}

	public String getAddress() {
		return address;
	}

	public void setAddress(String address) {
		this.address = address;
	}

	public String getNotes() {
		return notes;
	}

	public void setNotes(String notes) {
		this.notes = notes;
	}

	public Long getOwnerId() {
		return ownerId;
	}

	public void setOwnerId(Long ownerId) {
		this.ownerId = ownerId;
	}

	public String getContactName() {
		return contactName;
	}

	public void setContactName(String contactName) {
		this.contactName = contactName;
	}

	public String getContactTitle() {
		return contactTitle;
	}

	public void setContactTitle(String contactTitle) {
		this.contactTitle = contactTitle;
	}

	public String getContactPhone() {
		return contactPhone;
	}

	public void setContactPhone(String contactPhone) {
		this.contactPhone = contactPhone;
	}

	public String getContactEmail() {
		return contactEmail;
	}

	public void setContactEmail(String contactEmail) {
		this.contactEmail = contactEmail;
	}
}
