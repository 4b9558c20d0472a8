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

	private final org.springframework.jdbc.core.simple.JdbcClient jdbc;

	private final java.time.Clock clock;

	LeadsMyDaySection(LeadQueries queries, org.springframework.jdbc.core.simple.JdbcClient jdbc, java.time.Clock clock) {
		this.queries = queries;
		this.jdbc = jdbc;
		this.clock = clock;
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
		// SPEC S2/S3: my red and yellow leads, the next SLA step due, and what was recycled from me lately
		var heat = jdbc.sql("""
				select coalesce(sum(case when heat = 'RED' then 1 else 0 end), 0) as red,
				       coalesce(sum(case when heat = 'YELLOW' then 1 else 0 end), 0) as yellow, min(next_due_at) as due
				from lead_sla_clock where owner_id = :me and running = true""")
			.param("me", user.id())
			.query((rs, n) -> new Object[] { rs.getLong("red"), rs.getLong("yellow"),
					rs.getTimestamp("due") == null ? null : rs.getTimestamp("due").toInstant() })
			.single();
		long recycled = jdbc.sql("""
				select count(*) from lead_sla_event where owner_id = :me and kind = 'RECYCLE' and fired_at >= :since""")
			.param("me", user.id())
			.param("since", dev.closer.shared.time.SqlTime.of(clock.instant().minus(java.time.Duration.ofDays(30))))
			.query(Long.class).single();
		var model = new java.util.HashMap<String, Object>();
		model.put("items", mine.items());
		model.put("total", mine.total());
		model.put("pool", pool);
		model.put("red", heat[0]);
		model.put("yellow", heat[1]);
		model.put("due", heat[2]);
		model.put("recycled", recycled);
		return model;
	}
}
