package dev.closer.leads.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import dev.closer.identity.TeamSummary;
import dev.closer.identity.UserDirectory;
import dev.closer.identity.UserSummary;
import dev.closer.leads.Grade;
import dev.closer.leads.LeadAssigned;
import dev.closer.leads.LeadReleased;
import dev.closer.leads.internal.allocation.AllocationDecision;
import dev.closer.leads.internal.allocation.AllocationPolicy;
import dev.closer.leads.internal.allocation.Candidate;
import dev.closer.leads.internal.allocation.LeadFacts;
import dev.closer.leads.internal.allocation.OverloadNotice;
import dev.closer.notifications.Notification;
import dev.closer.notifications.Notifications;
import dev.closer.shared.audit.AuditLog;
import dev.closer.shared.problem.BusinessException;
import dev.closer.shared.security.CurrentUser;
import dev.closer.shared.security.Role;
import dev.closer.shared.time.SqlTime;

/**
 * Intake of many leads in one transaction (group commit of concurrent API calls, import chunks), with the
 * same outcome, lead by lead and in order, as {@link LeadIntake#create} one after another (SPEC L1-L5, L8).
 * <p>
 * Each lead is checked and graded first; a refused one gets its error and takes no part. Then, for the teams of
 * the batch: the reps' lock rows are locked in id order (every change of a rep's load takes the same lock, so
 * the figures read under it are exact for the whole batch, on one node or several), their accounts re-read
 * under a share lock (the validity probe), their figures read in a handful of statements. The leads are then
 * deduplicated (against stored leads and the batch's earlier leads) and allocated in memory in order, each
 * decision seeing the loads of the ones before it. Everything is written in batches: leads, decisions,
 * duplicate notes, audit, reps' counts, SLA clocks and rollup, notifications, events.
 */
@Service
class BatchIntake {

	/** A lead to take in, and who submits it (null: the public web form or the system). */
	record Item(LeadRequest request, CurrentUser actor) {
	}

	/** What became of one item: a result, or the refusal that left it out. */
	record Outcome(LeadIntake.Result result, BusinessException refusal) {
	}

	private final JdbcClient jdbc;

	private final NamedParameterJdbcTemplate named;

	private final LeadIntake intake;

	private final GradingRuleStore grading;

	private final PolicyStore policies;

	private final LeadAllocator allocator;

	private final LeadQueries queries;

	private final SlaClocks clocks;

	private final UserDirectory users;

	private final AuditLog audit;

	private final Notifications notifications;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final TransactionTemplate savepoint;

	BatchIntake(JdbcClient jdbc, NamedParameterJdbcTemplate named, LeadIntake intake, GradingRuleStore grading,
			PolicyStore policies, LeadAllocator allocator, LeadQueries queries, SlaClocks clocks, UserDirectory users,
			AuditLog audit, Notifications notifications, ApplicationEventPublisher events, Clock clock,
			PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		this.named = named;
		this.intake = intake;
		this.grading = grading;
		this.policies = policies;
		this.allocator = allocator;
		this.queries = queries;
		this.clocks = clocks;
		this.users = users;
		this.audit = audit;
		this.notifications = notifications;
		this.events = events;
		this.clock = clock;
		this.savepoint = new TransactionTemplate(transactions);
		this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
	}

	/** One lead of the batch on its way through. */
	private static final class Lead {

		final int index;

		final LeadIntake.Prepared prepared;

		long id;

		LeadStatus status;

		long teamId;

		Long ownerId;

		/** A stored lead this one repeats. */
		Long duplicateOfStored;

		/** An earlier lead of the batch this one repeats. */
		Lead duplicateOfBatch;

		AllocationDecision decision;

		String kind;

		String reasonKey;

		long decisionId;

		Lead(int index, LeadIntake.Prepared prepared) {
			this.index = index;
			this.prepared = prepared;
			this.teamId = prepared.teamId();
		}

		Long duplicateOf() {
			return duplicateOfBatch != null ? Long.valueOf(duplicateOfBatch.id) : duplicateOfStored;
		}

		Grade grade() {
			return prepared.graded().grade();
		}

		LeadIntake.Contact contact() {
			return prepared.contact();
		}
	}

	/** A team's allocation state for the batch: its policy and its reps' figures, updated as leads go to them. */
	private static final class Team {

		PolicyStore.Versioned stored;

		AllocationPolicy policy;

		List<Candidate> candidates;
	}

	@Transactional(propagation = Propagation.MANDATORY)
	public List<Outcome> process(List<Item> items) {
		return process(items, true);
	}

	/** @param views whether each result carries the stored lead as read back (imports need only the outcome) */
	@Transactional(propagation = Propagation.MANDATORY)
	public List<Outcome> process(List<Item> items, boolean views) {
		Instant now = Instant.now(clock);
		var rules = grading.current();
		List<TeamSummary> teamList = users.teams();
		Outcome[] outcomes = new Outcome[items.size()];
		List<Lead> leads = new ArrayList<>(items.size());
		for (int i = 0; i < items.size(); i++) {
			try {
				leads.add(new Lead(i, intake.prepare(items.get(i).request(), items.get(i).actor(), teamList, rules, now)));
			}
			catch (BusinessException refused) {
				outcomes[i] = new Outcome(null, refused);
			}
		}
		if (leads.isEmpty()) {
			return List.of(outcomes);
		}
		if (postgres()) {
			// the dedupe lookup takes up to hundreds of keys; PostgreSQL's cached generic plan for it, made while the
			// lead table was small, stays a sequential scan as the table grows (measured: 0.3 s a chunk at 25,000
			// leads); plans made for the actual keys use the indexes
			jdbc.sql("set local plan_cache_mode = force_custom_plan").update();
		}
		List<LeadQueries.DuplicateCandidate> stored = queries.duplicateCandidates(leads.stream().map(Lead::contact).toList());
		Map<Long, Team> teams = lockTeams(leads.stream().map(l -> l.teamId).collect(java.util.stream.Collectors.toCollection(TreeSet::new)), now);
		List<OverloadNotice> overloaded = new ArrayList<>();
		List<Lead> inBatch = new ArrayList<>();
		for (Lead lead : leads) {
			decide(lead, stored, inBatch, teams, now, overloaded);
			inBatch.add(lead);
		}
		write(leads, teams, now);
		Map<Long, LeadView> read = views ? queries.findUnscoped(leads.stream().map(l -> l.id).toList()) : Map.of();
		for (Lead lead : leads) {
			LeadIntake.Outcome outcome = lead.status == LeadStatus.DUPLICATE ? LeadIntake.Outcome.DUPLICATE
					: lead.status == LeadStatus.ASSIGNED ? LeadIntake.Outcome.ASSIGNED : LeadIntake.Outcome.POOL;
			LeadAllocator.Result allocation = lead.decision == null ? null
					: new LeadAllocator.Result(lead.decisionId, lead.status == LeadStatus.ASSIGNED ? lead.ownerId : null,
							lead.kind, lead.reasonKey);
			outcomes[lead.index] = new Outcome(new LeadIntake.Result(read.get(lead.id), outcome, lead.duplicateOf(),
					allocation), null);
		}
		if (!overloaded.isEmpty()) {
			// one notice per rep (the latest figures), after commit, as for a single intake
			Map<Long, OverloadNotice> latest = new LinkedHashMap<>();
			overloaded.forEach(n -> latest.put(n.repId(), n));
			allocator.notifyOverload(List.copyOf(latest.values()), now);
		}
		return List.of(outcomes);
	}

	private volatile Boolean postgres;

	private boolean postgres() {
		if (postgres == null) {
			postgres = jdbc.sql("select 1").query((rs, n) -> rs.getStatement().getConnection().getMetaData()
				.getDatabaseProductName().startsWith("PostgreSQL")).single();
		}
		return postgres;
	}

	/** Dedupe, then (unless it goes to an owner as a duplicate) allocation over the team's current figures. */
	private void decide(Lead lead, List<LeadQueries.DuplicateCandidate> stored, List<Lead> earlier,
			Map<Long, Team> teams, Instant now, List<OverloadNotice> overloaded) {
		LeadIntake.Contact c = lead.contact();
		// the best match, as LeadQueries.findDuplicate orders it: an active owner first, then the oldest
		LeadQueries.DuplicateCandidate best = stored.stream()
			.filter(d -> d.matches(c.phone(), c.email(), c.wechat(), c.company()))
			.min(Comparator.comparing((LeadQueries.DuplicateCandidate d) -> d.hasActiveOwner() ? 0 : 1)
				.thenComparing(LeadQueries.DuplicateCandidate::createdAt)
				.thenComparingLong(LeadQueries.DuplicateCandidate::leadId))
			.orElse(null);
		Lead bestInBatch = null;
		if (best == null || !best.hasActiveOwner()) {
			for (Lead e : earlier) {
				if (e.status == LeadStatus.DUPLICATE || !sameContact(e.contact(), c)) {
					continue;
				}
				if (e.status == LeadStatus.ASSIGNED) {
					bestInBatch = e; // its owner is active (checked under lock moments ago)
					break;
				}
				if (best == null && bestInBatch == null) {
					bestInBatch = e;
				}
			}
		}
		if (bestInBatch != null && bestInBatch.status == LeadStatus.ASSIGNED) {
			lead.status = LeadStatus.DUPLICATE;
			lead.teamId = bestInBatch.teamId;
			lead.ownerId = bestInBatch.ownerId;
			lead.duplicateOfBatch = bestInBatch;
			return;
		}
		if (best != null && best.hasActiveOwner()) {
			lead.status = LeadStatus.DUPLICATE;
			lead.teamId = best.teamId();
			lead.ownerId = best.ownerId();
			lead.duplicateOfStored = best.leadId();
			return;
		}
		if (best != null) {
			lead.duplicateOfStored = best.leadId();
		}
		else if (bestInBatch != null) {
			lead.duplicateOfBatch = bestInBatch;
		}
		Team team = teams.get(lead.teamId);
		var r = lead.prepared.request();
		LeadAllocator.LeadRow row = new LeadAllocator.LeadRow(0, lead.teamId, lead.grade(), LeadIntake.trim(r.industry()),
				LeadIntake.trim(r.productLine()), r.regionId(), r.latitude(), r.longitude(), null, null, null, "POOL");
		LeadFacts facts = allocator.facts(row, team.stored.settings());
		AllocationDecision decision = allocator.engine().decide(facts, team.candidates, team.policy, now);
		lead.decision = decision;
		lead.reasonKey = decision.outcomeReason().key();
		overloaded.addAll(decision.overloadNotices());
		if (decision.assigned()) {
			long winner = decision.winnerRepId().getAsLong();
			lead.status = LeadStatus.ASSIGNED;
			lead.ownerId = winner;
			lead.kind = "ASSIGNED";
			boolean gradeA = lead.grade() == Grade.A;
			team.candidates.replaceAll(k -> k.repId() == winner ? k.toBuilder()
				.activeLeads(k.activeLeads() + 1)
				.gradeAReceivedInWindow(k.gradeAReceivedInWindow() + (gradeA ? 1 : 0))
				.lastAssignedAt(now)
				.build() : k);
		}
		else {
			lead.status = LeadStatus.POOL;
			lead.kind = decision.outcome() == dev.closer.leads.internal.allocation.Outcome.MANUAL ? "MANUAL" : "POOL";
		}
	}

	private static boolean sameContact(LeadIntake.Contact a, LeadIntake.Contact b) {
		return (a.phone() != null && a.phone().equals(b.phone())) || (a.email() != null && a.email().equals(b.email()))
				|| (a.wechat() != null && a.wechat().equals(b.wechat()))
				|| (a.company() != null && a.company().equals(b.company()));
	}

	/**
	 * The teams' policies and reps, with every rep's lock row locked (in id order) and figures read under it.
	 */
	private Map<Long, Team> lockTeams(Collection<Long> teamIds, Instant now) {
		Map<Long, Team> teams = new HashMap<>();
		Map<Long, List<UserSummary>> members = users.membersOf(teamIds, Role.REP);
		Map<Long, PolicyStore.Versioned> stored = policies.current(teamIds);
		Set<Long> ids = new TreeSet<>();
		for (long teamId : teamIds) {
			Team team = new Team();
			team.stored = stored.get(teamId);
			team.policy = team.stored.settings().toPolicy(team.stored.version());
			teams.put(teamId, team);
			members.get(teamId).forEach(u -> ids.add(u.id()));
		}
		Set<Long> active = Set.of();
		LeadAllocator.RepFigures figures = allocator.figures(Set.of(), now, false);
		Map<Long, Map<Long, Integer>> receivedByWindow = new HashMap<>();
		if (!ids.isEmpty()) {
			ensureProfiles(ids, now);
			figures = allocator.figures(ids, now, true);
			active = users.activeLocked(ids);
			for (Team team : teams.values()) {
				receivedByWindow.computeIfAbsent(team.policy.fairnessWindow().toDays(),
						d -> allocator.gradeAReceived(ids, now.minus(team.policy.fairnessWindow())));
			}
		}
		for (var entry : teams.entrySet()) {
			Team team = entry.getValue();
			Map<Long, Integer> received = receivedByWindow.getOrDefault(team.policy.fairnessWindow().toDays(), Map.of());
			List<Candidate> candidates = new ArrayList<>();
			for (UserSummary rep : members.get(entry.getKey())) {
				candidates.add(figures.candidate(rep, active.contains(rep.id()), received));
			}
			team.candidates = candidates;
		}
		return teams;
	}

	/** Every rep has a lock row before it is locked (created once, in a savepoint: a racing creator wins). */
	private void ensureProfiles(Set<Long> ids, Instant now) {
		List<Long> have = jdbc.sql("select user_id from rep_profile where user_id in (:ids)").param("ids", ids)
			.query(Long.class).list();
		if (have.size() == ids.size()) {
			return;
		}
		Set<Long> missing = new TreeSet<>(ids);
		have.forEach(missing::remove);
		for (long id : missing) {
			try {
				savepoint.executeWithoutResult(s -> jdbc.sql("""
						insert into rep_profile (user_id, active_leads, updated_at)
						values (:u, (select count(*) from lead where owner_id = :u and status = 'ASSIGNED'), :now)""")
					.param("u", id).param("now", SqlTime.of(now)).update());
			}
			catch (org.springframework.dao.DuplicateKeyException raced) {
				// created by another transaction meanwhile
			}
		}
	}

	private void write(List<Lead> leads, Map<Long, Team> teams, Instant now) {
		insertLeads(leads, now);
		List<SqlParameterSource> dupLinks = new ArrayList<>();
		for (Lead lead : leads) {
			if (lead.duplicateOfBatch != null) {
				dupLinks.add(new MapSqlParameterSource("id", lead.id).addValue("dup", lead.duplicateOfBatch.id));
			}
		}
		if (!dupLinks.isEmpty()) {
			named.batchUpdate("update lead set duplicate_of = :dup where id = :id", dupLinks.toArray(SqlParameterSource[]::new));
		}
		List<Lead> decided = leads.stream().filter(l -> l.decision != null).toList();
		insertDecisions(decided, teams, now);

		List<SqlParameterSource> notes = new ArrayList<>();
		List<AuditLog.Entry> entries = new ArrayList<>();
		List<Notification> messages = new ArrayList<>();
		Map<Long, Integer> gained = new java.util.TreeMap<>();
		List<LeadAssigned> assigned = new ArrayList<>();
		Map<Long, List<UserSummary>> managers = new HashMap<>();
		for (Lead lead : leads) {
			var r = lead.prepared.request();
			CurrentUser actor = lead.prepared.actor();
			String by = actor == null ? "system" : actor.username();
			if (lead.status == LeadStatus.DUPLICATE) {
				long original = lead.duplicateOf();
				notes.add(new MapSqlParameterSource("l", original)
					.addValue("b", "#" + lead.id + " " + r.contactName()
							+ (r.sourceChannel() == null ? "" : " (" + r.sourceChannel() + ")")
							+ (r.notes() == null ? "" : ": " + r.notes()))
					.addValue("at", SqlTime.of(now)).addValue("by", by));
				entries.add(new AuditLog.Entry(actor, "lead", lead.id, "duplicate", null,
						Map.of("duplicateOf", original, "ownerId", lead.ownerId), null));
				messages.add(Notification.inbox(lead.ownerId, "lead.duplicate", "重复线索 / Duplicate lead",
						r.contactName() + " → #" + original, "/leads/" + original));
				continue;
			}
			entries.add(new AuditLog.Entry(actor, "lead", lead.id, "create", null,
					LeadIntake.summary(r, lead.grade(), lead.teamId), null));
			if (lead.status == LeadStatus.ASSIGNED) {
				Team team = teams.get(lead.teamId);
				entries.add(new AuditLog.Entry(actor, "lead", lead.id, "assign", null, lead.ownerId,
						"allocation policy v" + team.stored.version() + " (" + lead.decision.strategy() + ")"));
				gained.merge(lead.ownerId, 1, Integer::sum);
				assigned.add(new LeadAssigned(lead.id, lead.ownerId, null, lead.teamId, lead.grade(), "allocation",
						lead.decisionId));
				messages.add(Notification.inbox(lead.ownerId, "lead.assigned", "新线索 / New lead",
						"#" + lead.id + " (" + lead.grade() + ")", "/leads/" + lead.id));
			}
			else if ("MANUAL".equals(lead.kind)) {
				managers.computeIfAbsent(lead.teamId, users::managersOf)
					.forEach(m -> messages.add(Notification.inbox(m.id(), "lead.manual", "待手动分配 / Lead to assign by hand",
							"#" + lead.id + " (" + lead.grade() + ")", "/leads/" + lead.id)));
			}
		}
		if (!notes.isEmpty()) {
			named.batchUpdate("""
					insert into lead_note (lead_id, kind, body, created_at, created_by)
					values (:l, 'DUPLICATE', :b, :at, :by)""", notes.toArray(SqlParameterSource[]::new));
		}
		audit.recordAll(entries);
		if (!gained.isEmpty()) {
			// the reps' rows are locked by this transaction already (lockTeams)
			named.batchUpdate("""
					update rep_profile set active_leads = active_leads + :n, last_assigned_at = :at where user_id = :u""",
					gained.entrySet().stream()
						.map(e -> new MapSqlParameterSource("u", e.getKey()).addValue("n", e.getValue())
							.addValue("at", SqlTime.of(now)))
						.toArray(SqlParameterSource[]::new));
		}
		clocks.startNew(assigned, leads.stream().filter(l -> l.status != LeadStatus.DUPLICATE).map(l -> l.id).toList());
		notifications.sendAll(messages);
		for (Lead lead : leads) {
			if (lead.status == LeadStatus.ASSIGNED) {
				events.publishEvent(new LeadAssigned(lead.id, lead.ownerId, null, lead.teamId, lead.grade(), "allocation",
						lead.decisionId));
			}
			else if (lead.status == LeadStatus.POOL) {
				events.publishEvent(new LeadReleased(lead.id, null, lead.teamId, lead.reasonKey));
			}
		}
	}

	private void insertLeads(List<Lead> leads, Instant now) {
		SqlParameterSource[] rows = new SqlParameterSource[leads.size()];
		for (int i = 0; i < rows.length; i++) {
			Lead lead = leads.get(i);
			// a duplicate of an earlier lead of this batch gets its link once that lead has an id (see write)
			rows[i] = LeadIntake.row(lead.prepared.request(), lead.contact(), lead.prepared.graded(), lead.teamId,
					lead.status, lead.ownerId, lead.duplicateOfBatch == null ? lead.duplicateOfStored : null, now);
		}
		var keys = new GeneratedKeyHolder();
		named.batchUpdate(LeadIntake.INSERT, rows, keys, new String[] { "id" });
		List<Map<String, Object>> ids = keys.getKeyList();
		for (int i = 0; i < leads.size(); i++) {
			leads.get(i).id = ((Number) ids.get(i).values().iterator().next()).longValue();
		}
	}

	private void insertDecisions(List<Lead> decided, Map<Long, Team> teams, Instant now) {
		if (decided.isEmpty()) {
			return;
		}
		SqlParameterSource[] rows = new SqlParameterSource[decided.size()];
		for (int i = 0; i < rows.length; i++) {
			Lead lead = decided.get(i);
			Team team = teams.get(lead.teamId);
			String by = lead.prepared.actor() == null ? "system" : lead.prepared.actor().username();
			rows[i] = new MapSqlParameterSource().addValue("lead", lead.id).addValue("team", lead.teamId)
				.addValue("pid", team.stored.id()).addValue("pv", team.stored.version())
				.addValue("strategy", lead.decision.strategy().name())
				.addValue("winner", lead.status == LeadStatus.ASSIGNED ? lead.ownerId : null).addValue("kind", lead.kind)
				.addValue("reason", lead.reasonKey).addValue("at", SqlTime.of(now)).addValue("by", by)
				.addValue("details", allocator.details(lead.grade(), lead.decision))
				.addValue("grade", lead.grade().name());
		}
		var keys = new GeneratedKeyHolder();
		named.batchUpdate("""
				insert into allocation_decision (lead_id, team_id, policy_id, policy_version, strategy, winner_id, kind,
				  reason, decided_at, decided_by, candidates, lead_grade)
				values (:lead, :team, :pid, :pv, :strategy, :winner, :kind, :reason, :at, :by, :details, :grade)""", rows,
				keys, new String[] { "id" });
		List<Map<String, Object>> ids = keys.getKeyList();
		for (int i = 0; i < decided.size(); i++) {
			decided.get(i).decisionId = ((Number) ids.get(i).values().iterator().next()).longValue();
		}
	}
}
