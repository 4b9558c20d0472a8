package dev.closer.leads.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.closer.leads.Grade;
import dev.closer.leads.internal.GradingRules.Criterion;
import dev.closer.leads.internal.GradingRules.GradeRule;
import dev.closer.leads.internal.GradingRules.Kind;
import dev.closer.shared.problem.BusinessException;

/**
 * The grading rules editor (SPEC L3, P5), for admins: up to {@value #SLOTS} rules tried in order, each a
 * grade and the criteria that must all hold. Saved as a new version after validation.
 */
@Controller
@RequestMapping("/admin/grading")
class GradingPageController {

	static final int SLOTS = 5;

	private final GradingRuleStore store;

	private final MessageSource messages;

	GradingPageController(GradingRuleStore store, MessageSource messages) {
		this.store = store;
		this.messages = messages;
	}

	@GetMapping
	String page(Model model) {
		GradingRuleStore.Versioned current = store.current();
		model.addAttribute("current", current);
		List<GradeRule> slots = new ArrayList<>(current.rules().rules());
		while (slots.size() < SLOTS) {
			slots.add(null);
		}
		model.addAttribute("slots", slots);
		model.addAttribute("kinds", Kind.values());
		model.addAttribute("history", store.history());
		return "leads/grading";
	}

	/**
	 * Form fields per slot i: {@code grade_i} (A, B or empty = unused), and per kind {@code k_i_KIND=on}
	 * with parameters {@code hours_i}, {@code amount_i}, {@code sources_i}, {@code industries_i}.
	 */
	@PostMapping
	String save(@RequestParam MultiValueMap<String, String> form, @RequestParam(required = false) String comment,
			RedirectAttributes redirect, Locale locale) {
		try {
			GradingRules rules = parse(form);
			GradingRuleStore.Versioned saved = store.save(rules, comment);
			redirect.addFlashAttribute("flash", messages.getMessage("grading.saved", new Object[] { saved.version() }, locale));
		}
		catch (BusinessException e) {
			redirect.addFlashAttribute("flashError", messages.getMessage(e.messageKey(), e.args(), e.messageKey(), locale));
		}
		return "redirect:/admin/grading";
	}

	static GradingRules parse(MultiValueMap<String, String> form) {
		List<GradeRule> rules = new ArrayList<>();
		for (int i = 0; i < SLOTS; i++) {
			String grade = form.getFirst("grade_" + i);
			if (grade == null || grade.isBlank()) {
				continue;
			}
			List<Criterion> criteria = new ArrayList<>();
			for (Kind kind : Kind.values()) {
				if (!"on".equals(form.getFirst("k_" + i + "_" + kind))) {
					continue;
				}
				criteria.add(switch (kind) {
					case FIRST_CONTACT_WITHIN_HOURS -> new Criterion(kind, integer(form.getFirst("hours_" + i)), null, null);
					case BUDGET_AT_LEAST -> new Criterion(kind, null, decimal(form.getFirst("amount_" + i)), null);
					case SOURCE_IN -> new Criterion(kind, null, null, list(form.getFirst("sources_" + i)));
					case INDUSTRY_IN -> new Criterion(kind, null, null, list(form.getFirst("industries_" + i)));
					default -> Criterion.of(kind);
				});
			}
			try {
				rules.add(new GradeRule(Grade.valueOf(grade), criteria));
			}
			catch (IllegalArgumentException e) {
				throw BusinessException.invalid("error.grading.grade");
			}
		}
		return new GradingRules(rules);
	}

	private static Integer integer(String s) {
		try {
			return s == null || s.isBlank() ? null : Integer.valueOf(s.trim());
		}
		catch (NumberFormatException e) {
			throw BusinessException.invalid("error.grading.hours");
		}
	}

	private static BigDecimal decimal(String s) {
		try {
			return s == null || s.isBlank() ? null : new BigDecimal(s.trim());
		}
		catch (NumberFormatException e) {
			throw BusinessException.invalid("error.grading.amount");
		}
	}

	private static List<String> list(String s) {
		if (s == null) {
			return List.of();
		}
		return Arrays.stream(s.split("[,，]")).map(String::trim).filter(v -> !v.isEmpty()).toList();
	}
}
