package dev.closer.leads.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Collectors;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.closer.identity.TeamSummary;
import dev.closer.identity.UserDirectory;
import dev.closer.identity.UserSummary;
import dev.closer.leads.LeadReleased;
import dev.closer.leads.internal.sla.Firing;
import dev.closer.leads.internal.sla.LadderStep;
import dev.closer.leads.internal.sla.SlaDurations;
import dev.closer.notifications.Channel;
import dev.closer.notifications.Notification;
import dev.closer.notifications.Notifications;
import dev.closer.shared.audit.AuditLog;
import dev.closer.shared.time.SqlTime;

/**
 * What a firing does (SPEC S1-S3), inside the ticker's transaction: notifications go to the durable
 * outbox (a channel that is down delays only its own delivery), leads taken from their owner are
 * released or re-allocated with an audit entry, and the clock follows through the lead events.
 */
@Component
class SlaEffects {

	static final String RESCREEN_REASON = "待重筛原因：24 小时无有效动作 / Reason to re-screen: no valid action in time";

	private final RepLoads loads;

	private final JdbcClient jdbc;

	private final Notifications notifications;

	private final UserDirectory users;

	private final AuditLog audit;

	private final ApplicationEventPublisher events;

	private final LeadAllocator allocator;

	SlaEffects(JdbcClient jdbc, Notifications notifications, UserDirectory users, AuditLog audit,
			ApplicationEventPublisher events, LeadAllocator allocator, RepLoads loads) {
		this.loads = loads;
		this.jdbc = jdbc;
		this.notifications = notifications;
		this.users = users;
		this.audit = audit;
		this.events = events;
		this.allocator = allocator;
	}

	void apply(Firing firing, LeadAllocator.LeadRow lead, SlaClocks.ClockRow clock, SlaPolicyStore.Versioned policy,
			Instant now) {
		long owner = clock.ownerId();
		String link = "/leads/" + lead.id();
		String who = users.find(owner).map(UserSummary::displayName).orElse("#" + owner);
		String ref = "#" + lead.id() + " (" + lead.grade() + ")";
		switch (firing.kind()) {
			case STEP -> step(firing, lead, clock, policy, owner, who, ref, link, now);
			case RECYCLE -> {
				release(lead, owner, RESCREEN_REASON, true, "recycle", now);
				String body = ref + " → 公海 / pool. " + who + ": "
						+ SlaDurations.format(policy.policy().recycleAfter()) + " 无通话/微信/拜访 / no call, WeChat or visit.";
				List<Notification> out = new ArrayList<>();
				out.add(Notification.inbox(owner, "lead.sla.recycled", "线索已回收 / Lead recycled " + ref, body, link));
				managers(lead.teamId()).forEach(m -> out.add(Notification.inbox(m.id(), "lead.sla.recycled",
						"线索已回收 / Lead recycled " + ref, body, link)));
				notifications.sendAll(out);
			}
			case YELLOW -> {
				// colour only: the owner sees it in every list and on "my day"
			}
			case RED -> {
				String body = who + ": " + ref + " " + SlaDurations.format(policy.policy().redAfter())
						+ " 无更新且无阻塞原因 / no update and no blocker reason.";
				notifications.sendAll(managers(lead.teamId()).stream()
					.map(m -> Notification.inboxAndEmail(m.id(), "lead.sla.red", "红灯线索 / Red lead " + ref, body, link))
					.toList());
			}
		}
	}

	private void step(Firing firing, LeadAllocator.LeadRow lead, SlaClocks.ClockRow clock,
			SlaPolicyStore.Versioned policy, long owner, String who, String ref, String link, Instant now) {
		LadderStep step = policy.policy().ladder(clock.state().grade()).get(firing.stepIndex());
		String missing = step.without().stream().sorted().map(Enum::name).collect(Collectors.joining("/"));
		String body = ref + ": " + SlaDurations.format(step.after()) + " 内无 / no " + missing + " (" + who + ")";
		switch (step.action()) {
			case REMIND_OWNER -> notifications.send(Notification.inbox(owner, "lead.sla.remind",
					"请跟进线索 / Follow up lead " + ref, body, link));
			case POPUP_OWNER -> notifications.send(new Notification(owner, "lead.sla.popup",
					"请立即回复线索 / Reply to lead " + ref + " now", body, link, EnumSet.of(Channel.INBOX, Channel.POPUP)));
			case EMAIL_MANAGER -> notifications.sendAll(managers(lead.teamId()).stream()
				.map(m -> Notification.inboxAndEmail(m.id(), "lead.sla.escalated", "线索超时 / Lead overdue " + ref, body,
						link))
				.toList());
			case IM_MANAGER -> notifications.sendAll(managers(lead.teamId()).stream()
				.map(m -> Notification.inbox(m.id(), "lead.sla.escalated", "线索超时 / Lead overdue " + ref, body, link)
					.via(Channel.INBOX, Channel.IM))
				.toList());
			case ESCALATE_DIRECTOR -> {
				Long region = users.team(lead.teamId()).map(TeamSummary::regionId).orElse(null);
				List<UserSummary> directors = region == null ? List.of() : users.directorsOf(region);
				notifications.sendAll(directors.stream()
					.map(d -> Notification.inboxAndEmail(d.id(), "lead.sla.escalated", "线索超时升级 / Lead escalated " + ref,
							body, link))
					.toList());
			}
			case RELEASE_TO_POOL -> {
				release(lead, owner, "SLA: " + body, false, "sla-release", now);
				notifications.send(Notification.inbox(owner, "lead.sla.released", "线索已释放 / Lead released " + ref,
						body, link));
			}
			case REASSIGN -> {
				jdbc.sql("""
						update lead set owner_id = null, status = 'POOL', previous_owner_id = :prev, released_at = :now,
						       release_reason = :reason, updated_at = :now, version = version + 1 where id = :id""")
					.param("prev", owner).param("now", SqlTime.of(now)).param("reason", "SLA: " + body)
					.param("id", lead.id()).update();
				loads.moved(owner, lead.status(), null, "POOL", now);
				audit.record("lead", lead.id(), "sla-reassign", owner, null, "SLA: " + body);
				LeadAllocator.Result result = allocator.allocate(lead.id(), "sla");
				notifications.send(result.winnerId() != null
						? Notification.inbox(owner, "lead.sla.reassigned", "线索已改派 / Lead reassigned " + ref, body, link)
						: Notification.inbox(owner, "lead.sla.released", "线索已释放 / Lead released " + ref, body, link));
			}
		}
	}

	private void release(LeadAllocator.LeadRow lead, long owner, String reason, boolean rescreen, String action,
			Instant now) {
		String cut = reason.length() > 500 ? reason.substring(0, 499) + "…" : reason;
		jdbc.sql("""
				update lead set owner_id = null, status = 'POOL', previous_owner_id = :prev, released_at = :now,
				       release_reason = :reason, rescreen = :rescreen, updated_at = :now, version = version + 1
				where id = :id""")
			.param("prev", owner).param("now", SqlTime.of(now)).param("reason", cut).param("rescreen", rescreen)
			.param("id", lead.id()).update();
		loads.moved(owner, lead.status(), null, "POOL", now);
		audit.record("lead", lead.id(), action, owner, null, cut);
		events.publishEvent(new LeadReleased(lead.id(), owner, lead.teamId(), cut));
	}

	private List<UserSummary> managers(long teamId) {
		return users.managersOf(teamId);
	}
}
