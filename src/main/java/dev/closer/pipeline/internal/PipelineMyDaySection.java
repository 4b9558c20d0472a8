package dev.closer.pipeline.internal;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.closer.shared.security.CurrentUser;
import dev.closer.shared.web.MyDaySection;

/**
 * "My day": my open opportunities (SPEC O, S3): how many and their amount, how many are red or yellow, and the
 * ones that need me first: red, then yellow, then those whose expected close date has passed or is this week.
 */
@Component
class PipelineMyDaySection implements MyDaySection {

	static final int SHOWN = 5;

	private final JdbcClient jdbc;

	private final HealthPolicies policies;

	private final Clock clock;

	PipelineMyDaySection(JdbcClient jdbc, HealthPolicies policies, Clock clock) {
		this.jdbc = jdbc;
		this.policies = policies;
		this.clock = clock;
	}

	@Override
	public int order() {
		return 18;
	}

	@Override
	public String fragment() {
		return "pipeline/my-day :: myDay";
	}

	/** One of my opportunities as the block shows it. */
	record Item(long id, String name, String customerName, BigDecimal amount, LocalDate expectedCloseOn,
			String stageCode, HealthPolicies.Light light, boolean closeDue) {
	}

	@Override
	public Map<String, Object> model(CurrentUser user) {
		HealthPolicies.Policy policy = policies.current();
		Instant now = Instant.now(clock);
		LocalDate today = LocalDate.now(clock.withZone(user.zoneId()));
		List<Item> all = new ArrayList<>();
		jdbc.sql("""
				select o.id, o.name, c.name as customer_name, o.amount, o.expected_close_on, o.stage_code, o.status,
				       o.blocker, o.last_update_at
				from opportunity o join customer c on c.id = o.customer_id
				where o.owner_id = :me and o.status = 'OPEN'""")
			.param("me", user.id())
			.query((rs, n) -> {
				LocalDate close = rs.getObject("expected_close_on", LocalDate.class);
				return all.add(new Item(rs.getLong("id"), rs.getString("name"), rs.getString("customer_name"),
						rs.getBigDecimal("amount"), close, rs.getString("stage_code"),
						policy.light(rs.getString("status"), rs.getString("blocker"),
								OpportunityQueries.instant(rs, "last_update_at"), now),
						close != null && !close.isAfter(today.plusDays(7))));
			})
			.list();
		BigDecimal total = all.stream().map(Item::amount).filter(a -> a != null).reduce(BigDecimal.ZERO, BigDecimal::add);
		List<Item> urgent = all.stream()
			.filter(i -> i.light() != HealthPolicies.Light.NONE || i.closeDue())
			.sorted(Comparator.comparing((Item i) -> i.light() == HealthPolicies.Light.RED ? 0
					: i.light() == HealthPolicies.Light.YELLOW ? 1 : 2)
				.thenComparing(Item::expectedCloseOn, Comparator.nullsLast(Comparator.naturalOrder())))
			.limit(SHOWN)
			.toList();
		Map<String, Object> model = new HashMap<>();
		model.put("open", all.size());
		model.put("total", total);
		model.put("red", all.stream().filter(i -> i.light() == HealthPolicies.Light.RED).count());
		model.put("yellow", all.stream().filter(i -> i.light() == HealthPolicies.Light.YELLOW).count());
		model.put("items", urgent);
		return model;
	}
}
