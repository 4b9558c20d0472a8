package dev.closer.leads.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.closer.leads.Grade;
import dev.closer.leads.internal.sla.ClockState;
import dev.closer.leads.internal.sla.SlaEngine;
import dev.closer.shared.time.SqlTime;

/**
 * Gives every owned lead without a response clock one, starting now (after an upgrade that introduced
 * the clocks, or for leads written in bulk): the SLA rules then apply to every open lead, and nobody is
 * recycled for time that passed before the rules existed. Runs at startup after the demo seeding; one
 * small transaction per lead, so several nodes starting together only skip each other's rows.
 */
@Component
@Order(100)
class SlaClockBackfill implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(SlaClockBackfill.class);

	private final JdbcClient jdbc;

	private final Clock clock;

	private final SlaPolicyStore policies;

	private final SlaClocks clocks;

	private final TransactionTemplate tx;

	SlaClockBackfill(JdbcClient jdbc, Clock clock, SlaPolicyStore policies, SlaClocks clocks,
			PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.policies = policies;
		this.clocks = clocks;
		this.tx = new TransactionTemplate(transactions);
	}

	record Owned(long id, long ownerId, long teamId, Grade grade) {
	}

	@Override
	public void run(ApplicationArguments args) {
		int started = 0;
		while (true) {
			List<Owned> batch = jdbc.sql("""
					select l.id, l.owner_id, l.team_id, l.grade from lead l
					where l.status = 'ASSIGNED' and l.owner_id is not null
					  and not exists (select 1 from lead_sla_clock c where c.lead_id = l.id)
					order by l.id limit 500""")
				.query((rs, n) -> new Owned(rs.getLong(1), rs.getLong(2), rs.getLong(3), Grade.valueOf(rs.getString(4))))
				.list();
			for (Owned lead : batch) {
				try {
					started += tx.execute(s -> start(lead));
				}
				catch (org.springframework.dao.DuplicateKeyException startedElsewhere) {
					// another node (or an assignment) started it meanwhile
				}
			}
			if (batch.size() < 500) {
				break;
			}
		}
		if (started > 0) {
			log.info("Started response clocks for {} owned leads that had none", started);
		}
	}

	private int start(Owned lead) {
		Instant now = Instant.now(clock);
		SlaPolicyStore.Versioned policy = policies.current(lead.teamId());
		ClockState state = ClockState.started(lead.grade(), now);
		return jdbc.sql("""
				insert into lead_sla_clock (lead_id, cycle, running, owner_id, team_id, grade, policy_id, assigned_at,
				       next_due_at, updated_at)
				select :lead, 1, true, :owner, :team, :grade, :policy, :now, :due, :now
				where not exists (select 1 from lead_sla_clock where lead_id = :lead)""")
			.param("lead", lead.id()).param("owner", lead.ownerId()).param("team", lead.teamId())
			.param("grade", lead.grade().name()).param("policy", policy.id()).param("now", SqlTime.of(now))
			.param("due", SqlTime.of(SlaEngine.nextDue(state, policy.policy(), clocks.time(policy.policy()))))
			.update();
	}
}
