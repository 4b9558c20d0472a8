package dev.closer.pipeline.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.closer.shared.security.CurrentUser;
import dev.closer.shared.time.SqlTime;
import dev.closer.shared.web.MyDaySection;

/** "My day" (SPEC O6, O7): my open tender nodes overdue or due within 7 days, and approval steps waiting for me. */
@Component
class TenderMyDaySection implements MyDaySection {

	private final JdbcClient jdbc;

	private final ContractApprovals approvals;

	private final Clock clock;

	TenderMyDaySection(JdbcClient jdbc, ContractApprovals approvals, Clock clock) {
		this.jdbc = jdbc;
		this.approvals = approvals;
		this.clock = clock;
	}

	/** One of my nodes: the opportunity, the node's names, due day and whether it is overdue. */
	record MyNode(long opportunityId, String opportunityName, String nameEn, String nameZh, String dueOn,
			boolean overdue) {

		public String name(java.util.Locale locale) {
			return locale != null && "zh".equals(locale.getLanguage()) ? nameZh : nameEn;
		}
	}

	@Override
	public int order() {
		return 45;
	}

	@Override
	public String fragment() {
		return "pipeline/my-day :: tenders";
	}

	@Override
	public boolean visibleTo(CurrentUser user) {
		Map<String, Object> m = model(user);
		return !((List<?>) m.get("nodes")).isEmpty() || ((Integer) m.get("approvals")) > 0;
	}

	@Override
	public Map<String, Object> model(CurrentUser user) {
		Instant now = Instant.now(clock);
		List<MyNode> nodes = jdbc.sql("""
				select o.id, o.name, n.name_en, n.name_zh, n.due_on, n.due_at from tender_node n
				join tender t on t.id = n.tender_id join opportunity o on o.id = t.opportunity_id
				where n.owner_id = :me and n.status = 'OPEN' and o.status <> 'LOST' and n.due_at <= :horizon
				order by n.due_at, n.id limit 5""")
			.param("me", user.id()).param("horizon", SqlTime.of(now.plus(Duration.ofDays(7))))
			.query((rs, i) -> new MyNode(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
					String.valueOf(rs.getObject(5, java.time.LocalDate.class)),
					!now.isBefore(OpportunityQueries.instant(rs, "due_at"))))
			.list();
		Map<String, Object> model = new LinkedHashMap<>();
		model.put("nodes", nodes);
		model.put("approvals", approvals.pendingFor(user).size());
		return model;
	}
}
