package dev.closer.leads.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.closer.leads.internal.sla.Firing;
import dev.closer.leads.internal.sla.SlaEngine;
import dev.closer.leads.internal.sla.SlaPolicy;
import dev.closer.shared.calendar.SlaTime;
import dev.closer.shared.time.SqlTime;
import dev.closer.shared.tx.Transactions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Fires what is due on the response clocks (SPEC S1-S4). Run by a recurring db-scheduler task (one
 * node at a time in a cluster); each lead is handled in its own transaction that locks the lead and
 * its clock, re-checks that the clock is still due, records the firings (unique per cycle and step),
 * applies their effects and moves the clock on. A crash before commit leaves the clock due, so the
 * next run fires it; after commit the clock is no longer due: a step fires exactly once.
 */
@Component
class SlaTicker {

	private static final Logger log = LoggerFactory.getLogger(SlaTicker.class);

	static final int BATCH = 200;

	/** A lead whose firing failed is tried again after this long (its due moment is pushed back by it). */
	static final java.time.Duration RETRY_AFTER = java.time.Duration.ofMinutes(1);

	/** One run stops taking new batches after this long, so the scheduler thread comes back regularly. */
	static final long MAX_RUN_NANOS = 20_000_000_000L;

	private final JdbcClient jdbc;

	private final Clock clock;

	private final SlaClocks clocks;

	private final SlaPolicyStore policies;

	private final SlaEffects effects;

	private final LeadAllocator allocator;

	private final Transactions transactions;

	private final Timer lateness;

	private final boolean postgres;

	/** Workers firing the leads of one batch side by side (each lead in its own transaction). */
	private final java.util.concurrent.ExecutorService workers;

	SlaTicker(JdbcClient jdbc, Clock clock, SlaClocks clocks, SlaPolicyStore policies, SlaEffects effects,
			LeadAllocator allocator, Transactions transactions, MeterRegistry meters,
			@org.springframework.beans.factory.annotation.Value("${closer.sla.tick-threads:4}") int threads) {
		this.postgres = jdbc.sql("select 1").query((rs, n) -> {
			try {
				return rs.getStatement().getConnection().getMetaData().getDatabaseProductName();
			}
			catch (java.sql.SQLException e) {
				return "";
			}
		}).single().toLowerCase(java.util.Locale.ROOT).contains("postgres");
		if (threads < 1) {
			throw new IllegalArgumentException("closer.sla.tick-threads must be at least 1");
		}
		java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
		this.workers = java.util.concurrent.Executors.newFixedThreadPool(threads, r -> {
			Thread t = new Thread(r, "sla-tick-" + n.incrementAndGet());
			t.setDaemon(true);
			return t;
		});
		this.jdbc = jdbc;
		this.clock = clock;
		this.clocks = clocks;
		this.policies = policies;
		this.effects = effects;
		this.allocator = allocator;
		this.transactions = transactions;
		this.lateness = Timer.builder("closer.sla.lateness").description("How late SLA steps fire after they are due")
			.publishPercentiles(0.5, 0.99).register(meters);
	}

	/** Fires everything due now; returns the number of firings. */
	public int fireDue() {
		long started = System.nanoTime();
		int fired = 0;
		while (true) {
			List<Long> due = jdbc.sql("""
					select lead_id from lead_sla_clock where next_due_at <= :now order by next_due_at limit :n""")
				.param("now", SqlTime.of(Instant.now(clock))).param("n", BATCH).query(Long.class).list();
			List<java.util.concurrent.Future<Integer>> results = due.stream()
				.map(leadId -> workers.submit(() -> fireSafely(leadId)))
				.toList();
			for (java.util.concurrent.Future<Integer> result : results) {
				try {
					fired += result.get();
				}
				catch (InterruptedException e) {
					Thread.currentThread().interrupt();
					return fired;
				}
				catch (java.util.concurrent.ExecutionException e) {
					log.error("SLA tick worker failed", e.getCause());
				}
			}
			if (due.size() < BATCH || System.nanoTime() - started > MAX_RUN_NANOS) {
				return fired;
			}
		}
	}

	private int fireSafely(long leadId) {
		try {
			return transactions.retryingOnContention(() -> fireOne(leadId));
		}
		catch (RuntimeException e) {
			// one broken lead must not hold up the others: it is tried again in a minute (and logged each time)
			log.error("SLA clock of lead {} failed; retrying in {}", leadId, RETRY_AFTER, e);
			try {
				jdbc.sql("update lead_sla_clock set next_due_at = :later where lead_id = :id and next_due_at <= :now")
					.param("later", SqlTime.of(Instant.now(clock).plus(RETRY_AFTER)))
					.param("now", SqlTime.of(Instant.now(clock))).param("id", leadId).update();
			}
			catch (RuntimeException ignored) {
				// the database itself is failing: the next run finds the clock due as it is
			}
			return 0;
		}
	}

	@jakarta.annotation.PreDestroy
	void stop() {
		workers.shutdownNow();
	}

	/** In a transaction: the lead's due firings, exactly once. */
	int fireOne(long leadId) {
		if (postgres) {
			// a lead held by a stuck transaction must not stall the ticker: give up after 5 s (retried later)
			jdbc.sql("set local lock_timeout = '5s'").update();
		}
		LeadAllocator.LeadRow lead = allocator.lockLead(leadId);
		Optional<SlaClocks.ClockRow> locked = clocks.lock(leadId);
		Instant now = Instant.now(clock);
		if (locked.isEmpty() || locked.get().nextDueAt() == null || locked.get().nextDueAt().isAfter(now)) {
			return 0; // handled by someone else meanwhile, or moved by an action
		}
		SlaClocks.ClockRow c = locked.get();
		if (!c.running() || !"ASSIGNED".equals(lead.status()) || !Objects.equals(lead.ownerId(), c.ownerId())) {
			clocks.halt(leadId);
			return 0;
		}
		SlaPolicyStore.Versioned policy = policies.byId(c.policyId());
		SlaPolicy rules = policy.policy();
		SlaTime time = clocks.time(rules);
		SlaEngine.Evaluation evaluation = SlaEngine.evaluate(c.state(), rules, time, now);
		for (Firing firing : evaluation.fired()) {
			jdbc.sql("""
					insert into lead_sla_event (lead_id, cycle, kind, step_index, action, owner_id, team_id, policy_id,
					       policy_version, calendar_id, calendar_version, due_at, fired_at)
					values (:lead, :cycle, :kind, :step, :action, :owner, :team, :policy, :version, :cal, :calv, :due, :at)""")
				.param("lead", leadId).param("cycle", c.cycle()).param("kind", firing.kind().name())
				.param("step", firing.stepIndex()).param("action", firing.action() == null ? null : firing.action().name())
				.param("owner", c.ownerId()).param("team", c.teamId()).param("policy", policy.id())
				.param("version", policy.version()).param("cal", time.calendarId()).param("calv", time.version())
				.param("due", SqlTime.of(firing.dueAt())).param("at", SqlTime.of(now)).update();
		}
		clocks.save(leadId, evaluation.state(), evaluation.nextDue(), c.firstResponseAt(), c.blocker());
		for (Firing firing : evaluation.fired()) {
			effects.apply(firing, lead, c, policy, now);
			lateness.record(java.time.Duration.between(firing.dueAt(), now));
		}
		return evaluation.fired().size();
	}
}
