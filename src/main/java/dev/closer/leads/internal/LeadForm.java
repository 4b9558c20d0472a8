package dev.closer.leads.internal;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.ZoneId;

import dev.closer.shared.security.CurrentUser;

/** The manual-entry form; converted to a {@link LeadRequest}, never bound onto a lead. */
class LeadForm {

	private Long teamId;

	private String contactName;

	private String phone;

	private String email;

	private String wechatId;

	private String company;

	private String industry;

	private String productLine;

	private String address;

	private Double latitude;

	private Double longitude;

	private BigDecimal budget;

	private boolean budgetConfirmed;

	private boolean decisionChainKnown;

	@org.springframework.format.annotation.DateTimeFormat(pattern = "yyyy-MM-dd'T'HH:mm")
	private LocalDateTime firstContactDue;

	private String sourceChannel = "manual";

	private String sourceCampaign;

	private String notes;

	LeadRequest toRequest() {
		ZoneId zone = CurrentUser.current().map(CurrentUser::zoneId).orElse(ZoneId.of("Asia/Shanghai"));
		return new LeadRequest(teamId, contactName, phone, email, wechatId, company, industry, productLine, null, address,
				latitude, longitude, budget, budgetConfirmed, decisionChainKnown,
				firstContactDue == null ? null : firstContactDue.atZone(zone).toInstant(), sourceChannel, sourceCampaign,
				notes, null);
	}

	public Long getTeamId() { return teamId; }
	public void setTeamId(Long v) { teamId = v; }
	public String getContactName() { return contactName; }
	public void setContactName(String v) { contactName = v; }
	public String getPhone() { return phone; }
	public void setPhone(String v) { phone = v; }
	public String getEmail() { return email; }
	public void setEmail(String v) { email = v; }
	public String getWechatId() { return wechatId; }
	public void setWechatId(String v) { wechatId = v; }
	public String getCompany() { return company; }
	public void setCompany(String v) { company = v; }
	public String getIndustry() { return industry; }
	public void setIndustry(String v) { industry = v; }
	public String getProductLine() { return productLine; }
	public void setProductLine(String v) { productLine = v; }
	public String getAddress() { return address; }
	public void setAddress(String v) { address = v; }
	public Double getLatitude() { return latitude; }
	public void setLatitude(Double v) { latitude = v; }
	public Double getLongitude() { return longitude; }
	public void setLongitude(Double v) { longitude = v; }
	public BigDecimal getBudget() { return budget; }
	public void setBudget(BigDecimal v) { budget = v; }
	public boolean isBudgetConfirmed() { return budgetConfirmed; }
	public void setBudgetConfirmed(boolean v) { budgetConfirmed = v; }
	public boolean isDecisionChainKnown() { return decisionChainKnown; }
	public void setDecisionChainKnown(boolean v) { decisionChainKnown = v; }
	public LocalDateTime getFirstContactDue() { return firstContactDue; }
	public void setFirstContactDue(LocalDateTime v) { firstContactDue = v; }
	public String getSourceChannel() { return sourceChannel; }
	public void setSourceChannel(String v) { sourceChannel = v; }
	public String getSourceCampaign() { return sourceCampaign; }
	public void setSourceCampaign(String v) { sourceCampaign = v; }
	public String getNotes() { return notes; }
	public void setNotes(String v) { notes = v; }
}
