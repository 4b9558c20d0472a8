package dev.closer.pipeline.internal;

import java.util.List;

import org.springframework.stereotype.Component;

import dev.closer.customers.CustomerTimelineSource;

/** The customer's opportunities on its timeline (C7), at their creation. */
@Component
class OpportunityTimeline implements CustomerTimelineSource {

	private final OpportunityQueries queries;

	OpportunityTimeline(OpportunityQueries queries) {
		this.queries = queries;
	}

	@Override
	public List<Entry> timeline(long customerId, List<Long> leadIds, int limit) {
		return queries.ofCustomer(customerId, limit).stream()
			.map(o -> new Entry(o.createdAt(), "pipeline/fragments :: entry", o))
			.toList();
	}
}
