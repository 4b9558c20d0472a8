package dev.closer.pipeline.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.context.MessageSource;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.closer.customers.CustomerDirectory;
import dev.closer.customers.CustomerRef;
import dev.closer.identity.TeamSummary;
import dev.closer.identity.UserDirectory;
import dev.closer.shared.audit.AuditLog;
import dev.closer.shared.export.XlsxExport;
import dev.closer.shared.problem.BusinessException;
import dev.closer.shared.problem.NotFoundException;
import dev.closer.shared.security.CurrentUser;
import dev.closer.shared.security.DataScope;
import dev.closer.shared.security.DataScopes;
import dev.closer.shared.web.PageResult;

/**
 * Opportunity pages (SPEC O1-O5): the scoped list with export, the board by stage with drag to advance (the gate
 * answers in place on the card), the opportunity page (stage path, requirements checklist, deliverable upload,
 * dwell, history, moves), the new-opportunity form (from a customer) and the weekly process-health report.
 */
@Controller
@RequestMapping("/opportunities")
class OpportunityPageController {

	static final int BOARD_LIMIT = 300;

	private final OpportunityQueries queries;

	private final OpportunityService service;

	private final DeliverableFiles deliverables;

	private final StageTemplates templates;

	private final Requirements requirements;

	private final Dwell dwell;

	private final HealthPolicies policies;

	private final ProcessHealthService health;

	private final CustomerDirectory customers;

	private final DataScopes scopes;

	private final UserDirectory users;

	private final AuditLog audit;

	private final MessageSource messages;

	private final Clock clock;

	private final TenderService tenders;

	private final ContractApprovals approvals;

	OpportunityPageController(OpportunityQueries queries, OpportunityService service, DeliverableFiles deliverables,
			StageTemplates templates, Requirements requirements, Dwell dwell, HealthPolicies policies,
			ProcessHealthService health, CustomerDirectory customers, DataScopes scopes, UserDirectory users,
			AuditLog audit, MessageSource messages, Clock clock, TenderService tenders, ContractApprovals approvals) {
		this.tenders = tenders;
		this.approvals = approvals;
		this.queries = queries;
		this.service = service;
		this.deliverables = deliverables;
		this.templates = templates;
		this.requirements = requirements;
		this.dwell = dwell;
		this.policies = policies;
		this.health = health;
		this.customers = customers;
		this.scopes = scopes;
		this.users = users;
		this.audit = audit;
		this.messages = messages;
		this.clock = clock;
	}

	@ModelAttribute
	void reference(CurrentUser me, Model model) {
		DataScope scope = scopes.of(me);
		List<TeamSummary> teams = users.teams().stream()
			.filter(t -> scope.level() == DataScope.Level.ALL || scope.teamIds().contains(t.id())
					|| (me.teamId() != null && me.teamId() == t.id()))
			.toList();
		model.addAttribute("teams", teams);
		model.addAttribute("teamNames", users.teams().stream().collect(Collectors.toMap(TeamSummary::id, TeamSummary::name)));
		model.addAttribute("templateList", templates.current());
		model.addAttribute("policy", policies.current());
		model.addAttribute("now", Instant.now(clock));
	}

	/** Lights (S3) for a list of opportunities, by id. */
	private Map<Long, String> lights(List<OpportunityView> list) {
		HealthPolicies.Policy policy = policies.current();
		Instant now = Instant.now(clock);
		Map<Long, String> lights = new LinkedHashMap<>();
		for (OpportunityView o : list) {
			lights.put(o.id(), policy.light(o.status(), o.blocker(), o.lastUpdateAt(), now).name());
		}
		return lights;
	}

	@GetMapping
	String list(CurrentUser me, @RequestParam(required = false) String q, @RequestParam(required = false) Long teamId,
			@RequestParam(required = false) String owner, @RequestParam(required = false) String template,
			@RequestParam(required = false) String stage, @RequestParam(required = false) String status,
			@RequestParam(required = false) String sort, @RequestParam(required = false) String dir,
			@RequestParam(defaultValue = "0") int page, Model model) {
		OpportunityQueries.Filter filter = filter(me, q, teamId, owner, template, stage, status, sort, dir);
		PageResult<OpportunityView> result = queries.search(scopes.of(me), filter, Math.max(0, page), 25);
		model.addAttribute("page", result);
		model.addAttribute("lights", lights(result.items()));
		model.addAttribute("filter", filter);
		model.addAttribute("owner", owner);
		return "pipeline/list";
	}

	private static OpportunityQueries.Filter filter(CurrentUser me, String q, Long teamId, String owner,
			String template, String stage, String status, String sort, String dir) {
		Long ownerId = "me".equals(owner) ? Long.valueOf(me.id()) : null;
		return new OpportunityQueries.Filter(q, teamId, ownerId, template, stage, status, null, sort, dir);
	}

	@GetMapping("/export")
	ResponseEntity<StreamingResponseBody> export(CurrentUser me, @RequestParam(required = false) String q,
			@RequestParam(required = false) Long teamId, @RequestParam(required = false) String owner,
			@RequestParam(required = false) String template, @RequestParam(required = false) String stage,
			@RequestParam(required = false) String status, @RequestParam(required = false) String sort,
			@RequestParam(required = false) String dir, Locale locale) {
		OpportunityQueries.Filter filter = filter(me, q, teamId, owner, template, stage, status, sort, dir);
		DataScope scope = scopes.of(me);
		Map<Long, String> teamNames = users.teams().stream().collect(Collectors.toMap(TeamSummary::id, TeamSummary::name));
		List<String> headers = Arrays.asList("ID", m("opportunity.name", locale), m("opportunity.customer", locale),
				m("opportunity.amount", locale), m("opportunity.closeOn", locale), m("opportunity.template", locale),
				m("opportunity.stage", locale), m("opportunity.probability", locale), m("opportunity.status", locale),
				m("opportunity.owner", locale), "Team", m("opportunity.blocker", locale), m("opportunity.updated", locale));
		return XlsxExport.download("opportunities.xlsx", m("nav.opportunities", locale), headers, me.zoneId(), sink -> {
			int p = 0;
			PageResult<OpportunityView> chunk;
			do {
				chunk = queries.search(scope, filter, p++, 500);
				for (OpportunityView o : chunk.items()) {
					sink.row(Arrays.asList(o.id(), o.name(), o.customerName(), o.amount(), o.expectedCloseOn() == null
							? null : o.expectedCloseOn().toString(), o.templateCode() + " v" + o.templateVersion(),
							stageName(o, locale), o.probability(), o.status(), o.ownerName(), teamNames.get(o.teamId()),
							o.blocker(), o.lastUpdateAt()));
				}
			}
			while (chunk.hasNext());
		});
	}

	String stageName(OpportunityView o, Locale locale) {
		return templates.byId(o.templateId()).definition().stage(o.stageCode()).map(s -> s.name(locale))
			.orElse(o.stageCode());
	}

	@GetMapping("/new")
	String create(CurrentUser me, @RequestParam long customerId, @RequestParam(required = false) Long leadId,
			Model model) {
		CustomerRef customer = customers.find(customerId, me)
			.orElseThrow(() -> new NotFoundException("customer", customerId));
		model.addAttribute("customer", customer);
		model.addAttribute("leadId", leadId);
		return "pipeline/new";
	}

	@PostMapping("/new")
	String save(CurrentUser me, @RequestParam long customerId, @RequestParam(required = false) Long leadId,
			@RequestParam(required = false) String name, @RequestParam(required = false) String amount,
			@RequestParam(required = false) String expectedCloseOn, @RequestParam(required = false) String productLines,
			@RequestParam(required = false) String decisionMaker, @RequestParam(required = false) String templateCode,
			Model model, RedirectAttributes redirect, Locale locale) {
		try {
			OpportunityView o = service.create(new OpportunityRequests.Create(customerId, leadId, name, amount,
					expectedCloseOn, productLines, decisionMaker, templateCode, null), me);
			redirect.addFlashAttribute("flash", m("opportunity.createdFlash", locale));
			return "redirect:/opportunities/" + o.id();
		}
		catch (BusinessException e) {
			if (e instanceof NotFoundException) {
				throw e;
			}
			model.addAttribute("flashError", error(e, locale));
			model.addAttribute("customer", customers.find(customerId, me).orElseThrow());
			model.addAttribute("leadId", leadId);
			return "pipeline/new";
		}
	}

	@GetMapping("/{id}")
	String detail(CurrentUser me, @PathVariable long id, Model model, Locale locale) {
		OpportunityView o = queries.find(id, scopes.of(me)).orElseThrow(() -> new NotFoundException("opportunity", id));
		StageTemplates.Version version = templates.byId(o.templateId());
		StageTemplate.Stage stage = version.definition().stage(o.stageCode()).orElseThrow();
		int index = version.definition().indexOf(o.stageCode());
		List<StageTemplate.Stage> stages = version.definition().stageList();
		model.addAttribute("o", o);
		model.addAttribute("version", version);
		model.addAttribute("stage", stage);
		model.addAttribute("stages", stages);
		model.addAttribute("stageIndex", index);
		model.addAttribute("next", index + 1 < stages.size() ? stages.get(index + 1) : null);
		model.addAttribute("earlier", stages.subList(0, Math.max(0, index)));
		model.addAttribute("checks", requirements.items(service.requirements(o), locale));
		model.addAttribute("deliverableKinds", stage.deliverables());
		model.addAttribute("deliverables", queries.deliverables(id));
		model.addAttribute("dwell", dwell.of(o, locale));
		model.addAttribute("visits", queries.visits(id));
		model.addAttribute("light", lights(List.of(o)).get(id));
		model.addAttribute("latest", templates.current(o.templateCode()).orElse(version));
		model.addAttribute("audit", audit.search(new AuditLog.AuditQuery("opportunity", String.valueOf(id), null, null,
				null, null, null), 0, 50).items());
		model.addAttribute("canOverride", me.isManagerial());
		model.addAttribute("tender", tenders.find(id).orElse(null));
		model.addAttribute("approvals", approvals.ofOpportunity(id));
		return "pipeline/detail";
	}

	@PostMapping("/{id}/fields")
	String fields(CurrentUser me, @PathVariable long id, @RequestParam(required = false) String name,
			@RequestParam(required = false) String amount, @RequestParam(required = false) String expectedCloseOn,
			@RequestParam(required = false) String productLines, @RequestParam(required = false) String decisionMaker,
			@RequestParam(required = false) String blocker, RedirectAttributes redirect, Locale locale) {
		return act(id, redirect, locale, () -> {
			service.update(id, new OpportunityRequests.Update(name, amount == null ? "" : amount,
					expectedCloseOn == null ? "" : expectedCloseOn, productLines == null ? "" : productLines,
					decisionMaker == null ? "" : decisionMaker, blocker == null ? "" : blocker), me);
			return m("common.saved", locale);
		});
	}

	@PostMapping("/{id}/advance")
	String advance(CurrentUser me, @PathVariable long id, RedirectAttributes redirect, Locale locale) {
		return act(id, redirect, locale, () -> {
			OpportunityView o = service.advance(id, null, me);
			return messages.getMessage("opportunity.advanced", new Object[] { stageName(o, locale) }, locale);
		});
	}

	@PostMapping("/{id}/back")
	String back(CurrentUser me, @PathVariable long id, @RequestParam(required = false) String to,
			@RequestParam(required = false) String reason, RedirectAttributes redirect, Locale locale) {
		return act(id, redirect, locale, () -> {
			OpportunityView o = service.back(id, to, reason, me);
			return messages.getMessage("opportunity.advanced", new Object[] { stageName(o, locale) }, locale);
		});
	}

	@PostMapping("/{id}/override")
	String override(CurrentUser me, @PathVariable long id, @RequestParam(required = false) String reason,
			RedirectAttributes redirect, Locale locale) {
		return act(id, redirect, locale, () -> {
			OpportunityView o = service.override(id, null, reason, me);
			return messages.getMessage("opportunity.advanced", new Object[] { stageName(o, locale) }, locale);
		});
	}

	@PostMapping("/{id}/won")
	String won(CurrentUser me, @PathVariable long id, @RequestParam(required = false) String reason,
			RedirectAttributes redirect, Locale locale) {
		return act(id, redirect, locale, () -> {
			service.won(id, reason, me);
			return m("opportunity.status.WON", locale);
		});
	}

	@PostMapping("/{id}/lost")
	String lost(CurrentUser me, @PathVariable long id, @RequestParam(required = false) String reason,
			RedirectAttributes redirect, Locale locale) {
		return act(id, redirect, locale, () -> {
			service.lost(id, reason, me);
			return m("opportunity.status.LOST", locale);
		});
	}

	@PostMapping("/{id}/migrate")
	String migrate(CurrentUser me, @PathVariable long id, RedirectAttributes redirect, Locale locale) {
		return act(id, redirect, locale, () -> {
			OpportunityView o = service.migrate(id, me);
			return messages.getMessage("opportunity.migrated", new Object[] { o.templateVersion() }, locale);
		});
	}

	@PostMapping("/{id}/deliverables")
	String upload(CurrentUser me, @PathVariable long id, @RequestParam(required = false) String kind,
			@RequestParam(required = false) MultipartFile file, @RequestParam(required = false) String signer,
			RedirectAttributes redirect, Locale locale) {
		return act(id, redirect, locale, () -> {
			DeliverableView d = deliverables.upload(id, kind, file, signer, me);
			return messages.getMessage("opportunity.uploaded", new Object[] { d.sha256().substring(0, 12) + "…" },
					locale);
		});
	}

	@GetMapping("/{id}/deliverables/{deliverableId}")
	ResponseEntity<org.springframework.core.io.Resource> file(CurrentUser me, @PathVariable long id,
			@PathVariable long deliverableId) {
		queries.find(id, scopes.of(me)).orElseThrow(() -> new NotFoundException("opportunity", id));
		DeliverableView d = queries.deliverable(id, deliverableId)
			.orElseThrow(() -> new NotFoundException("deliverable", deliverableId));
		return deliverables.download(deliverables.file(d).orElseThrow(() -> new NotFoundException("file", d.fileId())));
	}

	private String act(long id, RedirectAttributes redirect, Locale locale, java.util.function.Supplier<String> work) {
		try {
			redirect.addFlashAttribute("flash", work.get());
		}
		catch (GateRefusedException e) {
			redirect.addFlashAttribute("flashError", error(e, locale));
			redirect.addFlashAttribute("refused", requirements.items(e.missing(), locale));
		}
		catch (BusinessException e) {
			if (e instanceof NotFoundException) {
				throw e;
			}
			redirect.addFlashAttribute("flashError", error(e, locale));
		}
		return "redirect:/opportunities/" + id;
	}

	// ---- board (O5)

	record Column(StageTemplate.Stage stage, List<OpportunityView> cards) {
	}

	@GetMapping("/board")
	String board(CurrentUser me, @RequestParam(required = false) String template,
			@RequestParam(required = false) Long teamId, @RequestParam(required = false) String owner,
			@RequestParam(required = false) Long ownerId, Model model, Locale locale) {
		String code = template == null || template.isBlank() ? StageTemplates.DEFAULT_CODE : template;
		StageTemplates.Version version = templates.current(code)
			.orElseThrow(() -> new NotFoundException("pipeline_template", code));
		Long rep = "me".equals(owner) ? Long.valueOf(me.id()) : ownerId;
		List<OpportunityView> cards = queries.board(scopes.of(me), code, teamId, rep, BOARD_LIMIT);
		List<Column> columns = new ArrayList<>();
		for (StageTemplate.Stage s : version.definition().stageList()) {
			columns.add(new Column(s, cards.stream().filter(c -> c.stageCode().equals(s.code())).toList()));
		}
		model.addAttribute("version", version);
		model.addAttribute("columns", columns);
		model.addAttribute("lights", lights(cards));
		model.addAttribute("stageNames", stageNames(cards, locale));
		model.addAttribute("nextStages", nextStages(cards));
		model.addAttribute("template", code);
		model.addAttribute("teamId", teamId);
		model.addAttribute("owner", owner);
		model.addAttribute("ownerId", ownerId);
		model.addAttribute("reps", me.isManagerial() ? reps(me, teamId) : List.of());
		return "pipeline/board";
	}

	/** Reps of the teams the viewer may see (or of the chosen team), for the board's rep filter. */
	private List<dev.closer.identity.UserSummary> reps(CurrentUser me, Long teamId) {
		DataScope scope = scopes.of(me);
		return users.teams().stream()
			.filter(t -> teamId == null || t.id() == teamId)
			.filter(t -> scope.level() == DataScope.Level.ALL || scope.teamIds().contains(t.id()))
			.flatMap(t -> users.members(t.id(), dev.closer.shared.security.Role.REP).stream())
			.limit(200)
			.toList();
	}

	private Map<Long, String> stageNames(List<OpportunityView> cards, Locale locale) {
		Map<Long, String> names = new LinkedHashMap<>();
		cards.forEach(c -> names.put(c.id(), stageName(c, locale)));
		return names;
	}

	private Map<Long, String> nextStages(List<OpportunityView> cards) {
		Map<Long, String> next = new LinkedHashMap<>();
		for (OpportunityView c : cards) {
			List<StageTemplate.Stage> stages = templates.byId(c.templateId()).definition().stageList();
			int i = templates.byId(c.templateId()).definition().indexOf(c.stageCode());
			next.put(c.id(), i >= 0 && i + 1 < stages.size() ? stages.get(i + 1).code() : "");
		}
		return next;
	}

	/** The board's move (drag or button): answers the card, advanced or with the gate's refusal in place. */
	@PostMapping("/{id}/card-advance")
	String cardAdvance(CurrentUser me, @PathVariable long id, @RequestParam(required = false) String to, Model model,
			Locale locale, jakarta.servlet.http.HttpServletResponse response) {
		OpportunityView o;
		try {
			o = service.advance(id, to, me);
			response.setHeader("X-Stage", o.stageCode());
		}
		catch (GateRefusedException e) {
			o = queries.find(id, scopes.of(me)).orElseThrow();
			model.addAttribute("refusal", error(e, locale));
			model.addAttribute("refused", requirements.items(e.missing(), locale));
		}
		catch (BusinessException e) {
			if (e instanceof NotFoundException) {
				throw e;
			}
			o = queries.find(id, scopes.of(me)).orElseThrow();
			model.addAttribute("refusal", error(e, locale));
		}
		model.addAttribute("c", o);
		model.addAttribute("lights", lights(List.of(o)));
		model.addAttribute("stageNames", stageNames(List.of(o), locale));
		model.addAttribute("nextStages", nextStages(List.of(o)));
		return "pipeline/fragments :: card";
	}

	// ---- process health (O4)

	@GetMapping("/health")
	String health(CurrentUser me, @RequestParam(required = false) Long teamId,
			@RequestParam(required = false) LocalDate week, Model model, Locale locale) {
		Long team = teamId != null ? teamId : me.teamId();
		LocalDate day = week != null ? week : LocalDate.now(clock.withZone(me.zoneId()));
		LocalDate monday = ProcessHealthService.monday(day);
		model.addAttribute("teamId", team);
		model.addAttribute("week", monday);
		model.addAttribute("report", team == null ? null : health.report(scopes.of(me), team, monday, me.zoneId(), locale));
		return "pipeline/health";
	}

	@GetMapping("/health/export")
	ResponseEntity<StreamingResponseBody> healthExport(CurrentUser me, @RequestParam long teamId,
			@RequestParam(required = false) LocalDate week, Locale locale) {
		LocalDate day = week != null ? week : LocalDate.now(clock.withZone(me.zoneId()));
		ProcessHealth.Report report = health.report(scopes.of(me), teamId, day, me.zoneId(), locale);
		return XlsxExport.downloadSheets("process-health.xlsx", me.zoneId(), sheets -> {
			var complete = sheets.sheet(m("opportunity.mostComplete", locale), Arrays.asList("ID",
					m("opportunity.name", locale), m("opportunity.customer", locale), m("opportunity.owner", locale),
					m("opportunity.stage", locale), m("opportunity.met", locale), "Required", "Ratio"));
			report.mostComplete().forEach(c -> complete.row(Arrays.asList(c.id(), c.name(), c.customerName(),
					c.ownerName(), c.stageName(), c.met(), c.required(), c.ratio())));
			var overdue = sheets.sheet(m("opportunity.longestOverdue", locale), Arrays.asList("ID",
					m("opportunity.name", locale), m("opportunity.customer", locale), m("opportunity.owner", locale),
					m("opportunity.stage", locale), m("opportunity.expectedDays", locale),
					m("opportunity.overdueDays", locale)));
			report.longestOverdue().forEach(o -> overdue.row(Arrays.asList(o.id(), o.name(), o.customerName(),
					o.ownerName(), o.stageName(), o.expectedDays(), o.overdueDays())));
		});
	}

	private String error(BusinessException e, Locale locale) {
		return messages.getMessage(e.messageKey(), e.args(), e.messageKey(), locale);
	}

	private String m(String key, Locale locale) {
		return messages.getMessage(key, null, key, locale);
	}
}
