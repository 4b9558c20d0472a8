package dev.closer.pipeline.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.closer.identity.UserDirectory;
import dev.closer.identity.UserSummary;
import dev.closer.notifications.Notification;
import dev.closer.notifications.Notifications;
import dev.closer.shared.audit.AuditLog;
import dev.closer.shared.problem.BusinessException;
import dev.closer.shared.problem.Fields;
import dev.closer.shared.security.CurrentUser;
import dev.closer.shared.security.Role;
import dev.closer.shared.time.SqlTime;

/**
 * Hands an open opportunity to another owner (a rep leaves, territories change): managers, directors and admins
 * in scope only, to an active member of the opportunity's team, with a reason; audited (P3: every change of owner
 * with who, when, before, after, reason) and the new owner told. The stage, its evidence and the clock stay.
 */
@Service
class OpportunityOwners {

	private final OpportunityService service;

	private final OpportunityQueries queries;

	private final UserDirectory users;

	private final Notifications notifications;

	private final AuditLog audit;

	private final JdbcClient jdbc;

	private final Clock clock;

	OpportunityOwners(OpportunityService service, OpportunityQueries queries, UserDirectory users,
			Notifications notifications, AuditLog audit, JdbcClient jdbc, Clock clock) {
		this.service = service;
		this.queries = queries;
		this.users = users;
		this.notifications = notifications;
		this.audit = audit;
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/** Who may own it: the active reps, presales and managers of its team, by name. */
	List<UserSummary> candidates(long teamId) {
		List<UserSummary> all = new ArrayList<>();
		for (Role role : List.of(Role.REP, Role.PRESALES, Role.MANAGER)) {
			users.activeMembers(teamId, role).stream().filter(u -> all.stream().noneMatch(a -> a.id() == u.id()))
				.forEach(all::add);
		}
		return all;
	}

	@Transactional
	public OpportunityView reassign(long id, Long ownerId, String reason, CurrentUser me) {
		OpportunityView o = service.lockOpen(id, me);
		if (!me.isManagerial()) {
			throw new BusinessException(HttpStatus.FORBIDDEN, "error.opportunity.ownerRole");
		}
		if (ownerId == null) {
			throw BusinessException.invalidField("ownerId", "error.required");
		}
		String why = Fields.required("reason", reason, 500);
		UserSummary owner = users.find(ownerId)
			.filter(u -> u.active() && u.teamId() != null && u.teamId() == o.teamId())
			.orElseThrow(() -> BusinessException.invalidField("ownerId", "error.opportunity.owner", ownerId));
		if (owner.id() == o.ownerId()) {
			throw BusinessException.invalidField("ownerId", "error.opportunity.sameOwner", owner.displayName());
		}
		Instant now = Instant.now(clock);
		jdbc.sql("update opportunity set owner_id = :o, last_update_at = :now where id = :id")
			.param("o", owner.id()).param("now", SqlTime.of(now)).param("id", id).update();
		Map<String, Object> before = new LinkedHashMap<>();
		before.put("ownerId", o.ownerId());
		before.put("owner", o.ownerName());
		Map<String, Object> after = new LinkedHashMap<>();
		after.put("ownerId", owner.id());
		after.put("owner", owner.displayName());
		audit.record("opportunity", id, "owner", before, after, why);
		notifications.send(Notification.inbox(owner.id(), "opportunity.assigned", "商机转给你 / Opportunity assigned to you",
				o.name() + " (" + o.customerName() + "): " + why, "/opportunities/" + id));
		return queries.findUnscoped(id).orElseThrow();
	}
}
