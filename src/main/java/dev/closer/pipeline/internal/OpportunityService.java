package dev.closer.pipeline.internal;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.closer.activities.FollowUpEvidence;
import dev.closer.customers.CustomerDirectory;
import dev.closer.customers.CustomerRef;
import dev.closer.identity.UserDirectory;
import dev.closer.identity.UserSummary;
import dev.closer.shared.audit.AuditLog;
import dev.closer.shared.problem.BusinessException;
import dev.closer.shared.problem.Fields;
import dev.closer.shared.problem.NotFoundException;
import dev.closer.shared.security.CurrentUser;
import dev.closer.shared.security.DataScopes;
import dev.closer.shared.time.SqlTime;

/**
 * Writes of opportunities (SPEC O1-O3), one transaction each, checks first: a refusal changes nothing. Stage moves
 * lock the opportunity row, so two moves of one opportunity serialise and each sees the other's result.
 * <ul>
 * <li>advance: one step to the next stage, only when the gate of the current stage has nothing missing;</li>
 * <li>back: to any earlier stage, with a reason (the earlier stage starts afresh: its evidence must be new);</li>
 * <li>override: a manager, director or admin moves one step despite missing items, with a reason; the missing
 * items are audited and the card shows the override while the opportunity stays in that stage;</li>
 * <li>won: from the last stage through its gate; lost: from any stage; both with a reason.</li>
 * </ul>
 */
@Service
class OpportunityService {

	private final JdbcClient jdbc;

	private final OpportunityQueries queries;

	private final StageTemplates templates;

	private final CustomerDirectory customers;

	private final FollowUpEvidence evidence;

	private final UserDirectory users;

	private final DataScopes scopes;

	private final AuditLog audit;

	private final Clock clock;

	OpportunityService(JdbcClient jdbc, OpportunityQueries queries, StageTemplates templates,
			CustomerDirectory customers, FollowUpEvidence evidence, UserDirectory users, DataScopes scopes,
			AuditLog audit, Clock clock) {
		this.jdbc = jdbc;
		this.queries = queries;
		this.templates = templates;
		this.customers = customers;
		this.evidence = evidence;
		this.users = users;
		this.scopes = scopes;
		this.audit = audit;
		this.clock = clock;
	}

	@Transactional
	public OpportunityView create(OpportunityRequests.Create request, CurrentUser me) {
		if (request == null || request.customerId() == null) {
			throw BusinessException.invalidField("customerId", "error.required");
		}
		CustomerRef customer = customers.find(request.customerId(), me)
			.orElseThrow(() -> new NotFoundException("customer", request.customerId()));
		if (request.leadId() != null && !customer.leadIds().contains(request.leadId())) {
			throw BusinessException.invalidField("leadId", "error.opportunity.lead", request.leadId(), customer.name());
		}
		String name = Fields.optional("name", request.name(), 200);
		if (name == null) {
			name = customer.name();
		}
		BigDecimal amount = Money.amount("amount", request.amount());
		LocalDate close = Money.date("expectedCloseOn", request.expectedCloseOn());
		String productLines = Fields.optional("productLines", request.productLines(), 500);
		String decisionMaker = Fields.optional("decisionMaker", request.decisionMaker(), 100);
		String code = request.templateCode() == null || request.templateCode().isBlank() ? StageTemplates.DEFAULT_CODE
				: request.templateCode().strip();
		StageTemplates.Version template = templates.current(code)
			.orElseThrow(() -> BusinessException.invalidField("templateCode", "error.opportunity.template", code));
		long owner = owner(request.ownerId(), customer, me);
		StageTemplate.Stage first = template.definition().stageList().get(0);
		Instant now = Instant.now(clock);
		var key = new GeneratedKeyHolder();
		jdbc.sql("""
				insert into opportunity (customer_id, lead_id, name, amount, expected_close_on, product_lines,
				  decision_maker, owner_id, team_id, template_id, template_code, template_version, stage_code,
				  stage_entered_at, probability, status, last_update_at, created_at, created_by)
				values (:customer, :lead, :name, :amount, :close, :lines, :dm, :owner, :team, :tid, :tcode, :tversion,
				  :stage, :now, :prob, 'OPEN', :now, :now, :by)""")
			.param("customer", customer.id()).param("lead", request.leadId()).param("name", name)
			.param("amount", amount).param("close", close).param("lines", productLines).param("dm", decisionMaker)
			.param("owner", owner).param("team", customer.teamId()).param("tid", template.id())
			.param("tcode", template.code()).param("tversion", template.version()).param("stage", first.code())
			.param("now", SqlTime.of(now)).param("prob", first.chance()).param("by", me.username())
			.update(key, "id");
		long id = key.getKeyAs(Long.class);
		visit(id, first.code(), 0, now, "CREATE", me.username(), null);
		Map<String, Object> after = new LinkedHashMap<>();
		after.put("customerId", customer.id());
		after.put("leadId", request.leadId());
		after.put("name", name);
		after.put("amount", amount);
		after.put("expectedCloseOn", close);
		after.put("template", template.code() + " v" + template.version());
		after.put("stage", first.code());
		after.put("ownerId", owner);
		audit.record("opportunity", id, "create", null, after, null);
		return queries.findUnscoped(id).orElseThrow();
	}

	private long owner(Long requested, CustomerRef customer, CurrentUser me) {
		if (requested == null) {
			return customer.ownerId() != null ? customer.ownerId() : me.id();
		}
		if (requested != me.id() && !me.isManagerial()) {
			throw BusinessException.invalidField("ownerId", "error.opportunity.ownerRole");
		}
		UserSummary user = users.find(requested)
			.orElseThrow(() -> BusinessException.invalidField("ownerId", "error.opportunity.owner", requested));
		if (!user.active() || !Objects.equals(user.teamId(), customer.teamId())) {
			throw BusinessException.invalidField("ownerId", "error.opportunity.owner", requested);
		}
		return user.id();
	}

	@Transactional
	public OpportunityView update(long id, OpportunityRequests.Update request, CurrentUser me) {
		OpportunityView before = lock(id, me);
		if (request == null) {
			throw BusinessException.invalidField("name", "error.required");
		}
		String name = request.name() == null ? before.name() : Fields.required("name", request.name(), 200);
		BigDecimal amount = request.amount() == null ? before.amount() : Money.amount("amount", request.amount());
		LocalDate close = request.expectedCloseOn() == null ? before.expectedCloseOn()
				: Money.date("expectedCloseOn", request.expectedCloseOn());
		String lines = request.productLines() == null ? before.productLines()
				: Fields.optional("productLines", request.productLines(), 500);
		String dm = request.decisionMaker() == null ? before.decisionMaker()
				: Fields.optional("decisionMaker", request.decisionMaker(), 100);
		String blocker = request.blocker() == null ? before.blocker() : Fields.optional("blocker", request.blocker(), 500);
		jdbc.sql("""
				update opportunity set name = :name, amount = :amount, expected_close_on = :close, product_lines = :lines,
				  decision_maker = :dm, blocker = :blocker, last_update_at = :now where id = :id""")
			.param("name", name).param("amount", amount).param("close", close).param("lines", lines).param("dm", dm)
			.param("blocker", blocker).param("now", SqlTime.of(Instant.now(clock))).param("id", id).update();
		audit.record("opportunity", id, "update", fields(before.name(), before.amount(), before.expectedCloseOn(),
				before.productLines(), before.decisionMaker(), before.blocker()),
				fields(name, amount, close, lines, dm, blocker), null);
		return queries.findUnscoped(id).orElseThrow();
	}

	private static Map<String, Object> fields(String name, BigDecimal amount, LocalDate close, String lines, String dm,
			String blocker) {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("name", name);
		m.put("amount", amount);
		m.put("expectedCloseOn", close);
		m.put("productLines", lines);
		m.put("decisionMaker", dm);
		m.put("blocker", blocker);
		return m;
	}

	/** The current stage's requirements, each satisfied or missing (read only). */
	@Transactional(readOnly = true)
	public List<Gate.Check> requirements(OpportunityView o) {
		StageTemplate.Stage stage = stageOf(o);
		Gate.Facts facts = o.facts().with(queries.tenderNodes(o.id()), queries.latestContract(o.id()));
		return Gate.evaluate(stage, facts, evidence.since(o.customerId(), o.stageEnteredAt()),
				queries.deliverables(o.id()).stream().map(DeliverableView::upload).toList());
	}

	/** Advances one stage (to the next; {@code to}, when given, must name it) through the gate. */
	@Transactional
	public OpportunityView advance(long id, String to, CurrentUser me) {
		OpportunityView o = lockOpen(id, me);
		StageTemplate template = templates.byId(o.templateId()).definition();
		StageTemplate.Stage next = next(o, template, to);
		StageTemplate.Stage current = stageOf(o);
		List<Gate.Check> missing = Gate.missing(requirements(o));
		if (!missing.isEmpty()) {
			throw new GateRefusedException(current.code(), current.name(org.springframework.context.i18n.LocaleContextHolder.getLocale()), missing);
		}
		move(o, next, template.indexOf(next.code()), "ADVANCE", null, false, me);
		audit.record("opportunity", id, "advance", Map.of("stage", o.stageCode()), Map.of("stage", next.code()), null);
		return queries.findUnscoped(id).orElseThrow();
	}

	/** A manager's override of the gate: one step, with a reason; the missing items are audited. */
	@Transactional
	public OpportunityView override(long id, String to, String reason, CurrentUser me) {
		OpportunityView o = lockOpen(id, me);
		if (!me.isManagerial()) {
			throw new BusinessException(org.springframework.http.HttpStatus.FORBIDDEN, "error.opportunity.overrideRole");
		}
		String why = Fields.required("reason", reason, 500);
		StageTemplate template = templates.byId(o.templateId()).definition();
		StageTemplate.Stage next = next(o, template, to);
		List<Gate.Check> missing = Gate.missing(requirements(o));
		move(o, next, template.indexOf(next.code()), "OVERRIDE", why, true, me);
		Map<String, Object> after = new LinkedHashMap<>();
		after.put("stage", next.code());
		after.put("missing", missing.stream().map(Gate::describe).toList());
		audit.record("opportunity", id, "override", Map.of("stage", o.stageCode()), after, why);
		return queries.findUnscoped(id).orElseThrow();
	}

	/** Moves back to an earlier stage with a reason. */
	@Transactional
	public OpportunityView back(long id, String to, String reason, CurrentUser me) {
		OpportunityView o = lockOpen(id, me);
		String why = Fields.required("reason", reason, 500);
		StageTemplate template = templates.byId(o.templateId()).definition();
		if (to == null || to.isBlank()) {
			throw BusinessException.invalidField("to", "error.required");
		}
		int target = template.indexOf(to.strip());
		int current = template.indexOf(o.stageCode());
		if (target < 0 || target >= current) {
			throw BusinessException.invalidField("to", "error.opportunity.backOnly", to.strip(), o.stageCode());
		}
		StageTemplate.Stage stage = template.stageList().get(target);
		move(o, stage, target, "BACK", why, false, me);
		audit.record("opportunity", id, "back", Map.of("stage", o.stageCode()), Map.of("stage", stage.code()), why);
		return queries.findUnscoped(id).orElseThrow();
	}

	/** Won: only from the last stage, through its gate. */
	@Transactional
	public OpportunityView won(long id, String reason, CurrentUser me) {
		OpportunityView o = lockOpen(id, me);
		String why = Fields.required("reason", reason, 500);
		StageTemplate template = templates.byId(o.templateId()).definition();
		List<StageTemplate.Stage> stages = template.stageList();
		StageTemplate.Stage current = stageOf(o);
		if (!stages.get(stages.size() - 1).code().equals(o.stageCode())) {
			throw BusinessException.invalidField("stage", "error.opportunity.wonOnlyLast",
					stages.get(stages.size() - 1).name(org.springframework.context.i18n.LocaleContextHolder.getLocale()));
		}
		List<Gate.Check> missing = Gate.missing(requirements(o));
		if (!missing.isEmpty()) {
			throw new GateRefusedException(current.code(), current.name(org.springframework.context.i18n.LocaleContextHolder.getLocale()), missing);
		}
		close(o, "WON", 100, why);
		return queries.findUnscoped(id).orElseThrow();
	}

	/** Lost: from any stage, with a reason. */
	@Transactional
	public OpportunityView lost(long id, String reason, CurrentUser me) {
		OpportunityView o = lockOpen(id, me);
		String why = Fields.required("reason", reason, 500);
		close(o, "LOST", 0, why);
		return queries.findUnscoped(id).orElseThrow();
	}

	/**
	 * Moves the opportunity to the current version of its template, mapping its stage by code; refused (409) when
	 * it already follows the current version or when the current version has no stage of that code.
	 */
	@Transactional
	public OpportunityView migrate(long id, CurrentUser me) {
		OpportunityView o = lockOpen(id, me);
		StageTemplates.Version latest = templates.current(o.templateCode())
			.orElseThrow(() -> BusinessException.conflict("error.opportunity.template", o.templateCode()));
		if (latest.id() == o.templateId()) {
			throw BusinessException.conflict("error.opportunity.migrateCurrent", o.templateCode(), o.templateVersion());
		}
		StageTemplate.Stage stage = latest.definition().stage(o.stageCode())
			.orElseThrow(() -> BusinessException.conflict("error.opportunity.migrateStage", o.stageCode(),
					latest.code(), latest.version()));
		jdbc.sql("""
				update opportunity set template_id = :tid, template_version = :v, probability = :p, last_update_at = :now
				where id = :id""")
			.param("tid", latest.id()).param("v", latest.version()).param("p", stage.chance())
			.param("now", SqlTime.of(Instant.now(clock))).param("id", id).update();
		audit.record("opportunity", id, "migrate", Map.of("template", o.templateCode() + " v" + o.templateVersion()),
				Map.of("template", latest.code() + " v" + latest.version()), null);
		return queries.findUnscoped(id).orElseThrow();
	}

	/** Notes a change of the opportunity's evidence (a deliverable) as an update (red/yellow restart). */
	void touched(long id) {
		jdbc.sql("update opportunity set last_update_at = :now where id = :id")
			.param("now", SqlTime.of(Instant.now(clock))).param("id", id).update();
	}

	StageTemplate.Stage stageOf(OpportunityView o) {
		return templates.byId(o.templateId()).definition().stage(o.stageCode())
			.orElseThrow(() -> new IllegalStateException("stage " + o.stageCode() + " not in template " + o.templateId()));
	}

	private StageTemplate.Stage next(OpportunityView o, StageTemplate template, String to) {
		int current = template.indexOf(o.stageCode());
		List<StageTemplate.Stage> stages = template.stageList();
		if (current + 1 >= stages.size()) {
			throw BusinessException.invalidField("to", "error.opportunity.lastStage");
		}
		StageTemplate.Stage next = stages.get(current + 1);
		if (to != null && !to.isBlank() && !to.strip().equals(next.code())) {
			int target = template.indexOf(to.strip());
			if (target >= 0 && target <= current) {
				throw BusinessException.invalidField("to", "error.opportunity.useBack", to.strip());
			}
			throw BusinessException.invalidField("to", "error.opportunity.oneStep", to.strip(), next.code());
		}
		return next;
	}

	private void move(OpportunityView o, StageTemplate.Stage target, int index, String how, String reason,
			boolean overridden, CurrentUser me) {
		Instant now = Instant.now(clock);
		jdbc.sql("update opportunity_stage_visit set left_at = :now where opportunity_id = :id and left_at is null")
			.param("now", SqlTime.of(now)).param("id", o.id()).update();
		visit(o.id(), target.code(), index, now, how, me.username(), reason);
		jdbc.sql("""
				update opportunity set stage_code = :stage, stage_entered_at = :now, probability = :p,
				  stage_overridden = :ov, override_reason = :why, last_update_at = :now where id = :id""")
			.param("stage", target.code()).param("now", SqlTime.of(now)).param("p", target.chance())
			.param("ov", overridden).param("why", overridden ? reason : null).param("id", o.id()).update();
	}

	private void close(OpportunityView o, String status, int probability, String reason) {
		Instant now = Instant.now(clock);
		jdbc.sql("update opportunity_stage_visit set left_at = :now where opportunity_id = :id and left_at is null")
			.param("now", SqlTime.of(now)).param("id", o.id()).update();
		jdbc.sql("""
				update opportunity set status = :s, probability = :p, close_reason = :why, closed_at = :now,
				  last_update_at = :now where id = :id""")
			.param("s", status).param("p", probability).param("why", reason).param("now", SqlTime.of(now))
			.param("id", o.id()).update();
		audit.record("opportunity", o.id(), status.toLowerCase(java.util.Locale.ROOT),
				Map.of("status", o.status(), "stage", o.stageCode()), Map.of("status", status), reason);
	}

	private void visit(long id, String stage, int index, Instant at, String how, String by, String reason) {
		jdbc.sql("""
				insert into opportunity_stage_visit (opportunity_id, stage_code, stage_index, entered_at, entered_how,
				  entered_by, reason)
				values (:o, :s, :i, :at, :how, :by, :why)""")
			.param("o", id).param("s", stage).param("i", index).param("at", SqlTime.of(at)).param("how", how)
			.param("by", by).param("why", reason).update();
	}

	/** Scope check (404), then a row lock; the row is re-read under the lock. */
	OpportunityView lock(long id, CurrentUser me) {
		queries.find(id, scopes.of(me)).orElseThrow(() -> new NotFoundException("opportunity", id));
		jdbc.sql("select id from opportunity where id = :id for update").param("id", id).query(Long.class).single();
		return queries.findUnscoped(id).orElseThrow();
	}

	OpportunityView lockOpen(long id, CurrentUser me) {
		OpportunityView o = lock(id, me);
		if (!o.open()) {
			throw BusinessException.conflict("error.opportunity.closed", o.status());
		}
		return o;
	}
}
