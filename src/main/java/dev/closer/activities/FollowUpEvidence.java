package dev.closer.activities;

import java.time.Instant;
import java.util.List;

/**
 * Follow-ups as verifiable evidence for other modules (SPEC O2: "a required action is a follow-up of a given
 * scenario, a booked meeting"): what was recorded on a customer from a moment on. Unscoped: the caller has
 * checked that its user may see the customer.
 */
public interface FollowUpEvidence {

	/** Follow-ups on the customer (not on its leads) that occurred at or after {@code since}, oldest first. */
	List<EvidenceItem> since(long customerId, Instant since);

	/** A scenario's name in the reader's language (its code when there is no such scenario). */
	String scenarioName(String code, java.util.Locale locale);

	/** The codes of the current scenario templates (e.g. {@code PRICE_OBJECTION}), for validating references to them. */
	java.util.Set<String> scenarioCodes();

	/**
	 * One recorded follow-up.
	 * @param templateCode the scenario template code (e.g. {@code DEMO_FEEDBACK}), or null without a template
	 * @param channel CALL, WECHAT, EMAIL, VISIT or MEETING
	 */
	record EvidenceItem(long id, long customerId, String templateCode, String channel, Instant occurredAt,
			long actorId) {
	}
}
