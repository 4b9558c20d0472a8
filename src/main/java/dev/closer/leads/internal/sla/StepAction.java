package dev.closer.leads.internal.sla;

/** What a ladder step does when it fires (SPEC S1). */
public enum StepAction {

	/** An in-app reminder to the owner. */
	REMIND_OWNER(false),

	/** A pop-up on the owner's open pages (and the inbox). */
	POPUP_OWNER(false),

	/** E-mail (and inbox) to the team's direct managers. */
	EMAIL_MANAGER(false),

	/** IM robot message (and inbox) to the team's direct managers. */
	IM_MANAGER(false),

	/** E-mail (and inbox) to the region's directors. */
	ESCALATE_DIRECTOR(false),

	/** Take the lead from the owner and allocate it again (the owner is in reclaim cooldown). */
	REASSIGN(true),

	/** Take the lead from the owner and put it in the public pool. */
	RELEASE_TO_POOL(true);

	private final boolean endsCycle;

	StepAction(boolean endsCycle) {
		this.endsCycle = endsCycle;
	}

	/** The owner loses the lead: this cycle's clock ends here. */
	public boolean endsCycle() {
		return endsCycle;
	}
}
