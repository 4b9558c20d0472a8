package dev.closer.activities.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.closer.shared.problem.BusinessException;
import dev.closer.shared.problem.NotFoundException;

/**
 * The scenario template editor (SPEC F2, P5), for admins: names, enabled, and up to
 * {@value TemplateDefinition#MAX_FIELDS} typed fields (choice options one per line: {@code CODE | English | 中文}).
 * Each save is a validated new version; follow-ups keep the version they used.
 */
@Controller
@RequestMapping("/admin/templates")
class TemplatePageController {

	static final int EXTRA_SLOTS = 3;

	private final ScenarioTemplates templates;

	private final MessageSource messages;

	TemplatePageController(ScenarioTemplates templates, MessageSource messages) {
		this.templates = templates;
		this.messages = messages;
	}

	@GetMapping
	String list(Model model) {
		model.addAttribute("templates", templates.current());
		return "activities/admin-templates";
	}

	@GetMapping("/new")
	String create(@RequestParam(required = false) String code, RedirectAttributes redirect, Locale locale) {
		String c = code == null ? "" : code.strip().toUpperCase(Locale.ROOT);
		if (!TemplateDefinition.CODE.matcher(c).matches()) {
			redirect.addFlashAttribute("flashError", messages.getMessage("error.template.code", new Object[] { c }, locale));
			return "redirect:/admin/templates";
		}
		return "redirect:/admin/templates/" + c;
	}

	@GetMapping("/{code}")
	String edit(@PathVariable String code, Model model) {
		if (!TemplateDefinition.CODE.matcher(code).matches()) {
			throw new NotFoundException("scenario_template", code);
		}
		Optional<ScenarioTemplates.Version> current = templates.current(code);
		TemplateDefinition definition = current.map(ScenarioTemplates.Version::definition)
			.orElse(new TemplateDefinition(Map.of(), true, List.of()));
		prepare(code, current.orElse(null), definition, model);
		return "activities/admin-template";
	}

	@PostMapping("/{code}")
	String save(@PathVariable String code, @RequestParam MultiValueMap<String, String> form,
			@RequestParam(required = false) String comment, Model model, RedirectAttributes redirect, Locale locale) {
		TemplateDefinition definition = null;
		try {
			definition = parse(form);
			ScenarioTemplates.Version saved = templates.save(code, definition, comment);
			redirect.addFlashAttribute("flash", messages.getMessage("template.saved", new Object[] { saved.version() }, locale));
			return "redirect:/admin/templates/" + code;
		}
		catch (BusinessException e) {
			if (e instanceof NotFoundException) {
				throw e;
			}
			model.addAttribute("flashError", messages.getMessage(e.messageKey(), e.args(), e.messageKey(), locale)
					+ (e.field() == null ? "" : " (" + e.field() + ")"));
			Optional<ScenarioTemplates.Version> current = templates.current(code);
			prepare(code, current.orElse(null),
					definition != null ? definition : current.map(ScenarioTemplates.Version::definition)
						.orElse(new TemplateDefinition(Map.of(), true, List.of())), model);
			return "activities/admin-template";
		}
	}

	private void prepare(String code, ScenarioTemplates.Version current, TemplateDefinition definition, Model model) {
		model.addAttribute("code", code);
		model.addAttribute("current", current);
		model.addAttribute("definition", definition);
		List<TemplateDefinition.Field> slots = new ArrayList<>(definition.fieldList());
		for (int i = 0; i < EXTRA_SLOTS && slots.size() < TemplateDefinition.MAX_FIELDS; i++) {
			slots.add(null);
		}
		model.addAttribute("slots", slots);
		model.addAttribute("types", TemplateDefinition.Type.values());
		model.addAttribute("history", current == null ? List.of() : templates.history(code));
	}

	/** The editor's form as a definition; a slot without a name and labels is unused. */
	static TemplateDefinition parse(MultiValueMap<String, String> form) {
		Map<String, String> names = labels(form.getFirst("name_en"), form.getFirst("name_zh"));
		boolean active = "true".equals(form.getFirst("active"));
		List<TemplateDefinition.Field> fields = new ArrayList<>();
		for (int i = 0; i < TemplateDefinition.MAX_FIELDS + EXTRA_SLOTS; i++) {
			String p = "f" + i + "_";
			String name = blankToNull(form.getFirst(p + "name"));
			String en = blankToNull(form.getFirst(p + "label_en"));
			String zh = blankToNull(form.getFirst(p + "label_zh"));
			if (name == null && en == null && zh == null) {
				continue;
			}
			int at = fields.size();
			TemplateDefinition.Type type;
			try {
				type = TemplateDefinition.Type.valueOf(String.valueOf(form.getFirst(p + "type")));
			}
			catch (IllegalArgumentException e) {
				throw BusinessException.invalidField("fields[" + at + "].type", "error.required");
			}
			boolean number = type == TemplateDefinition.Type.NUMBER;
			fields.add(new TemplateDefinition.Field(name, type, "true".equals(form.getFirst(p + "required")),
					labels(en, zh), number ? decimal(form.getFirst(p + "min"), "fields[" + at + "].min") : null,
					number ? decimal(form.getFirst(p + "max"), "fields[" + at + "].max") : null,
					number ? Boolean.valueOf("true".equals(form.getFirst(p + "integer"))) : null,
					type == TemplateDefinition.Type.TEXT ? integer(form.getFirst(p + "maxLength"), "fields[" + at + "].maxLength") : null,
					type == TemplateDefinition.Type.CHOICE ? options(form.getFirst(p + "options"), "fields[" + at + "].options") : null));
		}
		return new TemplateDefinition(names, active, fields);
	}

	private static Map<String, String> labels(String en, String zh) {
		Map<String, String> labels = new LinkedHashMap<>();
		if (blankToNull(en) != null) {
			labels.put("en", en.strip());
		}
		if (blankToNull(zh) != null) {
			labels.put("zh-CN", zh.strip());
		}
		return labels;
	}

	/** One option per line: {@code CODE | English | 中文}. */
	static List<TemplateDefinition.Option> options(String text, String field) {
		List<TemplateDefinition.Option> options = new ArrayList<>();
		if (text == null) {
			return options;
		}
		for (String line : text.split("\\R")) {
			if (line.isBlank()) {
				continue;
			}
			String[] parts = line.split("\\|", -1);
			if (parts.length != 3) {
				throw BusinessException.invalidField(field, "error.template.optionLine", line.strip());
			}
			options.add(new TemplateDefinition.Option(parts[0].strip().toUpperCase(Locale.ROOT),
					labels(parts[1], parts[2])));
		}
		return options;
	}

	private static BigDecimal decimal(String s, String field) {
		if (blankToNull(s) == null) {
			return null;
		}
		try {
			return new BigDecimal(s.strip());
		}
		catch (NumberFormatException e) {
			throw BusinessException.invalidField(field, "error.template.number", s);
		}
	}

	private static Integer integer(String s, String field) {
		if (blankToNull(s) == null) {
			return null;
		}
		try {
			return Integer.valueOf(s.strip());
		}
		catch (NumberFormatException e) {
			throw BusinessException.invalidField(field, "error.template.number", s);
		}
	}

	private static String blankToNull(String s) {
		return s == null || s.isBlank() ? null : s;
	}
}
