package dev.closer.leads.internal.allocation;

/** How a decision ended. Message key: {@code allocation.outcome.<name>}. */
public enum Outcome {

	/** A winner was chosen; the caller assigns the lead (after re-checking the winner's status, SPEC P2). */
	ASSIGNED("assigned", false),

	/** The team has no reps at all: the lead goes to the public pool. */
	NO_CANDIDATES("noCandidates", true),

	/** Every rep failed an eligibility rule (see each candidate's verdicts): the lead goes to the public pool. */
	NO_ELIGIBLE_REP("noEligibleRep", true),

	/** TERRITORY strategy but the lead has no region: nobody's territory, so the public pool. */
	NO_TERRITORY("noTerritory", true),

	/** MANUAL strategy: a manager assigns; the assessments are advice. */
	MANUAL("manual", false);

	private final String key;

	private final boolean publicPool;

	Outcome(String key, boolean publicPool) {
		this.key = "allocation.outcome." + key;
		this.publicPool = publicPool;
	}

	public String messageKey() {
		return key;
	}

	/** Whether the lead should go to the public pool (SPEC L7) rather than wait for a manager or an owner. */
	public boolean goesToPublicPool() {
		return publicPool;
	}
}
