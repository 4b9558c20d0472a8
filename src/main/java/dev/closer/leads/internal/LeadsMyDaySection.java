package dev.closer.leads.internal;

import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import dev.closer.shared.security.CurrentUser;
import dev.closer.shared.security.DataScope;
import dev.closer.shared.web.MyDaySection;

/** "My day": my newest open leads and how many wait in my team's pool. */
@Component
class LeadsMyDaySection implements MyDaySection {

	private final LeadQueries queries;

	LeadsMyDaySection(LeadQueries queries) {
		this.queries = queries;
	}

	@Override
	public int order() {
		return 20;
	}

	@Override
	public String fragment() {
		return "leads/my-day :: myDay";
	}

	@Override
	public Map<String, Object> model(CurrentUser user) {
		var mine = queries.search(DataScope.own(user.id()),
				new LeadQueries.LeadFilter(null, LeadStatus.ASSIGNED, null, null, user.id(), null, null), 0, 5);
		long pool = user.teamId() == null ? 0
				: queries.pool(List.of(user.teamId()), new LeadQueries.LeadFilter(null, null, null, null, null, null, null),
						0, 1).total();
		return Map.of("items", mine.items(), "total", mine.total(), "pool", pool);
	}
}
