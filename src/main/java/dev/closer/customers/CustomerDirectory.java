package dev.closer.customers;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.closer.shared.security.CurrentUser;

/** Read access to customers for other modules, scoped like the customer pages. */
public interface CustomerDirectory {

	/** The customer if the viewer may see it (own, team, region, all); else empty (callers answer 404). */
	Optional<CustomerRef> find(long customerId, CurrentUser viewer);

	/** The customer's current contacts, primary first (the caller has checked the scope). */
	List<ContactRef> contacts(long customerId);

	/** Notes that something happened with the customer at {@code at} (list sort "last follow-up"). Joins the caller's transaction. */
	void activityRecorded(long customerId, Instant at);

	/**
	 * The team's high-value customers (SPEC F7), by id: key accounts (when {@code keyAccounts}) and customers whose
	 * expected annual value is at least {@code threshold} (CNY; null: the value does not count). Unscoped: for
	 * background jobs (the weekly draw), whose callers scope what they show.
	 */
	List<HighValueCustomer> highValue(long teamId, BigDecimal threshold, boolean keyAccounts);

	/** Customers oldest first, at most {@code limit}, unscoped: for demo seeding and background jobs only. */
	List<CustomerRef> oldest(int limit);
}
