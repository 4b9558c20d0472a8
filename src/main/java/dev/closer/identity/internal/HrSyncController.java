package dev.closer.identity.internal;

import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.closer.shared.problem.BusinessException;
import dev.closer.shared.web.PageResult;

/** Admin page for HR sync: upload a CSV, see recent runs and every failed row (SPEC P2). */
@Controller
@RequestMapping("/admin/hr-sync")
class HrSyncController {

	private final HrSync sync;

	private final MessageSource messages;

	HrSyncController(HrSync sync, MessageSource messages) {
		this.sync = sync;
		this.messages = messages;
	}

	@GetMapping
	String page(@RequestParam(defaultValue = "0") int page, @RequestParam(required = false) Long run, Model model) {
		PageResult<HrSync.Run> runs = sync.runs(Math.max(0, page), 20);
		model.addAttribute("page", runs);
		Long shown = run != null ? run : runs.items().stream().filter(r -> r.failed() > 0).map(HrSync.Run::id).findFirst().orElse(null);
		if (shown != null) {
			model.addAttribute("shownRun", shown);
			model.addAttribute("failedRows", sync.failedRows(shown));
		}
		return "identity/hr-sync";
	}

	@PostMapping
	String upload(@RequestParam(name = "file", required = false) MultipartFile file, Locale locale,
			RedirectAttributes redirect) throws IOException {
		if (file == null || file.isEmpty()) {
			redirect.addFlashAttribute("flashError", messages.getMessage("error.hr.noFile", null, locale));
			return "redirect:/admin/hr-sync";
		}
		try {
			HrSync.Report report = sync.applyCsv(new InputStreamReader(file.getInputStream(), StandardCharsets.UTF_8),
					locale);
			redirect.addFlashAttribute("flash", messages.getMessage("hr.result",
					new Object[] { report.applied(), report.unchanged(), report.failed() }, locale));
			return "redirect:/admin/hr-sync?run=" + report.runId();
		}
		catch (BusinessException e) {
			String message = messages.getMessage(e.messageKey(), e.args(), e.messageKey(), locale);
			sync.recordFailure("CSV", message);
			redirect.addFlashAttribute("flashError", message);
			return "redirect:/admin/hr-sync";
		}
	}
}
