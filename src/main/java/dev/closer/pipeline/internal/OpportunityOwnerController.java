package dev.closer.pipeline.internal;

import java.util.Locale;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.closer.shared.problem.BusinessException;
import dev.closer.shared.problem.NotFoundException;
import dev.closer.shared.security.CurrentUser;
import dev.closer.shared.security.DataScopes;

/** Owner reassignment of an opportunity on its page (the API is {@link OpportunityOwnerApiController}). */
@Controller
class OpportunityOwnerController {

	private final OpportunityOwners owners;

	private final OpportunityQueries queries;

	private final DataScopes scopes;

	private final MessageSource messages;

	OpportunityOwnerController(OpportunityOwners owners, OpportunityQueries queries, DataScopes scopes,
			MessageSource messages) {
		this.owners = owners;
		this.queries = queries;
		this.scopes = scopes;
		this.messages = messages;
	}

	/** The form, loaded into the opportunity page for managers (htmx); empty for everyone else. */
	@GetMapping("/opportunities/{id}/owner-form")
	String form(CurrentUser me, @PathVariable long id, Model model) {
		OpportunityView o = queries.find(id, scopes.of(me)).orElseThrow(() -> new NotFoundException("opportunity", id));
		model.addAttribute("o", o);
		model.addAttribute("show", me.isManagerial() && o.open());
		model.addAttribute("candidates", owners.candidates(o.teamId()));
		return "pipeline/owner :: form";
	}

	@PostMapping("/opportunities/{id}/owner")
	String reassignByForm(CurrentUser me, @PathVariable long id, @RequestParam(required = false) Long ownerId,
			@RequestParam(required = false) String reason, RedirectAttributes redirect, Locale locale) {
		try {
			owners.reassign(id, ownerId, reason, me);
			redirect.addFlashAttribute("flash", messages.getMessage("opportunity.ownerChanged", null, locale));
		}
		catch (NotFoundException e) {
			throw e;
		}
		catch (BusinessException e) {
			redirect.addFlashAttribute("flashError", messages.getMessage(e.messageKey(), e.args(), e.messageKey(), locale));
		}
		return "redirect:/opportunities/" + id;
	}
}
