package dev.closer.pipeline.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.closer.identity.UserDirectory;
import dev.closer.identity.UserSummary;
import dev.closer.notifications.Notification;
import dev.closer.notifications.Notifications;
import dev.closer.shared.time.SqlTime;

/**
 * Overdue tender nodes escalate (SPEC O6 with the S1-style ladder of the tender template, default: at due the owner
 * is reminded, +24 h the owner's manager, +72 h the opportunity region's director). Each level fires once per node:
 * the {@code tender_escalation} row (unique per node and level) is written with the notifications in one
 * transaction under the node's row lock, so a repeated or concurrent tick finds nothing to do. A node that is done
 * or skipped, or whose opportunity is lost, escalates no further. A late tick fires every level already due.
 */
@Component
class TenderTicker {

	static final int BATCH = 500;

	private final JdbcClient jdbc;

	private final PipelineRules rules;

	private final UserDirectory users;

	private final RoleHolders holders;

	private final Notifications notifications;

	private final TransactionTemplate tx;

	private final Clock clock;

	TenderTicker(JdbcClient jdbc, PipelineRules rules, UserDirectory users, RoleHolders holders,
			Notifications notifications, TransactionTemplate tx, Clock clock) {
		this.jdbc = jdbc;
		this.rules = rules;
		this.users = users;
		this.holders = holders;
		this.notifications = notifications;
		this.tx = tx;
		this.clock = clock;
	}

	/** Fires every ladder level that is due; returns how many levels fired. */
	int escalate() {
		Instant now = Instant.now(clock);
		List<Long> due = jdbc.sql("""
				select n.id from tender_node n join tender t on t.id = n.tender_id join opportunity o on o.id = t.opportunity_id
				where n.status = 'OPEN' and n.due_at <= :now and o.status <> 'LOST'
				  and (select count(*) from tender_escalation e where e.node_id = n.id) < :max
				order by n.due_at limit :n""")
			.param("now", SqlTime.of(now)).param("max", TenderTemplate.MAX_LEVELS).param("n", BATCH)
			.query(Long.class).list();
		int count = 0;
		for (long id : due) {
			Integer fired = tx.execute(s -> fire(id, now));
			count += fired == null ? 0 : fired;
		}
		return count;
	}

	private int fire(long nodeId, Instant now) {
		record Row(String code, String nameEn, String nameZh, long owner, Instant dueAt, long ruleId, long opportunity,
				String opportunityName, long team) {
		}
		Row row = jdbc.sql("""
				select n.code, n.name_en, n.name_zh, n.owner_id, n.due_at, t.rule_id, o.id as opp, o.name, o.team_id
				from tender_node n join tender t on t.id = n.tender_id join opportunity o on o.id = t.opportunity_id
				where n.id = :id and n.status = 'OPEN' and o.status <> 'LOST' for update""")
			.param("id", nodeId)
			.query((rs, n) -> new Row(rs.getString("code"), rs.getString("name_en"), rs.getString("name_zh"),
					rs.getLong("owner_id"), OpportunityQueries.instant(rs, "due_at"), rs.getLong("rule_id"),
					rs.getLong("opp"), rs.getString("name"), rs.getLong("team_id")))
			.optional().orElse(null);
		if (row == null) {
			return 0;
		}
		Set<Integer> fired = Set.copyOf(jdbc.sql("select level_no from tender_escalation where node_id = :id")
			.param("id", nodeId).query(Integer.class).list());
		List<TenderTemplate.Level> ladder = rules.tenderById(row.ruleId()).definition().ladder();
		int count = 0;
		for (int i = 0; i < ladder.size(); i++) {
			TenderTemplate.Level level = ladder.get(i);
			int no = i + 1;
			if (fired.contains(no) || now.isBefore(row.dueAt().plus(Duration.ofHours(level.afterHours())))) {
				continue;
			}
			List<UserSummary> to = recipients(level.target(), row.owner(), row.team());
			long hours = Duration.between(row.dueAt(), now).toHours();
			String owner = users.find(row.owner()).map(UserSummary::displayName).orElse("#" + row.owner());
			List<Notification> notes = new ArrayList<>();
			for (UserSummary u : to) {
				notes.add(Notification.inboxAndEmail(u.id(), "tender.overdue",
						"招投标节点逾期 / Tender node overdue: " + row.nameZh() + " / " + row.nameEn() + " · "
								+ row.opportunityName(),
						"负责人 / owner " + owner + ", 逾期 / overdue " + hours + " h (due " + row.dueAt() + "), level "
								+ no + " " + level.target(),
						"/opportunities/" + row.opportunity() + "/tender"));
			}
			if (!notes.isEmpty()) {
				notifications.sendAll(notes);
			}
			jdbc.sql("""
					insert into tender_escalation (node_id, level_no, target, recipients, fired_at)
					values (:n, :l, :t, :r, :at)""")
				.param("n", nodeId).param("l", no).param("t", level.target().name()).param("r", to.size())
				.param("at", SqlTime.of(now)).update();
			count++;
		}
		return count;
	}

	private List<UserSummary> recipients(TenderTemplate.Target target, long owner, long team) {
		return switch (target) {
			case OWNER -> users.find(owner).filter(UserSummary::active).map(List::of).orElse(List.of());
			case MANAGER -> {
				Long ownerTeam = users.find(owner).map(UserSummary::teamId).orElse(null);
				yield users.managersOf(ownerTeam != null ? ownerTeam : team);
			}
			case DIRECTOR -> users.directorsOf(holders.regionOf(team));
		};
	}
}
