package dev.closer.activities.internal;

import java.util.List;

import org.springframework.stereotype.Component;

import dev.closer.customers.CustomerTimelineSource;

/** Follow-ups on the customer's timeline (C7), including those recorded on its leads before conversion. */
@Component
class ActivitiesTimeline implements CustomerTimelineSource {

	private final ActivityQueries queries;

	ActivitiesTimeline(ActivityQueries queries) {
		this.queries = queries;
	}

	@Override
	public List<Entry> timeline(long customerId, List<Long> leadIds, int limit) {
		return queries.timeline(customerId, leadIds, limit).stream()
			.map(a -> new Entry(a.occurredAt(), "activities/fragments :: entry", a))
			.toList();
	}
}
