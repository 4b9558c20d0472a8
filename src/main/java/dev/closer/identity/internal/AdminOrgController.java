package dev.closer.identity.internal;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.closer.identity.TeamSummary;
import dev.closer.identity.UserSummary;
import dev.closer.shared.problem.BusinessException;

/** Admin page for the org tree: regions, teams and their members. */
@Controller
@RequestMapping("/admin/org")
class AdminOrgController {

	private final UserQueries users;

	private final OrgStructure org;

	private final MessageSource messages;

	AdminOrgController(UserQueries users, OrgStructure org, MessageSource messages) {
		this.users = users;
		this.org = org;
		this.messages = messages;
	}

	@GetMapping
	String tree(Model model) {
		List<TeamSummary> teams = users.teams();
		List<UserSummary> all = users.all();
		Map<Long, List<UserSummary>> members = all.stream()
			.filter(u -> u.teamId() != null)
			.collect(Collectors.groupingBy(UserSummary::teamId));
		model.addAttribute("regions", users.regions());
		model.addAttribute("teams", teams);
		model.addAttribute("members", members);
		model.addAttribute("unassigned", all.stream().filter(u -> u.teamId() == null).toList());
		return "identity/org";
	}

	@PostMapping("/regions")
	String createRegion(@RequestParam String name, RedirectAttributes redirect) {
		try {
			org.createRegion(name);
			redirect.addFlashAttribute("flash", message("common.saved"));
		}
		catch (BusinessException e) {
			redirect.addFlashAttribute("flashError", message(e.messageKey(), e.args()));
		}
		return "redirect:/admin/org";
	}

	@PostMapping("/teams")
	String createTeam(@RequestParam String name, @RequestParam(required = false) Long regionId,
			RedirectAttributes redirect) {
		try {
			if (regionId == null) {
				throw BusinessException.invalidField("regionId", "error.required");
			}
			org.createTeam(name, regionId);
			redirect.addFlashAttribute("flash", message("common.saved"));
		}
		catch (BusinessException e) {
			redirect.addFlashAttribute("flashError", message(e.messageKey(), e.args()));
		}
		return "redirect:/admin/org";
	}

	@PostMapping("/teams/{id}/region")
	String moveTeam(@PathVariable long id, @RequestParam long regionId, @RequestParam(required = false) String reason,
			RedirectAttributes redirect) {
		try {
			org.moveTeam(id, regionId, reason);
			redirect.addFlashAttribute("flash", message("common.saved"));
		}
		catch (BusinessException e) {
			redirect.addFlashAttribute("flashError", message(e.messageKey(), e.args()));
		}
		return "redirect:/admin/org";
	}

	private String message(String key, Object... args) {
		return messages.getMessage(key, args, key, LocaleContextHolder.getLocale());
	}

}
