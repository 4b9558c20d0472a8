package dev.closer.customers;

import java.time.Instant;
import java.util.List;

/**
 * Something another module shows on a customer's timeline (C7: "everything that happened"), e.g. follow-ups.
 * The customer page asks every source and merges the entries newest first; each entry renders with its
 * own Thymeleaf fragment, which receives the entry as {@code entry} and its item as {@code item}.
 */
public interface CustomerTimelineSource {

	/**
	 * Entries of the customer and of the leads converted into it, newest first, at most {@code limit}.
	 * The caller has checked that the viewer may see the customer.
	 */
	List<Entry> timeline(long customerId, List<Long> leadIds, int limit);

	/** One timeline entry: when, a fragment reference such as {@code "activities/fragments :: entry"}, the item. */
	record Entry(Instant at, String fragment, Object item) {
	}
}
