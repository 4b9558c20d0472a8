package dev.closer.pipeline.internal;

/** Request bodies of the opportunity API (amounts and dates as text, so a bad one is refused naming the rule). */
final class OpportunityRequests {

	private OpportunityRequests() {
	}

	/** A new opportunity on a customer (optionally the lead it was converted from). */
	record Create(Long customerId, Long leadId, String name, String amount, String expectedCloseOn,
			String productLines, String decisionMaker, String templateCode, Long ownerId) {
	}

	/** Changed fields: null leaves a field as it is, a blank text clears it (the name cannot be cleared). */
	record Update(String name, String amount, String expectedCloseOn, String productLines, String decisionMaker,
			String blocker) {
	}

	/** A stage move: the target stage code (optional for advance: the next stage) and the reason where required. */
	record Move(String to, String reason) {
	}

	/** Won or lost, with the reason. */
	record Close(String reason) {
	}
}
