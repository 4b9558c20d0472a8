package dev.closer.pipeline.internal;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.springframework.context.MessageSource;
import org.springframework.core.io.Resource;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.closer.identity.UserDirectory;
import dev.closer.identity.UserSummary;
import dev.closer.shared.problem.BusinessException;
import dev.closer.shared.problem.NotFoundException;
import dev.closer.shared.security.CurrentUser;
import dev.closer.shared.security.Role;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pages of tender projects (SPEC O6: {@code /opportunities/{id}/tender}, node list with owners, due dates, status,
 * overdue in red, upload, done, skip, owner change), contract approval (O7: request form, {@code /approvals} inbox
 * with waiting times, approve / reject) and the admin editors of tender templates and approval chains (P5).
 */
@Controller
class TenderPageController {

	private final TenderService tenders;

	private final ContractApprovals approvals;

	private final PipelineRules rules;

	private final UserDirectory users;

	private final RoleHolders holders;

	private final JsonMapper json;

	private final MessageSource messages;

	TenderPageController(TenderService tenders, ContractApprovals approvals, PipelineRules rules, UserDirectory users,
			RoleHolders holders, JsonMapper json, MessageSource messages) {
		this.tenders = tenders;
		this.approvals = approvals;
		this.rules = rules;
		this.users = users;
		this.holders = holders;
		this.json = json;
		this.messages = messages;
	}

	@GetMapping("/opportunities/{id}/tender")
	String tender(CurrentUser me, @PathVariable long id, Model model) {
		OpportunityView o = tenders.visible(id, me).orElseThrow(() -> new NotFoundException("opportunity", id));
		Optional<TenderView> tender = tenders.find(id);
		model.addAttribute("o", o);
		model.addAttribute("tender", tender.orElse(null));
		model.addAttribute("tenderTemplates", rules.tenderTemplates());
		model.addAttribute("candidates", tender.isPresent() ? candidates(o, tender.get()) : Map.of());
		return "pipeline/tender";
	}

	/** Who may own each node: team members plus holders of the node's role in scope. */
	private Map<String, List<UserSummary>> candidates(OpportunityView o, TenderView t) {
		Map<String, List<UserSummary>> byNode = new java.util.HashMap<>();
		for (TenderView.Node n : t.nodes()) {
			java.util.LinkedHashMap<Long, UserSummary> all = new java.util.LinkedHashMap<>();
			holders.of(List.of(Role.valueOf(n.ownerRole())), o.teamId()).forEach(u -> all.put(u.id(), u));
			for (Role r : List.of(Role.REP, Role.MANAGER, Role.PRESALES)) {
				users.activeMembers(o.teamId(), r).forEach(u -> all.putIfAbsent(u.id(), u));
			}
			byNode.put(n.code(), List.copyOf(all.values()));
		}
		return byNode;
	}

	@PostMapping("/opportunities/{id}/tender")
	String create(CurrentUser me, @PathVariable long id, @RequestParam(required = false) String templateCode,
			@RequestParam(required = false) String keyDate, RedirectAttributes redirect, Locale locale) {
		return act("/opportunities/" + id + "/tender", redirect, locale, () -> {
			tenders.create(id, new TenderService.Create(templateCode, keyDate), me);
			return m("tender.created", locale);
		});
	}

	@PostMapping("/opportunities/{id}/tender/nodes/{code}/upload")
	String upload(CurrentUser me, @PathVariable long id, @PathVariable String code,
			@RequestParam(required = false) MultipartFile file, RedirectAttributes redirect, Locale locale) {
		return act("/opportunities/" + id + "/tender", redirect, locale, () -> {
			tenders.upload(id, code, file, me);
			return m("tender.saved", locale);
		});
	}

	@PostMapping("/opportunities/{id}/tender/nodes/{code}/done")
	String done(CurrentUser me, @PathVariable long id, @PathVariable String code, RedirectAttributes redirect,
			Locale locale) {
		return act("/opportunities/" + id + "/tender", redirect, locale, () -> {
			tenders.done(id, code, me);
			return m("tender.saved", locale);
		});
	}

	@PostMapping("/opportunities/{id}/tender/nodes/{code}/skip")
	String skip(CurrentUser me, @PathVariable long id, @PathVariable String code,
			@RequestParam(required = false) String reason, RedirectAttributes redirect, Locale locale) {
		return act("/opportunities/" + id + "/tender", redirect, locale, () -> {
			tenders.skip(id, code, reason, me);
			return m("tender.saved", locale);
		});
	}

	@PostMapping("/opportunities/{id}/tender/nodes/{code}/assign")
	String assign(CurrentUser me, @PathVariable long id, @PathVariable String code,
			@RequestParam(required = false) Long ownerId, @RequestParam(required = false) String dueOn,
			RedirectAttributes redirect, Locale locale) {
		return act("/opportunities/" + id + "/tender", redirect, locale, () -> {
			tenders.assign(id, code, new TenderService.Assign(ownerId, dueOn), me);
			return m("tender.saved", locale);
		});
	}

	@GetMapping("/opportunities/{id}/tender/nodes/{code}/file")
	ResponseEntity<Resource> nodeFile(CurrentUser me, @PathVariable long id, @PathVariable String code) {
		tenders.visible(id, me).orElseThrow(() -> new NotFoundException("opportunity", id));
		TenderView.Node node = tenders.find(id).flatMap(t -> t.nodes().stream().filter(n -> n.code().equals(code))
			.findFirst()).orElseThrow(() -> new NotFoundException("tender node", code));
		if (node.fileId() == null) {
			throw new NotFoundException("file", code);
		}
		return tenders.download(tenders.file(node.fileId()).orElseThrow(() -> new NotFoundException("file", code)));
	}

	@GetMapping("/opportunities/{id}/tender/export")
	ResponseEntity<org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody> exportTender(
			CurrentUser me, @PathVariable long id, Locale locale) {
		tenders.visible(id, me).orElseThrow(() -> new NotFoundException("opportunity", id));
		TenderView t = tenders.find(id).orElseThrow(() -> new NotFoundException("tender", id));
		List<String> headers = List.of("#", m("tender.node", locale), m("tender.owner", locale), m("tender.due", locale),
				m("tender.status", locale), m("tender.overdue", locale), m("tender.deliverable", locale), "SHA-256");
		return dev.closer.shared.export.XlsxExport.download("tender-" + id + ".xlsx", m("tender.title", locale), headers,
				me.zoneId(), sink -> t.nodes().forEach(n -> sink.row(java.util.Arrays.asList(n.order(), n.name(locale),
						n.ownerName(), String.valueOf(n.dueOn()), m("tender.status." + n.status(), locale),
						n.overdue() ? m("tender.overdue", locale) : "", n.fileName(), n.fileSha256()))));
	}

	// ---- contract approval

	@PostMapping("/opportunities/{id}/contract-approvals")
	String requestApproval(CurrentUser me, @PathVariable long id, @RequestParam(required = false) String amount,
			@RequestParam(required = false) String terms, @RequestParam(required = false) MultipartFile file,
			RedirectAttributes redirect, Locale locale) {
		return act("/opportunities/" + id, redirect, locale, () -> {
			approvals.request(id, amount, terms, file, me);
			return m("approval.requested", locale);
		});
	}

	@GetMapping("/approvals")
	String inbox(CurrentUser me, Model model) {
		model.addAttribute("pending", approvals.pendingFor(me));
		return "pipeline/approvals";
	}

	@GetMapping("/approvals/export")
	ResponseEntity<org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody> exportInbox(
			CurrentUser me, Locale locale) {
		List<String> headers = List.of("ID", m("approval.opportunity", locale), m("approval.amount", locale),
				m("approval.terms", locale), m("approval.step", locale), m("approval.waitingSeconds", locale));
		List<ApprovalView> pending = approvals.pendingFor(me);
		return dev.closer.shared.export.XlsxExport.download("approvals.xlsx", m("approval.inbox", locale), headers,
				me.zoneId(), sink -> pending.forEach(a -> sink.row(java.util.Arrays.asList(a.id(), a.opportunityName(),
						a.amount(), a.terms(), a.current().name(locale), a.current().waitingSeconds()))));
	}

	@PostMapping("/approvals/{requestId}/steps/{step}/{decision}")
	String decide(CurrentUser me, @PathVariable long requestId, @PathVariable int step, @PathVariable String decision,
			@RequestParam(required = false) String comment, RedirectAttributes redirect, Locale locale) {
		boolean approve = "approve".equals(decision);
		if (!approve && !"reject".equals(decision)) {
			throw new NotFoundException("decision", decision);
		}
		return act("/approvals", redirect, locale, () -> {
			approvals.decide(requestId, step, approve, comment, me);
			return m(approve ? "approval.approved" : "approval.rejected", locale);
		});
	}

	@GetMapping("/approvals/{requestId}/file")
	ResponseEntity<Resource> contractFile(CurrentUser me, @PathVariable long requestId) {
		ApprovalView a = approvals.visible(requestId, me)
			.orElseThrow(() -> new NotFoundException("contract approval", requestId));
		return approvals.download(approvals.file(a.fileId()).orElseThrow(() -> new NotFoundException("file", a.fileId())));
	}

	// ---- admin (P5)

	@GetMapping("/admin/tender-rules")
	String rulesList(Model model) {
		model.addAttribute("tenderTemplates", rules.tenderTemplates());
		model.addAttribute("chains", rules.chains());
		return "pipeline/admin-tender-rules";
	}

	@GetMapping("/admin/tender-rules/{kind}/{code}")
	String editRule(@PathVariable String kind, @PathVariable String code, Model model) {
		Object definition = switch (kind) {
			case "tender" -> rules.tenderTemplate(code).map(PipelineRules.Version::definition)
				.orElse(rules.tenderTemplate(PipelineRules.DEFAULT_TENDER).orElseThrow().definition());
			case "chain" -> rules.chain(code).map(PipelineRules.Version::definition)
				.orElse(rules.chain(PipelineRules.DEFAULT_CHAIN).orElseThrow().definition());
			default -> throw new NotFoundException("rule kind", kind);
		};
		prepare(kind, code, json.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(definition),
				model);
		return "pipeline/admin-tender-rule";
	}

	@PostMapping("/admin/tender-rules/{kind}/{code}")
	String saveRule(@PathVariable String kind, @PathVariable String code,
			@RequestParam(required = false) String definition, @RequestParam(required = false) String comment,
			Model model, RedirectAttributes redirect, Locale locale) {
		try {
			int version;
			try {
				String text = definition == null ? "" : definition;
				version = switch (kind) {
					case "tender" -> rules.saveTender(code, json.readValue(text, TenderTemplate.class), comment).version();
					case "chain" -> rules.saveChain(code, json.readValue(text, ApprovalChain.class), comment).version();
					default -> throw new NotFoundException("rule kind", kind);
				};
			}
			catch (JacksonException e) {
				throw BusinessException.invalidField("definition", "error.pipelineTemplate.json", e.getOriginalMessage());
			}
			redirect.addFlashAttribute("flash",
					messages.getMessage("pipeline.admin.saved", new Object[] { version }, locale));
			return "redirect:/admin/tender-rules/" + kind + "/" + code;
		}
		catch (BusinessException e) {
			if (e instanceof NotFoundException) {
				throw e;
			}
			model.addAttribute("flashError", messages.getMessage(e.messageKey(), e.args(), e.messageKey(), locale)
					+ (e.field() == null ? "" : " (" + e.field() + ")"));
			prepare(kind, code, definition, model);
			return "pipeline/admin-tender-rule";
		}
	}

	private void prepare(String kind, String code, String definition, Model model) {
		model.addAttribute("kind", kind);
		model.addAttribute("code", code);
		model.addAttribute("definition", definition);
		model.addAttribute("history", "tender".equals(kind) ? rules.history(PipelineRules.TENDER, code, TenderTemplate.class)
				: rules.history(PipelineRules.CHAIN, code, ApprovalChain.class));
	}

	private String act(String back, RedirectAttributes redirect, Locale locale, Supplier<String> work) {
		try {
			redirect.addFlashAttribute("flash", work.get());
		}
		catch (BusinessException e) {
			if (e instanceof NotFoundException) {
				throw e;
			}
			redirect.addFlashAttribute("flashError", messages.getMessage(e.messageKey(), e.args(), e.messageKey(), locale));
		}
		return "redirect:" + back;
	}

	private String m(String key, Locale locale) {
		return messages.getMessage(key, null, key, locale);
	}
}
