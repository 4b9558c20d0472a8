package dev.closer.identity.internal;

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

import dev.closer.shared.problem.BusinessException;
import dev.closer.shared.security.CurrentUser;

/** The signed-in user's page: profile, password, API tokens (create once-shown, list, revoke). */
@Controller
@RequestMapping("/me")
class ProfileController {

	private final UserQueries users;

	private final ApiTokens tokens;

	private final UserAccounts accounts;

	private final MessageSource messages;

	private final java.time.Clock clock;

	ProfileController(UserQueries users, ApiTokens tokens, UserAccounts accounts, MessageSource messages,
			java.time.Clock clock) {
		this.users = users;
		this.tokens = tokens;
		this.accounts = accounts;
		this.messages = messages;
		this.clock = clock;
	}

	@GetMapping
	String profile(CurrentUser me, Model model) {
		model.addAttribute("user", users.find(me.id()).orElseThrow());
		model.addAttribute("team", me.teamId() == null ? null : users.team(me.teamId()).orElse(null));
		model.addAttribute("tokens", tokens.list(me.id()));
		model.addAttribute("now", java.time.Instant.now(clock));
		return "identity/profile";
	}

	@PostMapping("/tokens")
	String createToken(CurrentUser me, @RequestParam(required = false) String name, RedirectAttributes redirect) {
		try {
			redirect.addFlashAttribute("newToken", tokens.issue(me.id(), name).token());
		}
		catch (BusinessException e) {
			redirect.addFlashAttribute("flashError", message(e.messageKey(), e.args()));
		}
		return "redirect:/me";
	}

	@PostMapping("/tokens/{id}/revoke")
	String revoke(CurrentUser me, @PathVariable long id) {
		tokens.revoke(me.id(), id);
		return "redirect:/me";
	}

	@PostMapping("/password")
	String password(CurrentUser me, @RequestParam String password, RedirectAttributes redirect) {
		try {
			accounts.changePassword(me.id(), password);
			redirect.addFlashAttribute("flash", message("profile.passwordChanged"));
		}
		catch (BusinessException e) {
			redirect.addFlashAttribute("flashError", message(e.messageKey(), e.args()));
		}
		return "redirect:/me";
	}

	private String message(String key, Object... args) {
		return messages.getMessage(key, args, key, LocaleContextHolder.getLocale());
	}
}
