package dev.closer.leads.internal;

import java.util.List;
import java.util.Locale;

import org.springframework.context.MessageSource;
import org.springframework.core.io.Resource;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

import dev.closer.identity.TeamSummary;
import dev.closer.identity.UserDirectory;
import dev.closer.shared.problem.BusinessException;
import dev.closer.shared.security.CurrentUser;
import dev.closer.shared.security.DataScope;
import dev.closer.shared.security.DataScopes;

/** Lead import pages: the upload form, and a job's page with an htmx-polled progress bar. */
@Controller
@RequestMapping("/leads")
class ImportPageController {

	private final ImportService imports;

	private final DataScopes scopes;

	private final UserDirectory users;

	private final MessageSource messages;

	ImportPageController(ImportService imports, DataScopes scopes, UserDirectory users, MessageSource messages) {
		this.imports = imports;
		this.scopes = scopes;
		this.users = users;
		this.messages = messages;
	}

	@GetMapping("/import")
	String form(CurrentUser me, Locale locale, Model model) {
		return form(me, locale, model, null, null, ImportJob.Mode.ALL_OR_NOTHING);
	}

	private String form(CurrentUser me, Locale locale, Model model, String error, Long teamId, ImportJob.Mode mode) {
		var scope = scopes.of(me);
		List<TeamSummary> teams = users.teams().stream()
			.filter(t -> scope.level() == DataScope.Level.ALL || scope.teamIds().contains(t.id())
					|| (me.teamId() != null && me.teamId() == t.id()))
			.toList();
		model.addAttribute("teams", teams);
		model.addAttribute("teamId", teamId != null ? teamId : me.teamId());
		model.addAttribute("mode", mode == null ? ImportJob.Mode.ALL_OR_NOTHING : mode);
		model.addAttribute("modes", ImportJob.Mode.values());
		model.addAttribute("error", error);
		model.addAttribute("recent", imports.recent(me).stream().map(j -> imports.view(j, locale, "/leads/imports/")).toList());
		return "leads/import";
	}

	@PostMapping("/import")
	String upload(CurrentUser me, @RequestParam(name = "file", required = false) MultipartFile file,
			@RequestParam(required = false) Long teamId, @RequestParam(required = false) ImportJob.Mode mode,
			Locale locale, Model model) {
		try {
			ImportJob job = ImportApiController.accept(imports, file, teamId,
					mode == null ? ImportJob.Mode.ALL_OR_NOTHING : mode, null, me, locale);
			return "redirect:/leads/imports/" + job.id();
		}
		catch (BusinessException e) {
			return form(me, locale, model, messages.getMessage(e.messageKey(), e.args(), e.messageKey(), locale), teamId,
					mode);
		}
	}

	@GetMapping("/imports/{id}")
	String job(CurrentUser me, @PathVariable long id, Locale locale, Model model) {
		model.addAttribute("job", imports.view(ImportApiController.find(imports, me, id), locale, "/leads/imports/"));
		return "leads/import-job";
	}

	@GetMapping("/imports/{id}/progress")
	String progress(CurrentUser me, @PathVariable long id, Locale locale, Model model) {
		model.addAttribute("job", imports.view(ImportApiController.find(imports, me, id), locale, "/leads/imports/"));
		return "leads/import-job :: progress";
	}

	@GetMapping("/imports/{id}/errors.xlsx")
	ResponseEntity<Resource> errors(CurrentUser me, @PathVariable long id) {
		return ImportApiController.report(ImportApiController.find(imports, me, id));
	}
}
