package dev.closer.leads.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import dev.closer.leads.Grade;
import dev.closer.leads.LeadAssigned;
import dev.closer.leads.LeadReleased;
import dev.closer.leads.internal.sla.ActionKind;
import dev.closer.leads.internal.sla.ClockState;
import dev.closer.leads.internal.sla.Heat;
import dev.closer.leads.internal.sla.SlaEngine;
import dev.closer.leads.internal.sla.SlaPolicy;
import dev.closer.shared.audit.AuditLog;
import dev.closer.shared.calendar.BusinessCalendars;
import dev.closer.shared.calendar.SlaTime;
import dev.closer.shared.problem.BusinessException;
import dev.closer.shared.problem.NotFoundException;
import dev.closer.shared.security.CurrentUser;
import dev.closer.shared.security.DataScopes;
import dev.closer.shared.time.SqlTime;

/**
 * The response clocks of SPEC S1-S4: started (or restarted) in the transaction that assigns a lead,
 * stopped when it leaves its owner, and moved by every recorded action; the next due moment is kept on
 * the row, so {@link SlaTicker} finds due clocks with one index range scan. Lock order everywhere: the
 * lead row, then its clock row.
 */
@Component
class SlaClocks {

	static final int NOTE_MAX = 2000;

	/** A clock row: the engine's state plus what the database keeps around it. */
	record ClockRow(long leadId, int cycle, boolean running, Long ownerId, long teamId, long policyId, ClockState state,
			String blocker, Instant firstResponseAt, Instant nextDueAt) {
	}

	/** An action as recorded. */
	record LeadAction(long id, long leadId, ActionKind kind, String note, long actorId, String actorName, Long ownerId,
			Instant occurredAt) {
	}

	private final JdbcClient jdbc;

	private final Clock clock;

	private final SlaPolicyStore policies;

	private final BusinessCalendars calendars;

	private final LeadFlowRollup rollup;

	private final LeadAllocator allocator;

	private final LeadQueries queries;

	private final DataScopes scopes;

	private final AuditLog audit;

	private final org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate named;

	SlaClocks(org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate named, JdbcClient jdbc, Clock clock, SlaPolicyStore policies, BusinessCalendars calendars, LeadFlowRollup rollup,
			LeadAllocator allocator, LeadQueries queries, DataScopes scopes, AuditLog audit) {
		this.named = named;
		this.jdbc = jdbc;
		this.clock = clock;
		this.policies = policies;
		this.calendars = calendars;
		this.rollup = rollup;
		this.allocator = allocator;
		this.queries = queries;
		this.scopes = scopes;
		this.audit = audit;
	}

	/** S4: a clock starts on assignment and restarts on reassignment (same transaction as the assignment). */
	@EventListener
	@Transactional(propagation = Propagation.MANDATORY)
	public void onAssigned(LeadAssigned event) {
		if (startedByBatch(event.leadId())) {
			return;
		}
		Instant now = Instant.now(clock);
		Optional<ClockRow> previous = lock(event.leadId());
		Optional<ClockRow> reallocatedFrom = previous
			.filter(c -> c.running() && c.ownerId() != null && c.ownerId() != event.ownerId());
		// rollup rows are updated in rep-id order, so two swapping reassignments cannot deadlock on them
		boolean previousFirst = reallocatedFrom.map(c -> c.ownerId() < event.ownerId()).orElse(false);
		if (previousFirst) {
			reallocatedFrom.ifPresent(this::countReallocation);
		}
		SlaPolicyStore.Versioned policy = policies.current(event.teamId());
		ClockState state = ClockState.started(event.grade(), now);
		Instant due = SlaEngine.nextDue(state, policy.policy(), time(policy.policy()));
		if (previous.isEmpty()) {
			jdbc.sql("""
					insert into lead_sla_clock (lead_id, cycle, running, owner_id, team_id, grade, policy_id, assigned_at,
					       next_due_at, updated_at)
					values (:lead, 1, true, :owner, :team, :grade, :policy, :now, :due, :now)""")
				.param("lead", event.leadId()).param("owner", event.ownerId()).param("team", event.teamId())
				.param("grade", event.grade().name()).param("policy", policy.id()).param("now", SqlTime.of(now))
				.param("due", SqlTime.of(due)).update();
		}
		else {
			jdbc.sql("""
					update lead_sla_clock set cycle = cycle + 1, running = true, owner_id = :owner, team_id = :team,
					       grade = :grade, policy_id = :policy, assigned_at = :now, last_action_at = null,
					       last_valid_at = null, kinds_seen = 0, steps_done = 0, heat = 'NONE', blocker = null,
					       first_response_at = null, next_due_at = :due, updated_at = :now
					where lead_id = :lead""")
				.param("lead", event.leadId()).param("owner", event.ownerId()).param("team", event.teamId())
				.param("grade", event.grade().name()).param("policy", policy.id()).param("now", SqlTime.of(now))
				.param("due", SqlTime.of(due)).update();
		}
		rollup.received(now, event.ownerId(), event.grade(), event.teamId());
		if (!previousFirst) {
			reallocatedFrom.ifPresent(this::countReallocation);
		}
	}

	/** Leads of this transaction's batched intake: their clocks were handled by {@link #startNew}. */
	private static final Object BATCH_KEY = new Object();

	@SuppressWarnings("unchecked")
	private static boolean startedByBatch(long leadId) {
		var set = (java.util.Set<Long>) org.springframework.transaction.support.TransactionSynchronizationManager
			.getResource(BATCH_KEY);
		return set != null && set.contains(leadId);
	}

	/**
	 * S4 for a batch of new leads (intake by group commit, imports): the clocks of those assigned start in one
	 * batch and the rollup gains one update per rep and grade; their {@code LeadAssigned} and
	 * {@code LeadReleased} events, published afterwards for other listeners, are then skipped here.
	 * @param assigned the assignments of new leads (which have no clock yet)
	 * @param all every new lead of the batch, assigned or not
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	@SuppressWarnings("unchecked")
	public void startNew(List<LeadAssigned> assigned, java.util.Collection<Long> all) {
		var set = (java.util.Set<Long>) org.springframework.transaction.support.TransactionSynchronizationManager
			.getResource(BATCH_KEY);
		if (set == null) {
			set = new java.util.HashSet<>();
			org.springframework.transaction.support.TransactionSynchronizationManager.bindResource(BATCH_KEY, set);
			org.springframework.transaction.support.TransactionSynchronizationManager.registerSynchronization(
					new org.springframework.transaction.support.TransactionSynchronization() {
						@Override
						public void afterCompletion(int status) {
							org.springframework.transaction.support.TransactionSynchronizationManager
								.unbindResourceIfPossible(BATCH_KEY);
						}
					});
		}
		set.addAll(all);
		if (assigned.isEmpty()) {
			return;
		}
		Instant now = Instant.now(clock);
		var rows = new java.util.ArrayList<org.springframework.jdbc.core.namedparam.MapSqlParameterSource>();
		java.util.Map<List<Object>, Integer> received = new java.util.LinkedHashMap<>();
		for (LeadAssigned event : assigned) {
			SlaPolicyStore.Versioned policy = policies.current(event.teamId());
			ClockState state = ClockState.started(event.grade(), now);
			Instant due = SlaEngine.nextDue(state, policy.policy(), time(policy.policy()));
			rows.add(new org.springframework.jdbc.core.namedparam.MapSqlParameterSource().addValue("lead", event.leadId())
				.addValue("owner", event.ownerId()).addValue("team", event.teamId())
				.addValue("grade", event.grade().name()).addValue("policy", policy.id())
				.addValue("now", SqlTime.of(now)).addValue("due", SqlTime.of(due)));
			received.merge(List.of(event.ownerId(), event.grade(), event.teamId()), 1, Integer::sum);
		}
		named.batchUpdate("""
				insert into lead_sla_clock (lead_id, cycle, running, owner_id, team_id, grade, policy_id, assigned_at,
				       next_due_at, updated_at)
				values (:lead, 1, true, :owner, :team, :grade, :policy, :now, :due, :now)""",
				rows.toArray(org.springframework.jdbc.core.namedparam.SqlParameterSource[]::new));
		// in rep-id order, as everywhere the rollup is written, so concurrent writers cannot deadlock on its rows
		received.entrySet().stream()
			.sorted(java.util.Comparator.comparingLong(e -> (Long) e.getKey().get(0)))
			.forEach(e -> rollup.received(now, (Long) e.getKey().get(0), (Grade) e.getKey().get(1),
					(Long) e.getKey().get(2), e.getValue()));
	}

	/**
	 * A calendar changed (P7): clocks counting time in it are made due now, so the ticker re-evaluates them
	 * under the new calendar (firing what the change made due and storing the corrected next moment).
	 */
	@EventListener
	@Transactional(propagation = Propagation.MANDATORY)
	public void onCalendarChanged(dev.closer.shared.calendar.CalendarChanged event) {
		List<Long> policyIds = policies.idsUsingCalendar(event.calendarId());
		if (!policyIds.isEmpty()) {
			jdbc.sql("""
					update lead_sla_clock set next_due_at = :now
					where running = true and next_due_at > :now and policy_id in (:ids)""")
				.param("now", SqlTime.of(Instant.now(clock))).param("ids", policyIds).update();
		}
	}

	/** S4: the lead left its owner (released, recycled, nobody eligible): the clock stops. */
	@EventListener
	@Transactional(propagation = Propagation.MANDATORY)
	public void onReleased(LeadReleased event) {
		if (startedByBatch(event.leadId())) {
			return; // a lead of a batched intake that went to the pool: it never had a clock
		}
		lock(event.leadId()).filter(ClockRow::running).ifPresent(c -> {
			if (c.ownerId() != null) {
				countReallocation(c);
			}
			halt(c.leadId());
		});
	}

	/** The lead is done with (converted, closed): the clock stops without counting a re-allocation. */
	@Transactional(propagation = Propagation.MANDATORY)
	public void finish(long leadId) {
		halt(leadId);
	}

	/**
	 * Records an action on a lead (S4: the steps it names stop; recycling and red/yellow count from it).
	 * The owner records their own actions; a manager, director or admin with the lead in scope may too.
	 */
	@Transactional
	public LeadAction record(long leadId, ActionKind kind, String note, CurrentUser actor) {
		if (kind == null) {
			throw BusinessException.invalidField("type", "error.required");
		}
		String text = dev.closer.shared.problem.Fields.optional("note", note, NOTE_MAX);
		visible(leadId, actor);
		LeadAllocator.LeadRow lead = allocator.lockLead(leadId);
		requireActor(lead, actor);
		Instant now = Instant.now(clock);
		var keys = new GeneratedKeyHolder();
		jdbc.sql("""
				insert into lead_action (lead_id, kind, note, actor_id, owner_id, occurred_at)
				values (:lead, :kind, :note, :actor, :owner, :at)""")
			.param("lead", leadId).param("kind", kind.name()).param("note", text).param("actor", actor.id())
			.param("owner", lead.ownerId()).param("at", SqlTime.of(now)).update(keys, "id");
		jdbc.sql("update lead set updated_at = :now, version = version + 1 where id = :id")
			.param("now", SqlTime.of(now)).param("id", leadId).update();
		lock(leadId).filter(c -> c.running() && Objects.equals(c.ownerId(), lead.ownerId())).ifPresent(c -> {
			SlaPolicy policy = policies.byId(c.policyId()).policy();
			ClockState next = c.state().acted(kind, policy.recycleKinds().contains(kind), now);
			Instant firstResponse = c.firstResponseAt();
			if (firstResponse == null && ActionKind.CONTACT.contains(kind)) {
				firstResponse = now;
				rollup.responded(c.state().assignedAt(), c.ownerId(), c.state().grade(), c.teamId(),
						Duration.between(c.state().assignedAt(), now));
			}
			save(leadId, next, SlaEngine.nextDue(next, policy, time(policy)), firstResponse, c.blocker());
		});
		return new LeadAction(keys.getKeyAs(Long.class), leadId, kind, text, actor.id(), actor.username(),
				lead.ownerId(), now);
	}

	/** S3: a blocker reason keeps a lead from turning red; null or blank clears it. Audited. */
	@Transactional
	public void block(long leadId, String reason, CurrentUser actor) {
		String text = dev.closer.shared.problem.Fields.optional("reason", reason, 500);
		visible(leadId, actor);
		LeadAllocator.LeadRow lead = allocator.lockLead(leadId);
		requireActor(lead, actor);
		ClockRow c = lock(leadId).filter(ClockRow::running)
			.orElseThrow(() -> BusinessException.conflict("error.sla.noClock"));
		SlaPolicy policy = policies.byId(c.policyId()).policy();
		ClockState next = c.state().blocked(text != null);
		save(leadId, next, SlaEngine.nextDue(next, policy, time(policy)), c.firstResponseAt(), text);
		audit.record("lead", leadId, "blocker", c.blocker(), text, text == null ? "cleared" : text);
	}

	@Transactional(readOnly = true)
	public Optional<ClockRow> find(long leadId) {
		return jdbc.sql("select * from lead_sla_clock where lead_id = :id").param("id", leadId).query(this::row)
			.optional();
	}

	@Transactional(readOnly = true)
	public List<LeadAction> actions(long leadId, int limit) {
		return jdbc.sql("""
				select a.*, u.username from lead_action a join app_user u on u.id = a.actor_id
				where a.lead_id = :id order by a.occurred_at desc, a.id desc limit :n""")
			.param("id", leadId).param("n", limit)
			.query((rs, n) -> new LeadAction(rs.getLong("id"), rs.getLong("lead_id"),
					ActionKind.valueOf(rs.getString("kind")), rs.getString("note"), rs.getLong("actor_id"),
					rs.getString("username"), rs.getObject("owner_id", Long.class),
					rs.getTimestamp("occurred_at").toInstant()))
			.list();
	}

	/** The lead's clock for display (empty when it never had one). */
	@Transactional(readOnly = true)
	public Optional<SlaView> view(long leadId) {
		return find(leadId).map(c -> {
			SlaPolicyStore.Versioned v = policies.byId(c.policyId());
			SlaPolicy p = v.policy();
			SlaTime t = time(p);
			ClockState s = c.state();
			SlaView.NextStep next = null;
			int i = c.running() ? SlaEngine.nextStep(s, p) : -1;
			if (i >= 0) {
				var step = p.ladder(s.grade()).get(i);
				next = new SlaView.NextStep(i, dev.closer.leads.internal.sla.SlaDurations.format(step.after()),
						step.without().stream().sorted().map(Enum::name).toList(), step.action().name(),
						t.plus(s.assignedAt(), step.after()));
			}
			Instant base = s.lastActionAt() == null ? s.assignedAt() : s.lastActionAt();
			Instant validBase = s.lastValidAt() == null ? s.assignedAt() : s.lastValidAt();
			boolean on = c.running();
			List<SlaView.Fired> fired = jdbc.sql("""
					select e.*, p.version as pv from lead_sla_event e join sla_policy p on p.id = e.policy_id
					where e.lead_id = :id order by e.fired_at desc, e.id desc limit 50""")
				.param("id", leadId)
				.query((rs, n) -> new SlaView.Fired(rs.getString("kind"), rs.getInt("step_index"), rs.getString("action"),
						rs.getObject("owner_id", Long.class), rs.getInt("cycle"), rs.getInt("pv"),
						rs.getTimestamp("due_at").toInstant(), rs.getTimestamp("fired_at").toInstant()))
				.list();
			return new SlaView(leadId, on, c.cycle(), c.ownerId(), s.grade().name(), v.version(), p.calendarId(),
					on ? s.heat() : Heat.NONE, c.blocker(), s.assignedAt(), c.firstResponseAt(), next,
					on && p.recycleAfter() != null ? t.plus(validBase, p.recycleAfter()) : null,
					on ? t.plus(base, p.yellowAfter()) : null, on ? t.plus(base, p.redAfter()) : null, c.nextDueAt(),
					fired);
		});
	}

	SlaTime time(SlaPolicy policy) {
		return calendars.of(policy.calendarId());
	}

	Optional<ClockRow> lock(long leadId) {
		return jdbc.sql("select * from lead_sla_clock where lead_id = :id for update").param("id", leadId)
			.query(this::row).optional();
	}

	void save(long leadId, ClockState s, Instant nextDue, Instant firstResponseAt, String blocker) {
		jdbc.sql("""
				update lead_sla_clock set last_action_at = :action, last_valid_at = :valid, kinds_seen = :kinds,
				       steps_done = :steps, heat = :heat, blocker = :blocker, first_response_at = :first,
				       next_due_at = :due, updated_at = :now
				where lead_id = :lead""")
			.param("action", SqlTime.of(s.lastActionAt())).param("valid", SqlTime.of(s.lastValidAt()))
			.param("kinds", s.kindsSeen()).param("steps", s.stepsDone()).param("heat", s.heat().name())
			.param("blocker", blocker).param("first", SqlTime.of(firstResponseAt)).param("due", SqlTime.of(nextDue))
			.param("now", SqlTime.of(Instant.now(clock))).param("lead", leadId).update();
	}

	void halt(long leadId) {
		jdbc.sql("update lead_sla_clock set running = false, next_due_at = null, updated_at = :now where lead_id = :id")
			.param("now", SqlTime.of(Instant.now(clock))).param("id", leadId).update();
	}

	private void countReallocation(ClockRow c) {
		rollup.reallocated(c.state().assignedAt(), c.ownerId(), c.state().grade(), c.teamId());
	}

	/** Scope first (404 for a lead that is out of scope or does not exist), before any lock is taken. */
	private void visible(long leadId, CurrentUser actor) {
		queries.find(leadId, scopes.of(actor), actor.teamId()).orElseThrow(() -> new NotFoundException("lead", leadId));
	}

	private void requireActor(LeadAllocator.LeadRow lead, CurrentUser actor) {
		if (!"ASSIGNED".equals(lead.status()) || lead.ownerId() == null) {
			throw BusinessException.conflict("error.sla.notAssigned");
		}
		if (lead.ownerId() != actor.id() && !actor.isManagerial()) {
			throw BusinessException.conflict("error.lead.notOwner");
		}
	}

	private ClockRow row(ResultSet rs, int n) throws SQLException {
		ClockState state = new ClockState(Grade.valueOf(rs.getString("grade")), instant(rs.getTimestamp("assigned_at")),
				instant(rs.getTimestamp("last_action_at")), instant(rs.getTimestamp("last_valid_at")),
				rs.getInt("kinds_seen"), rs.getInt("steps_done"), Heat.valueOf(rs.getString("heat")),
				rs.getString("blocker") != null);
		return new ClockRow(rs.getLong("lead_id"), rs.getInt("cycle"), rs.getBoolean("running"),
				rs.getObject("owner_id", Long.class), rs.getLong("team_id"), rs.getLong("policy_id"), state,
				rs.getString("blocker"), instant(rs.getTimestamp("first_response_at")),
				instant(rs.getTimestamp("next_due_at")));
	}

	private static Instant instant(Timestamp ts) {
		return ts == null ? null : ts.toInstant();
	}
}
