package dev.closer.leads.internal;

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
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.closer.identity.TeamSummary;
import dev.closer.identity.UserDirectory;
import dev.closer.identity.UserSummary;
import dev.closer.leads.Grade;
import dev.closer.shared.export.XlsxExport;
import dev.closer.shared.problem.BusinessException;
import dev.closer.shared.problem.NotFoundException;
import dev.closer.shared.security.CurrentUser;
import dev.closer.shared.security.DataScopes;
import dev.closer.shared.security.Role;
import dev.closer.shared.web.PageResult;

/** Lead pages: lists (mine / my scope), detail with "why this rep", pool, manual entry. */
@Controller
@RequestMapping("/leads")
class LeadPageController {

	private final LeadQueries queries;

	private final LeadIntake intake;

	private final LeadCommands commands;

	private final AllocationHistory history;

	private final DataScopes scopes;

	private final UserDirectory users;

	private final MessageSource messages;

	private final PoolScope poolScope;

	private final dev.closer.shared.audit.AuditLog audit;

	private final dev.closer.shared.tx.Transactions transactions;

	private final SlaClocks clocks;

	LeadPageController(dev.closer.shared.tx.Transactions transactions, LeadQueries queries, LeadIntake intake, LeadCommands commands, AllocationHistory history,
			DataScopes scopes, UserDirectory users, MessageSource messages, PoolScope poolScope,
			dev.closer.shared.audit.AuditLog audit, SlaClocks clocks) {
		this.audit = audit;
		this.clocks = clocks;
		this.transactions = transactions;
		this.queries = queries;
		this.intake = intake;
		this.commands = commands;
		this.history = history;
		this.scopes = scopes;
		this.users = users;
		this.messages = messages;
		this.poolScope = poolScope;
	}

	@ModelAttribute
	void reference(CurrentUser me, Model model) {
		var scope = scopes.of(me);
		List<TeamSummary> teams = users.teams().stream()
			.filter(t -> scope.level() == dev.closer.shared.security.DataScope.Level.ALL || scope.teamIds().contains(t.id())
					|| (me.teamId() != null && me.teamId() == t.id()))
			.toList();
		model.addAttribute("teams", teams);
		model.addAttribute("teamNames", users.teams().stream().collect(Collectors.toMap(TeamSummary::id, TeamSummary::name)));
		model.addAttribute("statuses", LeadStatus.values());
		model.addAttribute("grades", Grade.values());
	}

	@GetMapping
	String list(CurrentUser me, @RequestParam(required = false) String q,
			@RequestParam(required = false) LeadStatus status, @RequestParam(required = false) Grade grade,
			@RequestParam(required = false) Long teamId, @RequestParam(required = false) String owner,
			@RequestParam(required = false) String sort, @RequestParam(required = false) String dir,
			@RequestParam(required = false) String heat, @RequestParam(defaultValue = "0") int page, Model model) {
		LeadQueries.LeadFilter filter = filter(me, q, status, grade, teamId, owner, sort, dir, heat);
		model.addAttribute("page", queries.search(scopes.of(me), filter, Math.max(0, page), 25));
		model.addAttribute("filter", filter);
		model.addAttribute("owner", owner);
		return "leads/list";
	}

	@GetMapping("/export")
	ResponseEntity<StreamingResponseBody> export(CurrentUser me, @RequestParam(required = false) String q,
			@RequestParam(required = false) LeadStatus status, @RequestParam(required = false) Grade grade,
			@RequestParam(required = false) Long teamId, @RequestParam(required = false) String owner,
			@RequestParam(required = false) String sort, @RequestParam(required = false) String dir,
			@RequestParam(required = false) String heat, Locale locale) {
		LeadQueries.LeadFilter filter = filter(me, q, status, grade, teamId, owner, sort, dir, heat);
		var scope = scopes.of(me);
		Map<Long, String> teamNames = users.teams().stream().collect(Collectors.toMap(TeamSummary::id, TeamSummary::name));
		List<String> headers = List.of("ID", m("lead.grade", locale), m("lead.contactName", locale),
				m("lead.company", locale), m("lead.phone", locale), m("lead.email", locale), m("user.team", locale),
				m("lead.owner", locale), m("lead.status", locale), m("lead.source", locale), m("lead.createdAt", locale));
		return XlsxExport.download("leads.xlsx", m("nav.leads", locale), headers, me.zoneId(), sink -> {
			int page = 0;
			PageResult<LeadView> chunk;
			do {
				chunk = queries.search(scope, filter, page++, 500);
				for (LeadView l : chunk.items()) {
					sink.row(java.util.Arrays.asList(l.id(), l.grade().name(), l.contactName(), l.company(), l.phone(),
							l.email(), teamNames.get(l.teamId()), l.ownerName(), m("lead.status." + l.status(), locale),
							l.sourceChannel(), l.createdAt()));
				}
			}
			while (chunk.hasNext());
		});
	}

	private static LeadQueries.LeadFilter filter(CurrentUser me, String q, LeadStatus status, Grade grade, Long teamId,
			String owner, String sort, String dir, String heat) {
		Long ownerId = "me".equals(owner) ? Long.valueOf(me.id()) : null;
		String h = heat == null ? null : heat.strip().toUpperCase(java.util.Locale.ROOT);
		return new LeadQueries.LeadFilter(q, status, grade, teamId, ownerId, sort, dir,
				"RED".equals(h) || "YELLOW".equals(h) ? h : null);
	}

	@GetMapping("/{id}")
	String detail(CurrentUser me, @PathVariable long id, Locale locale, Model model) {
		LeadView lead = queries.find(id, scopes.of(me), me.teamId()).orElseThrow(() -> new NotFoundException("lead", id));
		model.addAttribute("lead", lead);
		model.addAttribute("notes", queries.notes(id));
		model.addAttribute("trail", audit.search(new dev.closer.shared.audit.AuditLog.AuditQuery("lead", String.valueOf(id),
				null, null, null, null, null), 0, 50).items());
		model.addAttribute("decisions", history.of(id, locale));
		boolean manages = me.isAdmin() || ((me.has(Role.MANAGER) || me.has(Role.DIRECTOR))
				&& scopes.of(me).allows(null, lead.teamId()));
		model.addAttribute("manages", manages);
		model.addAttribute("isOwner", lead.ownerId() != null && lead.ownerId() == me.id());
		model.addAttribute("sla", clocks.view(id).orElse(null));
		model.addAttribute("leadActions", clocks.actions(id, 50));
		model.addAttribute("actionKinds", dev.closer.leads.internal.sla.ActionKind.values());
		if (manages) {
			List<UserSummary> reps = users.members(lead.teamId(), Role.REP).stream().filter(UserSummary::active).toList();
			model.addAttribute("reps", reps);
		}
		return "leads/detail";
	}

	@PostMapping("/{id}/claim")
	String claim(CurrentUser me, @PathVariable long id, RedirectAttributes redirect, Locale locale) {
		try {
			commands.claim(id, me);
			redirect.addFlashAttribute("flash", m("lead.claimed", locale));
			return "redirect:/leads/" + id;
		}
		catch (BusinessException e) {
			redirect.addFlashAttribute("flashError", messages.getMessage(e.messageKey(), e.args(), e.messageKey(), locale));
			return "redirect:/leads/pool";
		}
	}

	@PostMapping("/{id}/release")
	String release(CurrentUser me, @PathVariable long id, @RequestParam(required = false) String reason,
			RedirectAttributes redirect, Locale locale) {
		return act(id, redirect, locale, () -> commands.release(id, reason, me), "lead.released");
	}

	@PostMapping("/{id}/reassign")
	String reassign(CurrentUser me, @PathVariable long id, @RequestParam(required = false) Long ownerId,
			@RequestParam(required = false) String reason, RedirectAttributes redirect, Locale locale) {
		return act(id, redirect, locale, () -> {
			if (ownerId == null) {
				throw BusinessException.invalidField("ownerId", "error.required");
			}
			commands.reassign(id, ownerId, reason, me);
		}, "lead.reassigned");
	}

	private String act(long id, RedirectAttributes redirect, Locale locale, Runnable action, String okKey) {
		try {
			action.run();
			redirect.addFlashAttribute("flash", m(okKey, locale));
		}
		catch (BusinessException e) {
			redirect.addFlashAttribute("flashError", messages.getMessage(e.messageKey(), e.args(), e.messageKey(), locale));
		}
		return "redirect:/leads/" + id;
	}

	@GetMapping("/pool")
	String pool(CurrentUser me, @RequestParam(required = false) String q, @RequestParam(required = false) Grade grade,
			@RequestParam(required = false) Long teamId, @RequestParam(defaultValue = "0") int page, Model model) {
		model.addAttribute("page", queries.pool(poolScope.teams(me),
				new LeadQueries.LeadFilter(q, null, grade, teamId, null, null, null), Math.max(0, page), 25));
		model.addAttribute("filter", new LeadQueries.LeadFilter(q, null, grade, teamId, null, null, null));
		return "leads/pool";
	}

	@GetMapping("/new")
	String newLead(Model model) {
		model.addAttribute("form", new LeadForm());
		return "leads/new";
	}

	@PostMapping("/new")
	String create(CurrentUser me, @ModelAttribute("form") LeadForm form, Model model, RedirectAttributes redirect,
			Locale locale) {
		try {
			LeadIntake.Result result = transactions.retryingOnContention(() -> intake.create(form.toRequest(), me));
			redirect.addFlashAttribute("flash", m("lead.created." + result.outcome(), locale));
			return "redirect:/leads/" + (result.duplicateOf() != null && result.outcome() == LeadIntake.Outcome.DUPLICATE
					? result.duplicateOf() : result.lead().id());
		}
		catch (BusinessException e) {
			model.addAttribute("error", messages.getMessage(e.messageKey(), e.args(), e.messageKey(), locale));
			model.addAttribute("errorField", e.field());
			return "leads/new";
		}
	}

	private String m(String key, Locale locale) {
		return messages.getMessage(key, null, key, locale);
	}
}
