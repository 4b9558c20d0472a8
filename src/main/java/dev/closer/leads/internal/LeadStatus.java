package dev.closer.leads.internal;

/** Where a lead is: owned, in the public pool, a duplicate routed to the original's owner, or done. */
enum LeadStatus {
	ASSIGNED, POOL, DUPLICATE, CONVERTED, CLOSED;

	/** Counts toward a rep's load (SPEC L4: load rate = active leads / baseline). */
	boolean active() {
		return this == ASSIGNED;
	}
}
