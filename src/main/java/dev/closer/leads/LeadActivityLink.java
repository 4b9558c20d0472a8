package dev.closer.leads;

import java.util.Optional;

import dev.closer.shared.security.CurrentUser;

/**
 * Follow-ups on leads (SPEC F1) count as response-SLA actions (S1-S4): the activities module tells the leads
 * module about each one recorded on a lead, in the transaction that stores it.
 */
public interface LeadActivityLink {

	/** The lead as the subject of a follow-up, if the actor may see it; else empty. */
	Optional<LeadSnapshot> subject(long leadId, CurrentUser actor);

	/**
	 * Records the follow-up as an action on the lead's SLA clock: CALL becomes CALL_ANSWERED when the customer
	 * answered ({@code answered}: the follow-up has an output) and CALL_UNANSWERED otherwise; WECHAT, EMAIL and
	 * VISIT map to themselves and MEETING to VISIT. The lead must be ASSIGNED and the actor its owner or a
	 * manager with it in scope (409 otherwise). Joins the caller's transaction.
	 * @param channel CALL, WECHAT, EMAIL, VISIT or MEETING
	 * @param note what happened, kept with the action (cut to 2,000 characters)
	 */
	void followUpRecorded(long leadId, String channel, boolean answered, String note, CurrentUser actor);
}
