package dev.closer.activities.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.closer.shared.problem.BusinessException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Admin pages of the rule data of F4-F6 (P5): the keyword dictionary as lines
 * ({@code CODE | English | 中文 | 中文词、… | english term, …}) and the quality rule as JSON. Each save is a validated,
 * audited new version; the page lists the versions.
 */
@Controller
@RequestMapping("/admin")
class RulesPageController {

	private final ActivityRules rules;

	private final JsonMapper json;

	private final MessageSource messages;

	RulesPageController(ActivityRules rules, JsonMapper json, MessageSource messages) {
		this.rules = rules;
		this.json = json;
		this.messages = messages;
	}

	@GetMapping("/keyword-dictionary")
	String keywords(Model model) {
		var current = rules.keywords();
		model.addAttribute("text", lines(current.definition()));
		prepare(model, current, ActivityRules.KEYWORDS);
		return "activities/admin-keywords";
	}

	@PostMapping("/keyword-dictionary")
	String saveKeywords(@RequestParam(required = false) String text, @RequestParam(required = false) String comment,
			Model model, RedirectAttributes redirect, Locale locale) {
		try {
			var saved = rules.saveKeywords(parse(text), comment);
			redirect.addFlashAttribute("flash", messages.getMessage("template.saved", new Object[] { saved.version() }, locale));
			return "redirect:/admin/keyword-dictionary";
		}
		catch (BusinessException e) {
			model.addAttribute("flashError", error(e, locale));
			model.addAttribute("text", text);
			prepare(model, rules.keywords(), ActivityRules.KEYWORDS);
			return "activities/admin-keywords";
		}
	}

	@GetMapping("/quality-rule")
	String quality(Model model) {
		var current = rules.quality();
		model.addAttribute("text", json.writerWithDefaultPrettyPrinter().writeValueAsString(current.definition()));
		prepare(model, current, ActivityRules.QUALITY);
		return "activities/admin-quality";
	}

	@PostMapping("/quality-rule")
	String saveQuality(@RequestParam(required = false) String text, @RequestParam(required = false) String comment,
			Model model, RedirectAttributes redirect, Locale locale) {
		try {
			QualityRule rule;
			try {
				rule = text == null || text.isBlank() ? null : json.readValue(text, QualityRule.class);
			}
			catch (JacksonException e) {
				String why = e.getOriginalMessage();
				throw BusinessException.invalidField("rule", "error.transcript.json", why == null ? "" : why);
			}
			var saved = rules.saveQuality(rule, comment);
			redirect.addFlashAttribute("flash", messages.getMessage("template.saved", new Object[] { saved.version() }, locale));
			return "redirect:/admin/quality-rule";
		}
		catch (BusinessException e) {
			model.addAttribute("flashError", error(e, locale));
			model.addAttribute("text", text);
			prepare(model, rules.quality(), ActivityRules.QUALITY);
			return "activities/admin-quality";
		}
	}

	private void prepare(Model model, ActivityRules.Version<?> current, String kind) {
		model.addAttribute("current", current);
		model.addAttribute("history", rules.history(kind));
	}

	private String error(BusinessException e, Locale locale) {
		return messages.getMessage(e.messageKey(), e.args(), e.messageKey(), locale)
				+ (e.field() == null ? "" : " (" + e.field() + ")");
	}

	static String lines(KeywordDictionary d) {
		StringBuilder b = new StringBuilder();
		for (KeywordDictionary.Topic t : d.topicList()) {
			b.append(t.code()).append(" | ").append(t.labels().getOrDefault("en", "")).append(" | ")
				.append(t.labels().getOrDefault("zh-CN", "")).append(" | ").append(String.join("、", t.zhTerms()))
				.append(" | ").append(String.join(", ", t.enTerms())).append('\n');
		}
		return b.toString();
	}

	/** One topic per line: {@code CODE | English | 中文 | 中文词、… | english term, …}. */
	static KeywordDictionary parse(String text) {
		List<KeywordDictionary.Topic> topics = new ArrayList<>();
		if (text != null) {
			for (String line : text.split("\\R")) {
				if (line.isBlank()) {
					continue;
				}
				String[] parts = line.split("\\|", -1);
				if (parts.length != 5) {
					throw BusinessException.invalidField("topics[" + topics.size() + "]", "error.keywords.line", line.strip());
				}
				Map<String, String> labels = new LinkedHashMap<>();
				labels.put("en", parts[1].strip());
				labels.put("zh-CN", parts[2].strip());
				topics.add(new KeywordDictionary.Topic(parts[0].strip().toUpperCase(Locale.ROOT), labels, terms(parts[3]),
						terms(parts[4])));
			}
		}
		return new KeywordDictionary(topics);
	}

	private static List<String> terms(String s) {
		if (s.isBlank()) {
			return List.of();
		}
		return Arrays.stream(s.split("[、,，;；]", -1)).map(String::strip).toList();
	}
}
