package dev.closer.leads.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import dev.closer.leads.LeadActivityLink;
import dev.closer.leads.LeadConversions;
import dev.closer.leads.LeadSnapshot;
import dev.closer.leads.internal.sla.ActionKind;
import dev.closer.shared.audit.AuditLog;
import dev.closer.shared.problem.BusinessException;
import dev.closer.shared.problem.NotFoundException;
import dev.closer.shared.security.CurrentUser;
import dev.closer.shared.security.DataScopes;
import dev.closer.shared.time.SqlTime;

/**
 * The leads module's side of conversion to a customer and of follow-ups on leads: scoped reads, the
 * CONVERTED transition (lead row locked, audited, SLA clock stopped) and follow-ups as SLA actions.
 */
@Service
class LeadConversionService implements LeadConversions, LeadActivityLink {

	private final RepLoads loads;

	private final JdbcClient jdbc;

	private final LeadQueries queries;

	private final LeadAllocator allocator;

	private final SlaClocks clocks;

	private final DataScopes scopes;

	private final AuditLog audit;

	private final Clock clock;

	LeadConversionService(JdbcClient jdbc, LeadQueries queries, LeadAllocator allocator, SlaClocks clocks,
			DataScopes scopes, AuditLog audit, Clock clock, RepLoads loads) {
		this.loads = loads;
		this.jdbc = jdbc;
		this.queries = queries;
		this.allocator = allocator;
		this.clocks = clocks;
		this.scopes = scopes;
		this.audit = audit;
		this.clock = clock;
	}

	@Override
	@Transactional(readOnly = true)
	public Optional<LeadSnapshot> find(long leadId, CurrentUser actor) {
		return queries.find(leadId, scopes.of(actor), actor.teamId()).map(this::snapshot);
	}

	@Override
	@Transactional(readOnly = true)
	public Optional<LeadSnapshot> subject(long leadId, CurrentUser actor) {
		return find(leadId, actor);
	}

	@Override
	@Transactional(propagation = Propagation.REQUIRED)
	public LeadSnapshot convert(long leadId, CurrentUser actor) {
		LeadAllocator.LeadRow row;
		try {
			row = allocator.lockLead(leadId);
		}
		catch (org.springframework.dao.EmptyResultDataAccessException e) {
			throw new NotFoundException("lead", leadId);
		}
		LeadView lead = queries.find(leadId, scopes.of(actor), actor.teamId())
			.orElseThrow(() -> new NotFoundException("lead", leadId));
		switch (row.status()) {
			case "ASSIGNED" -> {
			}
			case "POOL" -> throw BusinessException.conflict("error.convert.inPool");
			case "CONVERTED" -> throw BusinessException.conflict("error.convert.already");
			default -> throw BusinessException.conflict("error.convert.notOpen");
		}
		if (row.ownerId() == null || (row.ownerId() != actor.id() && !actor.isManagerial())) {
			throw BusinessException.conflict("error.lead.notOwner");
		}
		LeadSnapshot before = snapshot(lead);
		Instant now = Instant.now(clock);
		jdbc.sql("""
				update lead set status = 'CONVERTED', closed_at = :now, updated_at = :now, version = version + 1
				where id = :id""")
			.param("now", SqlTime.of(now)).param("id", leadId).update();
		loads.moved(row.ownerId(), row.status(), row.ownerId(), "CONVERTED", now);
		audit.record("lead", leadId, "convert", Map.of("status", row.status()), Map.of("status", "CONVERTED"),
				"converted to a customer");
		clocks.finish(leadId);
		return before;
	}

	@Override
	@Transactional(readOnly = true)
	public List<LeadSnapshot> converted(int limit) {
		List<Long> ids = jdbc.sql("""
				select id from lead where status = 'CONVERTED' and owner_id is not null
				order by closed_at, id limit :n""")
			.param("n", limit).query(Long.class).list();
		return ids.stream().map(id -> queries.findUnscoped(id).map(this::snapshot)).flatMap(Optional::stream).toList();
	}

	@Override
	@Transactional(propagation = Propagation.REQUIRED)
	public void followUpRecorded(long leadId, String channel, boolean answered, String note, CurrentUser actor) {
		ActionKind kind = switch (channel == null ? "" : channel) {
			case "CALL" -> answered ? ActionKind.CALL_ANSWERED : ActionKind.CALL_UNANSWERED;
			case "WECHAT" -> ActionKind.WECHAT;
			case "EMAIL" -> ActionKind.EMAIL;
			case "VISIT", "MEETING" -> ActionKind.VISIT;
			default -> throw BusinessException.invalidField("channel", "error.activity.channel", String.valueOf(channel));
		};
		String text = note == null ? null : note.length() > SlaClocks.NOTE_MAX ? note.substring(0, SlaClocks.NOTE_MAX) : note;
		clocks.record(leadId, kind, text, actor);
	}

	private LeadSnapshot snapshot(LeadView l) {
		Instant closedAt = jdbc.sql("select closed_at from lead where id = :id").param("id", l.id())
			.query((rs, n) -> LeadQueries.instant(rs.getTimestamp(1))).optional().orElse(null);
		return new LeadSnapshot(l.id(), l.teamId(), l.ownerId(), l.status().name(), l.grade(), l.contactName(), l.phone(),
				l.email(), l.wechatId(), l.company(), l.industry(), l.productLine(), l.regionId(), l.address(), l.budget(),
				l.createdAt(), closedAt);
	}
}
