package dev.closer.leads.internal;

import java.util.List;
import java.util.Locale;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.closer.identity.TeamSummary;
import dev.closer.identity.UserDirectory;
import dev.closer.leads.Grade;
import dev.closer.leads.internal.allocation.AllocationDecision;
import dev.closer.leads.internal.allocation.CandidateAssessment;
import dev.closer.leads.internal.allocation.Strategy;
import dev.closer.shared.problem.BusinessException;
import dev.closer.shared.security.CurrentUser;
import dev.closer.shared.security.DataScopes;

/**
 * The allocation policy editor (SPEC L4, L6, P5): a team's weights, baseline, capacity, radius tolerance,
 * thresholds, pool limits and strategy; validated on save, versioned, with history and a preview of who
 * would get a lead right now under the settings being edited.
 */
@Controller
@RequestMapping("/leads/policy")
class PolicyPageController {

	private final PolicyStore policies;

	private final LeadAllocator allocator;

	private final UserDirectory users;

	private final DataScopes scopes;

	private final MessageSource messages;

	private final WebForms forms;

	private final TeamAccess teamAccess;

	PolicyPageController(PolicyStore policies, LeadAllocator allocator, UserDirectory users, DataScopes scopes,
			MessageSource messages, WebForms forms, TeamAccess teamAccess) {
		this.teamAccess = teamAccess;
		this.forms = forms;
		this.policies = policies;
		this.allocator = allocator;
		this.users = users;
		this.scopes = scopes;
		this.messages = messages;
	}

	/** Teams whose policy the user may edit: all (admin), the region's (director), their own (manager). */
	List<TeamSummary> editable(CurrentUser me) {
		return teamAccess.editable(me);
	}

	private TeamSummary team(CurrentUser me, Long teamId) {
		return teamAccess.editableTeam(me, teamId);
	}

	@ModelAttribute
	void reference(Model model) {
		model.addAttribute("strategies", Strategy.values());
		model.addAttribute("grades", Grade.values());
	}

	@GetMapping
	String edit(CurrentUser me, @RequestParam(required = false) Long teamId, Model model) {
		TeamSummary team = team(me, teamId);
		PolicyStore.Versioned current = policies.current(team.id());
		model.addAttribute("team", team);
		model.addAttribute("teams", editable(me));
		model.addAttribute("current", current);
		if (!model.containsAttribute("settings")) {
			model.addAttribute("settings", current.settings());
		}
		model.addAttribute("history", policies.history(team.id()));
		model.addAttribute("forms", forms.ofTeam(team.id()));
		return "leads/policy";
	}

	@PostMapping
	String save(CurrentUser me, @RequestParam long teamId, @ModelAttribute("settings") PolicySettings settings,
			@RequestParam(required = false) String comment, Model model, RedirectAttributes redirect, Locale locale) {
		TeamSummary team = team(me, teamId);
		try {
			PolicyStore.Versioned saved = policies.save(team.id(), settings, comment);
			redirect.addFlashAttribute("flash", messages.getMessage("policy.saved", new Object[] { saved.version() }, locale));
			return "redirect:/leads/policy?teamId=" + team.id();
		}
		catch (BusinessException e) {
			model.addAttribute("error", messages.getMessage(e.messageKey(), e.args(), e.messageKey(), locale));
			model.addAttribute("errorField", e.field());
			return edit(me, teamId, model);
		}
	}

	@PostMapping("/forms")
	String createForm(CurrentUser me, @RequestParam long teamId, @RequestParam(required = false) String name,
			@RequestParam(required = false) String campaign, RedirectAttributes redirect, Locale locale) {
		TeamSummary team = team(me, teamId);
		try {
			forms.create(team.id(), name, campaign);
		}
		catch (BusinessException e) {
			redirect.addFlashAttribute("flashError", messages.getMessage(e.messageKey(), e.args(), e.messageKey(), locale));
		}
		return "redirect:/leads/policy?teamId=" + team.id() + "#web-forms";
	}

	@PostMapping("/forms/{id}/enabled")
	String enableForm(CurrentUser me, @RequestParam long teamId, @org.springframework.web.bind.annotation.PathVariable long id,
			@RequestParam boolean enabled) {
		TeamSummary team = team(me, teamId);
		forms.setEnabled(team.id(), id, enabled);
		return "redirect:/leads/policy?teamId=" + team.id() + "#web-forms";
	}

	/** htmx: the ranking a lead with these attributes would get now, under the settings on screen. */
	@PostMapping("/preview")
	String preview(CurrentUser me, @RequestParam long teamId, @ModelAttribute("settings") PolicySettings settings,
			@RequestParam(defaultValue = "A") Grade grade, @RequestParam(required = false) String industry,
			@RequestParam(required = false) Double latitude, @RequestParam(required = false) Double longitude,
			Model model, Locale locale) {
		TeamSummary team = team(me, teamId);
		var violations = settings.validate();
		if (!violations.isEmpty()) {
			var v = violations.get(0);
			model.addAttribute("error", messages.getMessage(v.messageKey(), v.args().toArray(), v.messageKey(), locale));
			return "leads/policy :: preview";
		}
		AllocationDecision decision = allocator.preview(team.id(), settings, grade, blank(industry), null, null, latitude,
				longitude);
		List<CandidateAssessment> ranked = decision.candidates().stream()
			.sorted(java.util.Comparator.comparingInt(c -> c.rank() == 0 ? Integer.MAX_VALUE : c.rank()))
			.toList();
		model.addAttribute("decision", decision);
		model.addAttribute("ranked", ranked);
		model.addAttribute("outcome", messages.getMessage(decision.outcomeReason().key(),
				decision.outcomeReason().args().toArray(), decision.outcomeReason().key(), locale));
		return "leads/policy :: preview";
	}

	private static String blank(String s) {
		return s == null || s.isBlank() ? null : s.trim();
	}
}
