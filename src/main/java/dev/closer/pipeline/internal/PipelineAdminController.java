package dev.closer.pipeline.internal;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.closer.shared.problem.BusinessException;
import dev.closer.shared.problem.NotFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Admin pages for stage templates (O1, P5) and the red/yellow thresholds (S3): the list with each template's
 * stages, and an editor of one template's definition as JSON; each save is a validated new version.
 */
@Controller
@RequestMapping("/admin/pipeline")
class PipelineAdminController {

	private final StageTemplates templates;

	private final HealthPolicies policies;

	private final JsonMapper json;

	private final MessageSource messages;

	PipelineAdminController(StageTemplates templates, HealthPolicies policies, JsonMapper json,
			MessageSource messages) {
		this.templates = templates;
		this.policies = policies;
		this.json = json;
		this.messages = messages;
	}

	@GetMapping
	String list(Model model) {
		model.addAttribute("templates", templates.current());
		model.addAttribute("policy", policies.current());
		return "pipeline/admin-templates";
	}

	@PostMapping("/health-policy")
	String policy(@RequestParam(required = false) Integer yellowHours, @RequestParam(required = false) Integer redHours,
			@RequestParam(required = false) String comment, RedirectAttributes redirect, Locale locale) {
		try {
			policies.save(yellowHours, redHours, comment);
			redirect.addFlashAttribute("flash", messages.getMessage("common.saved", null, locale));
		}
		catch (BusinessException e) {
			redirect.addFlashAttribute("flashError", messages.getMessage(e.messageKey(), e.args(), locale));
		}
		return "redirect:/admin/pipeline";
	}

	@GetMapping("/{code}")
	String edit(@PathVariable String code, Model model) {
		if (!StageTemplate.CODE.matcher(code).matches()) {
			throw new NotFoundException("pipeline_template", code);
		}
		Optional<StageTemplates.Version> current = templates.current(code);
		StageTemplate definition = current.map(StageTemplates.Version::definition)
			.orElse(new StageTemplate(Map.of("en", "", "zh-CN", ""), List.of(), List.of()));
		prepare(code, current.orElse(null), pretty(definition), model);
		return "pipeline/admin-template";
	}

	@PostMapping("/{code}")
	String save(@PathVariable String code, @RequestParam(required = false) String definition,
			@RequestParam(required = false) String comment, Model model, RedirectAttributes redirect, Locale locale) {
		try {
			StageTemplate parsed;
			try {
				parsed = json.readValue(definition == null ? "" : definition, StageTemplate.class);
			}
			catch (JacksonException e) {
				throw BusinessException.invalidField("definition", "error.pipelineTemplate.json",
						e.getOriginalMessage());
			}
			StageTemplates.Version saved = templates.save(code, parsed, comment);
			redirect.addFlashAttribute("flash",
					messages.getMessage("pipeline.admin.saved", new Object[] { saved.version() }, locale));
			return "redirect:/admin/pipeline/" + code;
		}
		catch (BusinessException e) {
			if (e instanceof NotFoundException) {
				throw e;
			}
			model.addAttribute("flashError", messages.getMessage(e.messageKey(), e.args(), e.messageKey(), locale)
					+ (e.field() == null ? "" : " (" + e.field() + ")"));
			prepare(code, templates.current(code).orElse(null), definition, model);
			return "pipeline/admin-template";
		}
	}

	private void prepare(String code, StageTemplates.Version current, String definition, Model model) {
		model.addAttribute("code", code);
		model.addAttribute("current", current);
		model.addAttribute("definition", definition);
		model.addAttribute("history", current == null ? List.of() : templates.history(code));
	}

	private String pretty(StageTemplate definition) {
		return json.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(definition);
	}
}
