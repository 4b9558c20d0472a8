package dev.closer.leads.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.closer.identity.UserDirectory;
import dev.closer.identity.UserSummary;
import dev.closer.leads.LeadAssigned;
import dev.closer.leads.LeadReleased;
import dev.closer.notifications.Notification;
import dev.closer.notifications.Notifications;
import dev.closer.shared.audit.AuditLog;
import dev.closer.shared.problem.BusinessException;
import dev.closer.shared.problem.NotFoundException;
import dev.closer.shared.security.CurrentUser;
import dev.closer.shared.security.DataScopes;
import dev.closer.shared.security.Role;
import dev.closer.shared.time.SqlTime;

/**
 * What people do to leads after intake (SPEC L5, L7): claim from the public pool (daily limit, capacity,
 * cooldown for the previous owner), release to the pool with a reason, reassign by hand with a reason.
 * Each is audited and recorded as an allocation decision, so "who had this lead and why" stays complete.
 */
@Service
@Transactional
class LeadCommands {

	private final RepLoads loads;

	private final JdbcClient jdbc;

	private final LeadQueries queries;

	private final LeadAllocator allocator;

	private final PolicyStore policies;

	private final UserDirectory users;

	private final DataScopes scopes;

	private final AuditLog audit;

	private final Notifications notifications;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	LeadCommands(JdbcClient jdbc, LeadQueries queries, LeadAllocator allocator, PolicyStore policies,
			UserDirectory users, DataScopes scopes, AuditLog audit, Notifications notifications,
			ApplicationEventPublisher events, Clock clock, RepLoads loads) {
		this.loads = loads;
		this.jdbc = jdbc;
		this.queries = queries;
		this.allocator = allocator;
		this.policies = policies;
		this.users = users;
		this.scopes = scopes;
		this.audit = audit;
		this.notifications = notifications;
		this.events = events;
		this.clock = clock;
	}

	/** A rep takes a lead from their team's pool. */
	LeadView claim(long leadId, CurrentUser rep) {
		LeadAllocator.LeadRow lead = allocator.lockLead(leadId);
		if (rep.teamId() == null || lead.teamId() != rep.teamId()) {
			throw new NotFoundException("lead", leadId); // another team's pool is not visible
		}
		if (!"POOL".equals(lead.status())) {
			throw BusinessException.conflict("error.lead.notInPool");
		}
		Instant now = Instant.now(clock);
		PolicySettings settings = policies.current(lead.teamId()).settings();
		if (lead.previousOwnerId() != null && lead.previousOwnerId() == rep.id() && lead.releasedAt() != null) {
			Instant until = lead.releasedAt().plus(java.time.Duration.ofDays(settings.reclaimCooldownDays()));
			if (now.isBefore(until)) {
				throw BusinessException.conflict("error.lead.cooldown",
						java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").format(until.atZone(rep.zoneId())));
			}
		}
		allocator.lockRep(rep.id());
		if (!users.isActiveLocked(rep.id())) {
			throw BusinessException.conflict("error.auth.disabled");
		}
		if (allocator.activeLeads(rep.id()) >= settings.hardCapacity()) {
			throw BusinessException.conflict("error.lead.repNotEligible", rep.displayName(), "hard capacity");
		}
		LocalDate day = LocalDate.ofInstant(now, rep.zoneId());
		int claimed = jdbc.sql("select coalesce(max(claims), 0) from lead_claim where user_id = :u and claim_day = :d")
			.param("u", rep.id()).param("d", day).query(Integer.class).single();
		if (claimed >= settings.dailyClaimLimit()) {
			throw BusinessException.conflict("error.lead.claimLimit", settings.dailyClaimLimit());
		}
		if (jdbc.sql("update lead_claim set claims = claims + 1 where user_id = :u and claim_day = :d")
			.param("u", rep.id()).param("d", day).update() == 0) {
			jdbc.sql("insert into lead_claim (user_id, claim_day, claims) values (:u, :d, 1)")
				.param("u", rep.id()).param("d", day).update();
		}
		assignByHand(lead, rep.id(), "CLAIM", "claim", rep.username(), now);
		return queries.findUnscoped(leadId).orElseThrow();
	}

	/** The owner (or their manager) puts a lead back in the pool, with a reason. */
	LeadView release(long leadId, String reason, CurrentUser actor) {
		requireReason(reason);
		LeadAllocator.LeadRow lead = allocator.lockLead(leadId);
		LeadView view = visible(leadId, actor);
		if (!"ASSIGNED".equals(lead.status()) || lead.ownerId() == null) {
			throw BusinessException.conflict("error.lead.notOwner");
		}
		boolean owner = lead.ownerId() == actor.id();
		boolean manages = !owner && scopes.of(actor).allows(null, view.teamId()) && !actor.has(Role.REP);
		if (!owner && !manages && !actor.isAdmin()) {
			throw BusinessException.conflict("error.lead.notOwner");
		}
		Instant now = Instant.now(clock);
		jdbc.sql("""
				update lead set owner_id = null, status = 'POOL', previous_owner_id = :prev, released_at = :now,
				       release_reason = :reason, updated_at = :now, version = version + 1 where id = :id""")
			.param("prev", lead.ownerId()).param("now", SqlTime.of(now)).param("reason", reason.trim())
			.param("id", leadId).update();
		loads.moved(lead.ownerId(), lead.status(), null, "POOL", now);
		audit.record("lead", leadId, "release", lead.ownerId(), null, reason.trim());
		events.publishEvent(new LeadReleased(leadId, lead.ownerId(), lead.teamId(), reason.trim()));
		return queries.findUnscoped(leadId).orElseThrow();
	}

	/** A manager (or director, admin) gives a lead to a named rep of its team, with a reason (SPEC L5). */
	LeadView reassign(long leadId, long newOwnerId, String reason, CurrentUser actor) {
		requireReason(reason);
		LeadAllocator.LeadRow lead = allocator.lockLead(leadId);
		LeadView view = visible(leadId, actor);
		if (actor.has(Role.REP) && !actor.has(Role.MANAGER) && !actor.has(Role.DIRECTOR) && !actor.isAdmin()) {
			throw BusinessException.conflict("error.lead.notOwner");
		}
		UserSummary target = users.find(newOwnerId)
			.filter(u -> u.teamId() != null && u.teamId() == view.teamId() && u.has(Role.REP))
			.orElseThrow(() -> BusinessException.invalidField("ownerId", "error.lead.repNotEligible", newOwnerId,
					"not a rep of this team"));
		allocator.lockRep(target.id());
		if (!users.isActiveLocked(target.id())) {
			throw BusinessException.invalidField("ownerId", "error.lead.repNotEligible", target.displayName(),
					"account disabled");
		}
		PolicySettings settings = policies.current(lead.teamId()).settings();
		if (allocator.activeLeads(target.id()) >= settings.hardCapacity()) {
			throw BusinessException.invalidField("ownerId", "error.lead.repNotEligible", target.displayName(),
					"hard capacity " + settings.hardCapacity());
		}
		Instant now = Instant.now(clock);
		jdbc.sql("update lead set previous_owner_id = coalesce(owner_id, previous_owner_id) where id = :id")
			.param("id", leadId).update();
		assignByHand(lead, target.id(), "REASSIGN", reason.trim(), actor.username(), now);
		return queries.findUnscoped(leadId).orElseThrow();
	}

	private void assignByHand(LeadAllocator.LeadRow lead, long ownerId, String kind, String reason, String by,
			Instant now) {
		var keys = new GeneratedKeyHolder();
		jdbc.sql("""
				insert into allocation_decision (lead_id, team_id, strategy, winner_id, kind, reason, decided_at, decided_by,
				  lead_grade)
				values (:lead, :team, 'MANUAL', :winner, :kind, :reason, :at, :by, :grade)""")
			.param("grade", lead.grade().name())
			.param("lead", lead.id()).param("team", lead.teamId()).param("winner", ownerId).param("kind", kind)
			.param("reason", reason).param("at", SqlTime.of(now)).param("by", by)
			.update(keys, "id");
		long decisionId = keys.getKeyAs(Long.class);
		jdbc.sql("""
				update lead set owner_id = :o, status = 'ASSIGNED', rescreen = false, assigned_at = :now, updated_at = :now,
				       version = version + 1 where id = :id""")
			.param("o", ownerId).param("now", SqlTime.of(now)).param("id", lead.id()).update();
		loads.moved(lead.ownerId(), lead.status(), ownerId, "ASSIGNED", now);
		audit.record("lead", lead.id(), kind.toLowerCase(), lead.ownerId(), ownerId, reason);
		events.publishEvent(new LeadAssigned(lead.id(), ownerId, lead.ownerId(), lead.teamId(), lead.grade(),
				kind.toLowerCase(), decisionId));
		if (!"CLAIM".equals(kind)) {
			notifications.send(Notification.inbox(ownerId, "lead.assigned", "新线索 / New lead",
					"#" + lead.id() + " (" + lead.grade() + "): " + reason, "/leads/" + lead.id()));
		}
	}

	private LeadView visible(long leadId, CurrentUser actor) {
		return queries.find(leadId, scopes.of(actor), actor.teamId())
			.orElseThrow(() -> new NotFoundException("lead", leadId));
	}

	private static void requireReason(String reason) {
		if (reason == null || reason.isBlank()) {
			throw BusinessException.invalidField("reason", "error.lead.reasonRequired");
		}
		if (reason.length() > 500) {
			throw BusinessException.invalidField("reason", "error.tooLong", 500);
		}
	}
}
