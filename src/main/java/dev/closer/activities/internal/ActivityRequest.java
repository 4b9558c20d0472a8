package dev.closer.activities.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

/**
 * A follow-up to record (SPEC F1, F2).
 * @param customerId the customer it concerns, or
 * @param leadId the (assigned) lead it concerns: exactly one of the two
 * @param contactId the customer's contact person spoken to (optional)
 * @param channel CALL, WECHAT, EMAIL, VISIT or MEETING
 * @param input what the customer wants now
 * @param action what I did (required)
 * @param output the customer's explicit answer (for a call: without one the call counts as not answered)
 * @param blocker what stops the next step
 * @param templateCode a scenario template (optional); its required fields then go in {@code fields}
 * @param fields the template's field values by field name
 * @param nextStep the next step (with {@code nextStepDue}, both or neither)
 * @param nextStepDue when the next step is due (today or later, in the user's zone)
 * @param occurredAt when it happened (default now; never in the future)
 * @param visit on a visit, the visit essentials (customer role, procurement stage); completable later that day (F3)
 */
record ActivityRequest(Long customerId, Long leadId, Long contactId, String channel, String input, String action,
		String output, String blocker, String templateCode, Map<String, Object> fields, String nextStep,
		LocalDate nextStepDue, Instant occurredAt, Map<String, Object> visit) {
}
