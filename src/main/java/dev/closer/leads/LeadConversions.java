package dev.closer.leads;

import java.util.List;
import java.util.Optional;

import dev.closer.shared.security.CurrentUser;

/**
 * Turning a lead into a customer (SPEC F, C7): the customers module asks, the leads module changes the lead.
 * Every method is scoped like the lead pages: a lead outside the actor's data scope is not found.
 */
public interface LeadConversions {

	/** The lead if the actor may see it (own, team, region, all; the pool of the actor's team); else empty. */
	Optional<LeadSnapshot> find(long leadId, CurrentUser actor);

	/**
	 * Marks the lead CONVERTED: locks its row, checks scope (404) and state (409 unless it is ASSIGNED and the
	 * actor owns it or manages it), sets the status and {@code closed_at}, audits, and stops its response SLA
	 * clock. Joins the caller's transaction (required), so the customer and the lead change commit together.
	 * @return the lead as it was before the conversion
	 */
	LeadSnapshot convert(long leadId, CurrentUser actor);

	/** Converted leads that have an owner, oldest conversion first, at most {@code limit} (demo seeding, reports). */
	List<LeadSnapshot> converted(int limit);
}
