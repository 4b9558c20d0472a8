package dev.closer.leads.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Objects;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import dev.closer.shared.time.SqlTime;

/**
 * Each rep's number of ASSIGNED leads, kept on their {@code rep_profile} row (the row every change of their
 * load locks) so that allocation reads it instead of counting the lead table per decision. Every statement
 * that moves a lead into or out of ASSIGNED calls {@link #moved} in the same transaction, after its update;
 * {@link #recount} rebuilds counts from the lead table (demo data, fixtures, repairs).
 */
@Component
class RepLoads {

	private final JdbcClient jdbc;

	private final Clock clock;

	RepLoads(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * A lead went from (owner, status) to (owner, status). Only ASSIGNED counts: the old owner loses one if the
	 * lead was assigned to them, the new owner gains one if it is now assigned to them.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void moved(Long fromOwner, String fromStatus, Long toOwner, String toStatus, Instant at) {
		boolean was = fromOwner != null && "ASSIGNED".equals(fromStatus);
		boolean is = toOwner != null && "ASSIGNED".equals(toStatus);
		if (was && is && Objects.equals(fromOwner, toOwner)) {
			return;
		}
		if (was) {
			add(fromOwner, -1, null);
		}
		if (is) {
			add(toOwner, 1, at);
		}
	}

	/**
	 * Adds to a rep's count (and, when given, sets the time they were last given a lead); a rep without a
	 * profile row gets one, counted from the lead table (which already holds the change).
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void add(long repId, int delta, Instant givenAt) {
		int updated = jdbc.sql("update rep_profile set active_leads = active_leads + :d"
				+ (givenAt == null ? "" : ", last_assigned_at = :at") + " where user_id = :u")
			.param("d", delta).param("u", repId).params(givenAt == null ? java.util.Map.of() : java.util.Map.of("at", SqlTime.of(givenAt)))
			.update();
		if (updated == 0) {
			jdbc.sql("""
					insert into rep_profile (user_id, active_leads, last_assigned_at, updated_at)
					values (:u, (select count(*) from lead where owner_id = :u and status = 'ASSIGNED'), :at, :now)""")
				.param("u", repId).param("at", SqlTime.of(givenAt)).param("now", SqlTime.of(Instant.now(clock))).update();
		}
	}

	/** Rebuilds the counts (and last allocation times) of the given reps, or of every rep when null, from the lead table. */
	@Transactional(propagation = Propagation.MANDATORY)
	public void recount(Collection<Long> repIds) {
		String only = repIds == null ? "" : " and l.owner_id in (:ids)";
		var insert = jdbc.sql("""
				insert into rep_profile (user_id, updated_at)
				select distinct l.owner_id, :now from lead l
				where l.owner_id is not null and not exists (select 1 from rep_profile p where p.user_id = l.owner_id)"""
				+ only)
			.param("now", SqlTime.of(Instant.now(clock)));
		var update = jdbc.sql("""
				update rep_profile set
				  active_leads = (select count(*) from lead l where l.owner_id = rep_profile.user_id and l.status = 'ASSIGNED'),
				  last_assigned_at = (select max(d.decided_at) from allocation_decision d
				                      where d.winner_id = rep_profile.user_id)"""
				+ (repIds == null ? "" : " where user_id in (:ids)"));
		if (repIds != null) {
			if (repIds.isEmpty()) {
				return;
			}
			insert = insert.param("ids", repIds);
			update = update.param("ids", repIds);
		}
		insert.update();
		update.update();
	}

	/** A rep's count as stored (0 without a profile row). */
	@Transactional(propagation = Propagation.MANDATORY)
	public int of(long repId) {
		return jdbc.sql("select active_leads from rep_profile where user_id = :u").param("u", repId).query(Integer.class)
			.optional().orElse(0);
	}
}
