package dev.closer.leads.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import dev.closer.leads.Grade;

/**
 * Keeps {@code lead_flow_daily} (SPEC S5) current in the transactions that change it: one row per
 * assignment day, rep and grade, so the monthly heatmap reads a few thousand rows however many leads
 * there were. First responses and re-allocations are booked on the row of the assignment they belong to.
 */
@Component
class LeadFlowRollup {

	static final Duration ANSWERED_WITHIN = Duration.ofHours(2);

	private final JdbcClient jdbc;

	private final ZoneId zone;

	private final TransactionTemplate savepoint;

	LeadFlowRollup(JdbcClient jdbc, @Value("${closer.reporting-zone:Asia/Shanghai}") ZoneId zone,
			PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		this.zone = zone;
		this.savepoint = new TransactionTemplate(transactions);
		this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
	}

	LocalDate day(Instant at) {
		return LocalDate.ofInstant(at, zone);
	}

	@Transactional(propagation = Propagation.MANDATORY)
	public void received(Instant assignedAt, long repId, Grade grade, long teamId) {
		add(day(assignedAt), repId, grade, teamId, "received = received + 1");
	}

	/** {@code count} leads received at once (a batched intake). */
	@Transactional(propagation = Propagation.MANDATORY)
	public void received(Instant assignedAt, long repId, Grade grade, long teamId, int count) {
		add(day(assignedAt), repId, grade, teamId, "received = received + " + count);
	}

	@Transactional(propagation = Propagation.MANDATORY)
	public void responded(Instant assignedAt, long repId, Grade grade, long teamId, Duration after) {
		long seconds = Math.max(0, after.toSeconds());
		add(day(assignedAt), repId, grade, teamId, "responded = responded + 1, response_seconds = response_seconds + "
				+ seconds + (after.compareTo(ANSWERED_WITHIN) <= 0 ? ", responded_2h = responded_2h + 1" : ""));
	}

	@Transactional(propagation = Propagation.MANDATORY)
	public void reallocated(Instant assignedAt, long repId, Grade grade, long teamId) {
		add(day(assignedAt), repId, grade, teamId, "reallocated = reallocated + 1");
	}

	private void add(LocalDate day, long repId, Grade grade, long teamId, String set) {
		String update = "update lead_flow_daily set " + set + " where \"day\" = :d and rep_id = :r and grade = :g";
		if (jdbc.sql(update).param("d", day).param("r", repId).param("g", grade.name()).update() > 0) {
			return;
		}
		try {
			savepoint.executeWithoutResult(s -> jdbc.sql("""
					insert into lead_flow_daily ("day", rep_id, grade, team_id) values (:d, :r, :g, :t)""")
				.param("d", day).param("r", repId).param("g", grade.name()).param("t", teamId).update());
		}
		catch (org.springframework.dao.DuplicateKeyException raced) {
			// another transaction created the row first
		}
		jdbc.sql(update).param("d", day).param("r", repId).param("g", grade.name()).update();
	}
}
