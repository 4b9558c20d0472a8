package dev.closer.leads.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.closer.identity.UserDirectory;
import dev.closer.leads.Grade;
import dev.closer.notifications.Notification;
import dev.closer.notifications.Notifications;
import dev.closer.shared.audit.AuditLog;
import dev.closer.shared.problem.BusinessException;
import dev.closer.shared.security.CurrentUser;
import dev.closer.shared.security.DataScopes;
import dev.closer.shared.security.Role;
import dev.closer.shared.time.SqlTime;

/**
 * Lead intake (SPEC L1-L3), one transaction per lead: validate and normalise, grade with the current
 * rule version, dedupe (a duplicate of an owned lead goes to that owner, never to a second rep),
 * store, allocate at once, audit. Nothing is written when any step refuses.
 */
@Service
class LeadIntake {

	/** What happened to a submitted lead. */
	record Result(LeadView lead, Outcome outcome, Long duplicateOf, LeadAllocator.Result allocation) {
	}

	enum Outcome {
		ASSIGNED, POOL, DUPLICATE
	}

	private final JdbcClient jdbc;

	private final LeadQueries queries;

	private final GradingRuleStore grading;

	private final LeadAllocator allocator;

	private final UserDirectory users;

	private final DataScopes scopes;

	private final AuditLog audit;

	private final Notifications notifications;

	private final Clock clock;

	LeadIntake(JdbcClient jdbc, LeadQueries queries, GradingRuleStore grading, LeadAllocator allocator,
			UserDirectory users, DataScopes scopes, AuditLog audit, Notifications notifications, Clock clock) {
		this.jdbc = jdbc;
		this.queries = queries;
		this.grading = grading;
		this.allocator = allocator;
		this.users = users;
		this.scopes = scopes;
		this.audit = audit;
		this.notifications = notifications;
		this.clock = clock;
	}

	/** Normalised contact keys of a request, validated. */
	record Contact(String phone, String email, String wechat, String company) {
	}

	static Contact normalise(LeadRequest r) {
		if (r.contactName() == null || r.contactName().isBlank()) {
			throw BusinessException.invalidField("contactName", "error.required");
		}
		String phone = null;
		if (r.phone() != null && !r.phone().isBlank()) {
			phone = ContactNormalizer.phone(r.phone())
				.orElseThrow(() -> BusinessException.invalidField("phone", "error.lead.phone", r.phone()));
		}
		String email = null;
		if (r.email() != null && !r.email().isBlank()) {
			email = ContactNormalizer.email(r.email())
				.orElseThrow(() -> BusinessException.invalidField("email", "error.email"));
		}
		String wechat = null;
		if (r.wechatId() != null && !r.wechatId().isBlank()) {
			wechat = ContactNormalizer.wechat(r.wechatId())
				.orElseThrow(() -> BusinessException.invalidField("wechatId", "error.lead.wechat"));
		}
		if (phone == null && email == null && wechat == null) {
			throw BusinessException.invalidField("phone", "error.lead.noContact");
		}
		if ((r.latitude() == null) != (r.longitude() == null)) {
			throw BusinessException.invalidField(r.latitude() == null ? "latitude" : "longitude", "error.lead.coordinates");
		}
		return new Contact(phone, email, wechat, ContactNormalizer.company(r.company()));
	}

	/** A request checked, normalised and graded: ready to be deduplicated, stored and allocated. */
	record Prepared(LeadRequest request, CurrentUser actor, long teamId, Contact contact, GradingRules.Graded graded) {
	}

	/**
	 * Every check of a request that needs no lock and writes nothing: team (the actor may act for it), region,
	 * contact normalisation, grading with the given rule version, the fields grade A needs.
	 */
	Prepared prepare(LeadRequest request, CurrentUser actor, List<dev.closer.identity.TeamSummary> teams,
			GradingRuleStore.Versioned rules, Instant now) {
		long teamId = resolveTeam(request.teamId(), actor, teams);
		if (request.regionId() != null && teams.stream().noneMatch(t -> t.regionId() == request.regionId())) {
			throw BusinessException.invalidField("regionId", "error.region.unknown", request.regionId());
		}
		Contact contact = normalise(request);
		var input = new GradingRules.GradingInput(request.budget(), request.budgetConfirmedOrFalse(),
				request.decisionChainKnownOrFalse(), request.firstContactDueAt(), request.sourceChannel(),
				request.industry());
		var graded = rules.rules().grade(input, now, rules.version());
		if (request.requestedGrade() == Grade.A && graded.grade() != Grade.A) {
			List<String> missing = rules.rules().missingFor(Grade.A, input, now);
			throw BusinessException.invalidField(missing.isEmpty() ? "requestedGrade" : missing.get(0),
					"error.lead.gradeAFields", String.join(", ", missing));
		}
		return new Prepared(request, actor, teamId, contact, graded);
	}

	@Transactional
	public Result create(LeadRequest request, CurrentUser actor) {
		Instant now = Instant.now(clock);
		Prepared prepared = prepare(request, actor, users.teams(), grading.current(), now);
		long teamId = prepared.teamId();
		Contact contact = prepared.contact();
		var graded = prepared.graded();

		Optional<LeadQueries.DuplicateMatch> match = queries.findDuplicate(contact.phone(), contact.email(),
				contact.wechat(), contact.company());
		if (match.isPresent() && match.get().hasActiveOwner()) {
			return duplicate(request, contact, graded, match.get(), actor, now);
		}
		long id = insert(request, contact, graded, teamId, LeadStatus.POOL, null,
				match.map(LeadQueries.DuplicateMatch::leadId).orElse(null), now);
		audit.record("lead", id, "create", null, summary(request, graded.grade(), teamId), null);
		LeadAllocator.Result allocation = allocator.allocate(id, actor == null ? "system" : actor.username());
		LeadView lead = queries.findUnscoped(id).orElseThrow();
		return new Result(lead, allocation.assigned() ? Outcome.ASSIGNED : Outcome.POOL,
				match.map(LeadQueries.DuplicateMatch::leadId).orElse(null), allocation);
	}

	private Result duplicate(LeadRequest request, Contact contact, GradingRules.Graded graded,
			LeadQueries.DuplicateMatch original, CurrentUser actor, Instant now) {
		long id = insert(request, contact, graded, original.teamId(), LeadStatus.DUPLICATE, original.ownerId(),
				original.leadId(), now);
		String by = actor == null ? "system" : actor.username();
		jdbc.sql("insert into lead_note (lead_id, kind, body, created_at, created_by) values (:l, 'DUPLICATE', :b, :at, :by)")
			.param("l", original.leadId())
			.param("b", "#" + id + " " + request.contactName()
					+ (request.sourceChannel() == null ? "" : " (" + request.sourceChannel() + ")")
					+ (request.notes() == null ? "" : ": " + request.notes()))
			.param("at", SqlTime.of(now)).param("by", by)
			.update();
		audit.record("lead", id, "duplicate", null, Map.of("duplicateOf", original.leadId(), "ownerId", original.ownerId()),
				null);
		notifications.send(Notification.inbox(original.ownerId(), "lead.duplicate", "重复线索 / Duplicate lead",
				request.contactName() + " → #" + original.leadId(), "/leads/" + original.leadId()));
		return new Result(queries.findUnscoped(id).orElseThrow(), Outcome.DUPLICATE, original.leadId(), null);
	}

	/** The lead row's insert (one intake here, a batch in {@link BatchIntake}), with {@link #row}'s parameters. */
	static final String INSERT = """
			insert into lead (team_id, owner_id, status, grade, grading_version, contact_name, phone, phone_e164,
			  email, email_norm, wechat_id, wechat_norm, company, company_norm, industry, product_line, region_id,
			  address, latitude, longitude, budget, budget_confirmed, decision_chain_known, first_contact_due_at,
			  source_channel, source_campaign, notes, duplicate_of, created_at, assigned_at, updated_at)
			values (:team, :owner, :status, :grade, :gv, :name, :phone, :e164, :email, :emailNorm, :wechat, :wechatNorm,
			  :company, :companyNorm, :industry, :product, :region, :address, :lat, :lon, :budget, :budgetConfirmed,
			  :chain, :due, :channel, :campaign, :notes, :dup, :now, :assigned, :now)""";

	static org.springframework.jdbc.core.namedparam.MapSqlParameterSource row(LeadRequest r, Contact c,
			GradingRules.Graded graded, long teamId, LeadStatus status, Long ownerId, Long duplicateOf, Instant now) {
		return new org.springframework.jdbc.core.namedparam.MapSqlParameterSource()
			.addValue("team", teamId).addValue("owner", ownerId).addValue("status", status.name())
			.addValue("grade", graded.grade().name()).addValue("gv", graded.version())
			.addValue("name", r.contactName().trim()).addValue("phone", trim(r.phone())).addValue("e164", c.phone())
			.addValue("email", trim(r.email())).addValue("emailNorm", c.email()).addValue("wechat", trim(r.wechatId()))
			.addValue("wechatNorm", c.wechat()).addValue("company", trim(r.company())).addValue("companyNorm", c.company())
			.addValue("industry", trim(r.industry())).addValue("product", trim(r.productLine()))
			.addValue("region", r.regionId()).addValue("address", trim(r.address())).addValue("lat", r.latitude())
			.addValue("lon", r.longitude()).addValue("budget", r.budget())
			.addValue("budgetConfirmed", r.budgetConfirmedOrFalse()).addValue("chain", r.decisionChainKnownOrFalse())
			.addValue("due", SqlTime.of(r.firstContactDueAt())).addValue("channel", trim(r.sourceChannel()))
			.addValue("campaign", trim(r.sourceCampaign())).addValue("notes", trim(r.notes()))
			.addValue("dup", duplicateOf).addValue("now", SqlTime.of(now))
			.addValue("assigned", ownerId == null ? null : SqlTime.of(now));
	}

	private long insert(LeadRequest r, Contact c, GradingRules.Graded graded, long teamId, LeadStatus status,
			Long ownerId, Long duplicateOf, Instant now) {
		var keys = new GeneratedKeyHolder();
		jdbc.sql(INSERT).paramSource(row(r, c, graded, teamId, status, ownerId, duplicateOf, now)).update(keys, "id");
		return keys.getKeyAs(Long.class);
	}

	/** The team a lead goes to: as requested when the actor may act for it, else the actor's own team. */
	private long resolveTeam(Long requested, CurrentUser actor, List<dev.closer.identity.TeamSummary> teams) {
		if (requested == null) {
			if (actor != null && actor.teamId() != null) {
				return actor.teamId();
			}
			throw BusinessException.invalidField("teamId", "error.required");
		}
		if (teams.stream().noneMatch(t -> t.id() == requested)) {
			throw BusinessException.invalidField("teamId", "error.team.unknown", requested);
		}
		if (actor != null && !actor.isAdmin() && !actor.has(Role.MARKETING)) {
			var scope = scopes.of(actor);
			boolean mayAct = scope.teamIds().contains(requested) || requested.equals(actor.teamId());
			if (!mayAct) {
				throw BusinessException.invalidField("teamId", "error.team.unknown", requested);
			}
		}
		return requested;
	}

	static Map<String, Object> summary(LeadRequest r, Grade grade, long teamId) {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("contactName", r.contactName());
		m.put("company", r.company());
		m.put("grade", grade);
		m.put("teamId", teamId);
		m.put("source", r.sourceChannel());
		return m;
	}

	static String trim(String s) {
		return s == null || s.isBlank() ? null : s.trim();
	}
}
