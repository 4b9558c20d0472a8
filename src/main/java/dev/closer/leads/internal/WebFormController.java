package dev.closer.leads.internal;

import java.util.Locale;
import java.util.Map;

import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import dev.closer.shared.problem.BusinessException;
import dev.closer.shared.problem.NotFoundException;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The public side of team web forms (SPEC L1): {@code GET/POST /f/{token}} is a small page anyone can
 * fill in (no sign-in, no cookies); a hidden honeypot field catches naive bots.
 */
@Controller
class WebFormController {

	private final WebForms forms;

	private final LeadIntake intake;

	private final MessageSource messages;

	private final dev.closer.shared.tx.Transactions transactions;

	WebFormController(WebForms forms, LeadIntake intake, MessageSource messages,
			dev.closer.shared.tx.Transactions transactions) {
		this.transactions = transactions;
		this.forms = forms;
		this.intake = intake;
		this.messages = messages;
	}

	@GetMapping("/f/{token}")
	String form(@PathVariable String token, Model model) {
		model.addAttribute("form", forms.byToken(token).orElseThrow(() -> new NotFoundException("form", "-")));
		return "leads/web-form";
	}

	@PostMapping("/f/{token}")
	String submit(@PathVariable String token, @RequestParam Map<String, String> fields, HttpServletRequest request,
			Model model, Locale locale, jakarta.servlet.http.HttpServletResponse response) {
		WebForms.WebForm form = forms.byToken(token).orElseThrow(() -> new NotFoundException("form", "-"));
		model.addAttribute("form", form);
		model.addAttribute("values", fields);
		if (fields.getOrDefault("website", "").length() > 0) {
			model.addAttribute("done", true); // honeypot filled: pretend success, store nothing
			return "leads/web-form";
		}
		if (!forms.allow(form, request.getRemoteAddr())) {
			response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
			model.addAttribute("error", messages.getMessage("webform.tooMany", null, locale));
			return "leads/web-form";
		}
		try {
			LeadRequest lead = new LeadRequest(form.teamId(), trim(fields.get("contactName"), 100), trim(fields.get("phone"), 40),
					trim(fields.get("email"), 254), trim(fields.get("wechatId"), 64), trim(fields.get("company"), 200), null,
					trim(fields.get("productLine"), 64), null, null, null, null, null, null, null, null, "web-form",
					form.campaign(), trim(fields.get("notes"), 4000), null);
			transactions.retryingOnContention(() -> intake.create(lead, null));
			model.addAttribute("done", true);
		}
		catch (BusinessException e) {
			response.setStatus(e.status().value());
			model.addAttribute("error", messages.getMessage(e.messageKey(), e.args(), e.messageKey(), locale));
		}
		return "leads/web-form";
	}

	private static String trim(String s, int max) {
		if (s == null || s.isBlank()) {
			return null;
		}
		String t = s.trim();
		if (t.length() > max) {
			throw BusinessException.invalid("error.tooLong", max);
		}
		return t;
	}

}
