package dev.closer.pipeline.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.closer.identity.UserDirectory;
import dev.closer.identity.UserSummary;
import dev.closer.notifications.Notification;
import dev.closer.notifications.Notifications;
import dev.closer.shared.time.SqlTime;

/**
 * Red opportunities notify the manager (SPEC S3): an open opportunity without a blocker reason and without an
 * update for the policy's red hours notifies its team's managers once per red spell. A spell is identified by the
 * last update it started from ({@code red_notified_for = last_update_at}), so a new update starts a new spell and a
 * repeated tick (on any node) finds nothing to do. Each opportunity is handled in its own transaction under a row
 * lock, re-checked there.
 */
@Component
class HealthTicker {

	static final int BATCH = 500;

	private final JdbcClient jdbc;

	private final HealthPolicies policies;

	private final UserDirectory users;

	private final Notifications notifications;

	private final TransactionTemplate tx;

	private final Clock clock;

	HealthTicker(JdbcClient jdbc, HealthPolicies policies, UserDirectory users, Notifications notifications,
			TransactionTemplate tx, Clock clock) {
		this.jdbc = jdbc;
		this.policies = policies;
		this.users = users;
		this.notifications = notifications;
		this.tx = tx;
		this.clock = clock;
	}

	/** Notifies every newly red opportunity; returns how many. */
	int notifyRed() {
		HealthPolicies.Policy policy = policies.current();
		Instant now = Instant.now(clock);
		Instant cutoff = now.minus(Duration.ofHours(policy.redHours()));
		List<Long> due = jdbc.sql("""
				select id from opportunity where status = 'OPEN' and blocker is null and last_update_at <= :cutoff
				  and (red_notified_for is null or red_notified_for <> last_update_at)
				order by last_update_at limit :n""")
			.param("cutoff", SqlTime.of(cutoff)).param("n", BATCH).query(Long.class).list();
		int count = 0;
		for (long id : due) {
			Boolean sent = tx.execute(s -> fire(id, cutoff, policy.redHours()));
			if (Boolean.TRUE.equals(sent)) {
				count++;
			}
		}
		return count;
	}

	private boolean fire(long id, Instant cutoff, int hours) {
		record Row(String name, long owner, long team, Instant lastUpdate) {
		}
		Row row = jdbc.sql("""
				select name, owner_id, team_id, last_update_at from opportunity where id = :id and status = 'OPEN'
				  and blocker is null and last_update_at <= :cutoff
				  and (red_notified_for is null or red_notified_for <> last_update_at) for update""")
			.param("id", id).param("cutoff", SqlTime.of(cutoff))
			.query((rs, n) -> new Row(rs.getString("name"), rs.getLong("owner_id"), rs.getLong("team_id"),
					OpportunityQueries.instant(rs, "last_update_at")))
			.optional().orElse(null);
		if (row == null) {
			return false;
		}
		String owner = users.find(row.owner()).map(UserSummary::displayName).orElse("#" + row.owner());
		List<UserSummary> managers = users.managersOf(row.team());
		for (UserSummary manager : managers) {
			notifications.send(Notification.inboxAndEmail(manager.id(), "opportunity.red",
					"商机变红 / Opportunity turned red: " + row.name(),
					owner + ": " + hours + " 小时无更新且无阻塞原因 / no update for " + hours
							+ " h and no blocker reason (last update " + row.lastUpdate() + ")",
					"/opportunities/" + id));
		}
		jdbc.sql("update opportunity set red_notified_for = last_update_at where id = :id").param("id", id).update();
		return true;
	}
}
