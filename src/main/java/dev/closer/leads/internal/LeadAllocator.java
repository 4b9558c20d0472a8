package dev.closer.leads.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import dev.closer.identity.UserDirectory;
import dev.closer.identity.UserSummary;
import dev.closer.leads.Grade;
import dev.closer.leads.LeadAssigned;
import dev.closer.leads.LeadReleased;
import dev.closer.leads.internal.allocation.AllocationDecision;
import dev.closer.leads.internal.allocation.AllocationEngine;
import dev.closer.leads.internal.allocation.AllocationPolicy;
import dev.closer.leads.internal.allocation.Candidate;
import dev.closer.leads.internal.allocation.CandidateAssessment;
import dev.closer.leads.internal.allocation.GeoPoint;
import dev.closer.leads.internal.allocation.LeadFacts;
import dev.closer.leads.internal.allocation.LeadGrade;
import dev.closer.leads.internal.allocation.OverloadNotice;
import dev.closer.leads.internal.allocation.Reason;
import dev.closer.notifications.Notification;
import dev.closer.notifications.Notifications;
import dev.closer.shared.audit.AuditLog;
import dev.closer.shared.security.Role;
import dev.closer.shared.time.SqlTime;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs the allocation engine inside the intake transaction (SPEC L4-L6, L8) and makes its decision
 * stick safely: the winner's account row is locked and re-read (the "validity probe" of P2) and their
 * active leads recounted under that lock; if they turned out disabled or full, the engine decides again
 * with the fresh figures. Two allocations to the same rep therefore serialise on that row, on one node or
 * several, and nobody is ever pushed past the hard capacity.
 */
@Service
class LeadAllocator {

	/** At most this many re-decisions when probes find stale figures; then the lead goes to the pool. */
	static final int MAX_PROBES = 8;

	/** Probes that also insist the winner's load is exactly what the engine saw. */
	static final int EXACT_PROBES = 2;

	record Result(long decisionId, Long winnerId, String kind, String reasonKey) {
		boolean assigned() {
			return winnerId != null;
		}
	}

	private final JdbcClient jdbc;

	private final PolicyStore policies;

	private final UserDirectory users;

	private final AuditLog audit;

	private final Notifications notifications;

	private final ApplicationEventPublisher events;

	private final JsonMapper json;

	private final Clock clock;

	private final AllocationEngine engine = new AllocationEngine();

	private final RepLoads loads;

	private final org.springframework.transaction.support.TransactionTemplate savepoint;

	private final org.springframework.transaction.support.TransactionTemplate separate;

	LeadAllocator(JdbcClient jdbc, PolicyStore policies, UserDirectory users, AuditLog audit,
			Notifications notifications, ApplicationEventPublisher events, JsonMapper json, Clock clock,
			org.springframework.transaction.PlatformTransactionManager transactions, RepLoads loads) {
		this.loads = loads;
		this.savepoint = new org.springframework.transaction.support.TransactionTemplate(transactions);
		this.savepoint.setPropagationBehavior(org.springframework.transaction.TransactionDefinition.PROPAGATION_NESTED);
		this.separate = new org.springframework.transaction.support.TransactionTemplate(transactions);
		this.separate.setPropagationBehavior(org.springframework.transaction.TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.jdbc = jdbc;
		this.policies = policies;
		this.users = users;
		this.audit = audit;
		this.notifications = notifications;
		this.events = events;
		this.json = json;
		this.clock = clock;
	}

	/** The lead as the engine needs it, read under a row lock. */
	record LeadRow(long id, long teamId, Grade grade, String industry, String productLine, Long regionId, Double lat,
			Double lon, Long ownerId, Long previousOwnerId, Instant releasedAt, String status) {
	}

	LeadRow lockLead(long leadId) {
		return jdbc.sql("""
				select id, team_id, grade, industry, product_line, region_id, latitude, longitude, owner_id,
				       previous_owner_id, released_at, status
				from lead where id = :id for update""")
			.param("id", leadId)
			.query((rs, n) -> new LeadRow(rs.getLong("id"), rs.getLong("team_id"), Grade.valueOf(rs.getString("grade")),
					rs.getString("industry"), rs.getString("product_line"), rs.getObject("region_id", Long.class),
					rs.getObject("latitude", Double.class), rs.getObject("longitude", Double.class),
					rs.getObject("owner_id", Long.class), rs.getObject("previous_owner_id", Long.class),
					LeadQueries.instant(rs.getTimestamp("released_at")), rs.getString("status")))
			.single();
	}

	/** Decides and assigns (or leaves the lead in the pool), recording the decision. Joins the caller's transaction. */
	@Transactional(propagation = Propagation.MANDATORY)
	public Result allocate(long leadId, String decidedBy) {
		LeadRow lead = lockLead(leadId);
		Instant now = Instant.now(clock);
		PolicyStore.Versioned stored = policies.current(lead.teamId());
		PolicySettings settings = stored.settings();
		AllocationPolicy policy = settings.toPolicy(stored.version());
		LeadFacts facts = facts(lead, settings);
		List<Candidate> candidates = candidates(lead.teamId(), policy, now);

		AllocationDecision decision = engine.decide(facts, candidates, policy, now);
		for (int probe = 0; decision.assigned(); probe++) {
			long winner = decision.winnerRepId().getAsLong();
			Candidate seen = candidates.stream().filter(c -> c.repId() == winner).findFirst().orElseThrow();
			// the first probes insist on the exact figures the engine used (so a burst spreads over reps);
			// later ones only on eligibility, so contention alone never sends a lead to the pool
			boolean exact = probe < EXACT_PROBES;
			try {
				// in a savepoint: rolling back releases the rep's lock before we try another rep, so two
				// allocators can never each hold one rep while waiting for the other
				savepoint.executeWithoutResult(s -> probe(winner, seen.activeLeads(), exact, policy.hardCapacity()));
				return assign(lead, decision, stored, decidedBy, now);
			}
			catch (StaleFigures stale) {
				if (probe + 1 >= MAX_PROBES) {
					return toPool(lead, decision, stored, decidedBy, now, "allocation.outcome.probeExhausted");
				}
				candidates = new ArrayList<>(candidates);
				candidates.replaceAll(c -> c.repId() == winner
						? c.toBuilder().active(stale.active()).activeLeads(stale.load()).build() : c);
				decision = engine.decide(facts, candidates, policy, now);
			}
		}
		return toPool(lead, decision, stored, decidedBy, now, decision.outcomeReason().key());
	}

	/** The winner's figures changed between reading and locking. */
	static final class StaleFigures extends RuntimeException {

		private final boolean active;

		private final int load;

		StaleFigures(boolean active, int load) {
			super(null, null, false, false);
			this.active = active;
			this.load = load;
		}

		boolean active() {
			return active;
		}

		int load() {
			return load;
		}
	}

	/**
	 * Locks the rep for allocation (their rep_profile row: allocations to one rep serialise on it) and
	 * re-reads status (the validity probe, which also holds off an HR sync) and load under the lock.
	 */
	private void probe(long repId, int expectedLoad, boolean exact, int hardCapacity) {
		int load = lockRep(repId);
		boolean active = users.isActiveLocked(repId);
		if (!active || load >= hardCapacity || (exact && load != expectedLoad)) {
			throw new StaleFigures(active, load);
		}
	}

	/**
	 * Serialises everything that changes one rep's load (allocation, claim, reassignment) on one row, and
	 * returns the rep's number of ASSIGNED leads as kept on that row.
	 */
	int lockRep(long repId) {
		try {
			savepoint.executeWithoutResult(s -> jdbc.sql("""
					insert into rep_profile (user_id, updated_at)
					select :u, :now where not exists (select 1 from rep_profile where user_id = :u)""")
				.param("u", repId).param("now", SqlTime.of(Instant.now(clock))).update());
		}
		catch (org.springframework.dao.DuplicateKeyException raced) {
			// another transaction created the row first
		}
		return jdbc.sql("select active_leads from rep_profile where user_id = :u for update").param("u", repId)
			.query(Integer.class).single();
	}

	/**
	 * "Who would get this lead now" under the given (possibly unsaved) settings: the engine's full
	 * decision over the team's current figures, written nowhere.
	 */
	@Transactional(readOnly = true)
	public AllocationDecision preview(long teamId, PolicySettings settings, Grade grade, String industry,
			String productLine, Long regionId, Double lat, Double lon) {
		LeadRow lead = new LeadRow(0, teamId, grade, industry, productLine, regionId, lat, lon, null, null, null, "POOL");
		AllocationPolicy policy = settings.toPolicy(policies.current(teamId).version());
		Instant now = Instant.now(clock);
		return engine.decide(facts(lead, settings), candidates(teamId, policy, now), policy, now);
	}

	private Result assign(LeadRow lead, AllocationDecision decision, PolicyStore.Versioned stored, String decidedBy,
			Instant now) {
		long winner = decision.winnerRepId().getAsLong();
		long decisionId = record(lead, decision, stored, winner, "ASSIGNED", decision.outcomeReason().key(), decidedBy,
				now);
		jdbc.sql("""
				update lead set owner_id = :o, status = 'ASSIGNED', rescreen = false, assigned_at = :now, updated_at = :now,
				       version = version + 1 where id = :id""")
			.param("o", winner).param("now", SqlTime.of(now)).param("id", lead.id()).update();
		loads.moved(lead.ownerId(), lead.status(), winner, "ASSIGNED", now);
		audit.record("lead", lead.id(), "assign", lead.ownerId(), winner,
				"allocation policy v" + stored.version() + " (" + decision.strategy() + ")");
		events.publishEvent(new LeadAssigned(lead.id(), winner, lead.ownerId(), lead.teamId(), lead.grade(), "allocation",
				decisionId));
		notifications.send(Notification.inbox(winner, "lead.assigned", "新线索 / New lead",
				"#" + lead.id() + " (" + lead.grade() + ")", "/leads/" + lead.id()));
		notifyOverload(decision.overloadNotices(), now);
		return new Result(decisionId, winner, "ASSIGNED", decision.outcomeReason().key());
	}

	private Result toPool(LeadRow lead, AllocationDecision decision, PolicyStore.Versioned stored, String decidedBy,
			Instant now, String reasonKey) {
		String kind = decision.outcome() == dev.closer.leads.internal.allocation.Outcome.MANUAL ? "MANUAL" : "POOL";
		long decisionId = record(lead, decision, stored, null, kind, reasonKey, decidedBy, now);
		jdbc.sql("update lead set owner_id = null, status = 'POOL', updated_at = :now, version = version + 1 where id = :id")
			.param("now", SqlTime.of(now)).param("id", lead.id()).update();
		loads.moved(lead.ownerId(), lead.status(), null, "POOL", now);
		events.publishEvent(new LeadReleased(lead.id(), lead.ownerId(), lead.teamId(), reasonKey));
		if ("MANUAL".equals(kind)) {
			users.managersOf(lead.teamId()).forEach(m -> notifications.send(Notification.inbox(m.id(), "lead.manual",
					"待手动分配 / Lead to assign by hand", "#" + lead.id() + " (" + lead.grade() + ")",
					"/leads/" + lead.id())));
		}
		notifyOverload(decision.overloadNotices(), now);
		return new Result(decisionId, null, kind, reasonKey);
	}

	/**
	 * SPEC L8: a rep past the overload threshold is told, at most once a day. Done after the allocation
	 * commits, in its own transaction, so it never holds other reps' rows while allocating.
	 */
	void notifyOverload(List<OverloadNotice> notices, Instant now) {
		if (notices.isEmpty()) {
			return;
		}
		if (org.springframework.transaction.support.TransactionSynchronizationManager.isSynchronizationActive()) {
			org.springframework.transaction.support.TransactionSynchronizationManager.registerSynchronization(
					new org.springframework.transaction.support.TransactionSynchronization() {
						@Override
						public void afterCommit() {
							try {
								separate.executeWithoutResult(s -> sendOverload(notices, now));
							}
							catch (RuntimeException e) {
								org.slf4j.LoggerFactory.getLogger(LeadAllocator.class).warn("Overload notice failed", e);
							}
						}
					});
		}
		else {
			separate.executeWithoutResult(s -> sendOverload(notices, now));
		}
	}

	private void sendOverload(List<OverloadNotice> notices, Instant now) {
		// in rep id order: two of these running at once lock the same rows in the same order
		for (OverloadNotice notice : notices.stream().sorted(java.util.Comparator.comparingLong(OverloadNotice::repId)).toList()) {
			int updated = jdbc.sql("""
					update rep_profile set overload_notified_at = :now
					where user_id = :u and (overload_notified_at is null or overload_notified_at < :since)""")
				.param("now", SqlTime.of(now)).param("u", notice.repId())
				.param("since", SqlTime.of(now.minus(Duration.ofDays(1)))).update();
			if (updated == 0) {
				boolean hasProfile = jdbc.sql("select count(*) from rep_profile where user_id = :u")
					.param("u", notice.repId()).query(Long.class).single() > 0;
				if (hasProfile) {
					continue; // already told today
				}
				jdbc.sql("insert into rep_profile (user_id, overload_notified_at, updated_at) values (:u, :now, :now)")
					.param("u", notice.repId()).param("now", SqlTime.of(now)).update();
			}
			int percent = (int) Math.round(notice.loadRate() * 100);
			notifications.send(Notification.inbox(notice.repId(), "lead.overload",
					"高负荷提醒 / You are at high load",
					"当前负荷率 " + percent + "%，请优先处理待办线索。Your load rate is " + percent
							+ " %: clear your pending leads first.",
					"/leads?owner=me"));
		}
	}

	private long record(LeadRow lead, AllocationDecision decision, PolicyStore.Versioned stored, Long winner,
			String kind, String reason, String decidedBy, Instant now) {
		String details = details(lead.grade(), decision);
		var keys = new GeneratedKeyHolder();
		jdbc.sql("""
				insert into allocation_decision (lead_id, team_id, policy_id, policy_version, strategy, winner_id, kind,
				  reason, decided_at, decided_by, candidates, lead_grade)
				values (:lead, :team, :pid, :pv, :strategy, :winner, :kind, :reason, :at, :by, :details, :grade)""")
			.param("grade", lead.grade().name()).param("lead", lead.id()).param("team", lead.teamId()).param("pid", stored.id())
			.param("pv", stored.version()).param("strategy", decision.strategy().name()).param("winner", winner)
			.param("kind", kind).param("reason", reason).param("at", SqlTime.of(now)).param("by", decidedBy)
			.param("details", details)
			.update(keys, "id");
		return keys.getKeyAs(Long.class);
	}

	/**
	 * The decision's explanation as stored with it: every candidate with reasons and scores. An eligible
	 * candidate is stored without its verdicts: every rule allowed them, which {@code eligible} already says, and
	 * five "allowed" verdicts were two thirds of the record (a record over about 2 KB is also compressed by
	 * PostgreSQL on every insert). A rejected candidate keeps every verdict.
	 */
	String details(Grade grade, AllocationDecision decision) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("outcome", decision.outcome().name());
		details.put("outcomeReason", decision.outcomeReason());
		details.put("fairnessMean", decision.fairnessMean());
		List<Object> candidates = new ArrayList<>(decision.candidates().size());
		for (CandidateAssessment c : decision.candidates()) {
			candidates.add(c.eligible() ? new StoredEligible(c.repId(), c.displayName(), true, c.loadRate(), c.scores(),
					c.distanceKm(), c.total(), c.rank(), c.whyNotWinner()) : c);
		}
		details.put("candidates", candidates);
		details.put("overloadNotices", decision.overloadNotices());
		details.put("lead", Map.of("grade", grade, "requiredSkills", decision.lead().requiredSkills(),
				"requiredRegionId", String.valueOf(decision.lead().requiredRegionId())));
		return json.writeValueAsString(details);
	}

	/** {@link CandidateAssessment} without its verdicts, for an eligible candidate (see {@link #details}). */
	record StoredEligible(long repId, String displayName, boolean eligible, double loadRate, List<Double> scores,
			Double distanceKm, double total, int rank, Reason whyNotWinner) {
	}

	AllocationEngine engine() {
		return engine;
	}

	LeadFacts facts(LeadRow lead, PolicySettings settings) {
		LeadFacts facts = LeadFacts.of(lead.id(), lead.teamId(), LeadGrade.valueOf(lead.grade().name()));
		if (settings.requireSkills()) {
			Set<String> skills = new HashSet<>();
			if (lead.industry() != null) {
				skills.add(lead.industry());
			}
			if (lead.productLine() != null) {
				skills.add(lead.productLine());
			}
			facts = facts.withRequiredSkills(skills);
		}
		if (settings.requireRegion() && lead.regionId() != null) {
			facts = facts.withRequiredRegion(lead.regionId());
		}
		if (lead.lat() != null && lead.lon() != null) {
			facts = facts.withCustomerLocation(GeoPoint.of(lead.lat(), lead.lon()));
		}
		if (lead.previousOwnerId() != null && lead.releasedAt() != null) {
			facts = facts.withPreviousOwner(lead.previousOwnerId(), lead.releasedAt());
		}
		return facts;
	}

	/** Every rep of the team with the figures the engine scores; disabled reps included (they lose, with a reason). */
	List<Candidate> candidates(long teamId, AllocationPolicy policy, Instant now) {
		List<UserSummary> reps = users.members(teamId, Role.REP);
		if (reps.isEmpty()) {
			return List.of();
		}
		Set<Long> ids = new HashSet<>();
		reps.forEach(r -> ids.add(r.id()));
		RepFigures figures = figures(ids, now, false);
		Map<Long, Integer> received = gradeAReceived(ids, now.minus(policy.fairnessWindow()));
		List<Candidate> candidates = new ArrayList<>(reps.size());
		reps.forEach(rep -> candidates.add(figures.candidate(rep, rep.active(), received)));
		return candidates;
	}

	/** What the engine scores of reps beyond their identity: profile, kept load and last allocation, 30-day grade-A conversion. */
	record RepFigures(Map<Long, RepProfile> profiles, Map<Long, Integer> load, Map<Long, Instant> last,
			Map<Long, int[]> conversion) {

		Candidate candidate(UserSummary rep, boolean active, Map<Long, Integer> received) {
			int[] conv = conversion.getOrDefault(rep.id(), new int[2]);
			return LeadAllocator.candidate(rep, active, profiles.getOrDefault(rep.id(), RepProfile.NONE),
					load.getOrDefault(rep.id(), 0), conv[0], conv[1], received.getOrDefault(rep.id(), 0), last.get(rep.id()));
		}
	}

	/**
	 * The reps' figures in two statements; with {@code lock}, their profile rows (the rows every change of a rep's
	 * load locks) are locked in id order, so the figures stay exact until the caller commits.
	 */
	RepFigures figures(Set<Long> ids, Instant now, boolean lock) {
		Map<Long, RepProfile> profiles = new HashMap<>();
		Map<Long, Integer> load = new HashMap<>();
		Map<Long, Instant> last = new HashMap<>();
		Map<Long, int[]> conversion = new HashMap<>();
		if (ids.isEmpty()) {
			return new RepFigures(profiles, load, last, conversion);
		}
		jdbc.sql("select * from rep_profile where user_id in (:ids)" + (lock ? " order by user_id for update" : ""))
			.param("ids", ids)
			.query((org.springframework.jdbc.core.RowCallbackHandler) rs -> {
				long id = rs.getLong("user_id");
				profiles.put(id, RepProfile.from(rs));
				load.put(id, rs.getInt("active_leads"));
				var at = rs.getTimestamp("last_assigned_at");
				if (at != null) {
					last.put(id, at.toInstant());
				}
			});
		// won = converted, closed = converted or closed, grade A, in the last 30 days (the conversion component)
		jdbc.sql("""
				select owner_id, sum(case when status = 'CONVERTED' then 1 else 0 end), count(*) from lead
				where grade = 'A' and status in ('CONVERTED', 'CLOSED') and closed_at >= :since and owner_id in (:ids)
				group by owner_id""")
			.param("since", SqlTime.of(now.minus(Duration.ofDays(30)))).param("ids", ids)
			.query((org.springframework.jdbc.core.RowCallbackHandler) rs -> conversion.put(rs.getLong(1),
					new int[] { rs.getInt(2), rs.getInt(3) }));
		return new RepFigures(profiles, load, last, conversion);
	}

	/** Grade-A leads each rep was given since the start of the fairness window (allocation, claim or reassignment). */
	Map<Long, Integer> gradeAReceived(Set<Long> ids, Instant since) {
		Map<Long, Integer> received = new HashMap<>();
		if (!ids.isEmpty()) {
			jdbc.sql("""
					select winner_id, count(*) from allocation_decision
					where winner_id in (:ids) and lead_grade = 'A' and decided_at >= :since group by winner_id""")
				.param("ids", ids).param("since", SqlTime.of(since))
				.query((org.springframework.jdbc.core.RowCallbackHandler) rs -> received.put(rs.getLong(1), rs.getInt(2)));
		}
		return received;
	}

	/** One rep as the engine sees them. */
	static Candidate candidate(UserSummary rep, boolean active, RepProfile profile, int load, int won, int closed,
			int received, Instant last) {
		var builder = Candidate.builder(rep.id(), rep.displayName())
			.active(active)
			.activeLeads(load)
			.baselineOverride(profile.baseline())
			.skills(profile.skills())
			.regionIds(profile.regions().isEmpty() && rep.regionId() != null ? Set.of(rep.regionId()) : profile.regions())
			.gradeA(won, closed)
			.gradeAReceivedInWindow(received)
			.lastAssignedAt(last);
		if (profile.latitude() != null && profile.longitude() != null && profile.radiusKm() != null) {
			builder.serviceArea(profile.latitude(), profile.longitude(), profile.radiusKm());
		}
		return builder.build();
	}

	/** A rep's number of ASSIGNED leads as kept on their profile row (see {@link RepLoads}). */
	int activeLeads(long repId) {
		return loads.of(repId);
	}
}
