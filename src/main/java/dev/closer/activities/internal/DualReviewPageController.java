package dev.closer.activities.internal;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.context.MessageSource;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.closer.activities.internal.DualReviewSampler.IsoWeek;
import dev.closer.identity.TeamSummary;
import dev.closer.identity.UserDirectory;
import dev.closer.shared.export.XlsxExport;
import dev.closer.shared.problem.BusinessException;
import dev.closer.shared.problem.NotFoundException;
import dev.closer.shared.security.CurrentUser;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pages of the weekly dual review (SPEC F7): my pending items and the draws by week, a draw, an item with the
 * follow-up and both reviews (and my tag form); the knowledge base with filters, paging and XLSX export; the admin
 * page of the rule (JSON, versioned) with "draw now for week X".
 */
@Controller
class DualReviewPageController {

	private final DualReviews reviews;

	private final DualReviewDraws draws;

	private final KnowledgeBase knowledge;

	private final ActivityRules rules;

	private final ScenarioTemplates templates;

	private final UserDirectory users;

	private final JsonMapper json;

	private final MessageSource messages;

	private final java.time.Clock clock;

	DualReviewPageController(DualReviews reviews, DualReviewDraws draws, KnowledgeBase knowledge, ActivityRules rules,
			ScenarioTemplates templates, UserDirectory users, JsonMapper json, MessageSource messages,
			java.time.Clock clock) {
		this.clock = clock;
		this.reviews = reviews;
		this.draws = draws;
		this.knowledge = knowledge;
		this.rules = rules;
		this.templates = templates;
		this.users = users;
		this.json = json;
		this.messages = messages;
	}

	private Map<String, String> scenarioNames(Locale locale) {
		Map<String, String> names = new LinkedHashMap<>();
		templates.scenarios().forEach(v -> names.put(v.code(), v.name(locale)));
		return names;
	}

	@GetMapping("/activities/dual-review")
	String page(CurrentUser me, @RequestParam(required = false) String week, Model model, Locale locale) {
		model.addAttribute("pending", reviews.pending(me));
		String filter = week == null || week.isBlank() ? null : week;
		try {
			model.addAttribute("draws", reviews.draws(me, filter, 200));
		}
		catch (BusinessException e) {
			model.addAttribute("flashError", error(e, locale));
			model.addAttribute("draws", reviews.draws(me, null, 200));
			filter = null;
		}
		model.addAttribute("week", filter);
		model.addAttribute("scenarioNames", scenarioNames(locale));
		return "activities/dual-review";
	}

	@GetMapping("/activities/dual-review/draws/{id}")
	String draw(CurrentUser me, @PathVariable long id, Model model, Locale locale) {
		var d = reviews.draw(me, id);
		model.addAttribute("draw", d.getKey());
		model.addAttribute("items", d.getValue());
		model.addAttribute("scenarioNames", scenarioNames(locale));
		return "activities/dual-review-draw";
	}

	@GetMapping("/activities/dual-review/items/{id}")
	String item(CurrentUser me, @PathVariable long id, Model model, Locale locale) {
		DualReviews.Item item = reviews.item(me, id);
		model.addAttribute("item", item);
		model.addAttribute("mine", item.slotOf(me.id()).orElse(null));
		model.addAttribute("scenarioNames", scenarioNames(locale));
		return "activities/dual-review-item";
	}

	@PostMapping("/activities/dual-review/items/{id}/tag")
	String tag(CurrentUser me, @PathVariable long id, @RequestParam(required = false) String tag,
			@RequestParam(required = false) String comment, RedirectAttributes redirect, Locale locale) {
		try {
			reviews.tag(me, id, tag, comment);
			redirect.addFlashAttribute("flash", messages.getMessage("dualReview.tagged", null, locale));
		}
		catch (NotFoundException e) {
			throw e;
		}
		catch (BusinessException e) {
			redirect.addFlashAttribute("flashError", error(e, locale));
		}
		return "redirect:/activities/dual-review/items/" + id;
	}

	@GetMapping("/knowledge")
	String knowledge(CurrentUser me, @RequestParam(required = false) String scenario,
			@RequestParam(required = false) String tag, @RequestParam(required = false) String q,
			@RequestParam(required = false) Long teamId, @RequestParam(defaultValue = "0") int page, Model model,
			Locale locale) {
		KnowledgeBase.Filter filter;
		try {
			filter = KnowledgeBase.Filter.of(scenario, tag, q, teamId);
		}
		catch (BusinessException e) {
			model.addAttribute("flashError", error(e, locale));
			filter = KnowledgeBase.Filter.of(null, null, null, null);
		}
		model.addAttribute("filter", filter);
		model.addAttribute("page", knowledge.search(me, filter, Math.max(0, page), 20));
		Map<String, String> names = scenarioNames(locale);
		knowledge.scenarios(me).forEach(code -> names.putIfAbsent(code, code));
		model.addAttribute("scenarioNames", names);
		model.addAttribute("teams", teams(me));
		return "activities/knowledge";
	}

	private List<TeamSummary> teams(CurrentUser me) {
		if (!me.isManagerial()) {
			return List.of();
		}
		return users.teams();
	}

	@GetMapping("/knowledge/export")
	ResponseEntity<StreamingResponseBody> export(CurrentUser me, @RequestParam(required = false) String scenario,
			@RequestParam(required = false) String tag, @RequestParam(required = false) String q,
			@RequestParam(required = false) Long teamId, Locale locale) {
		return export(knowledge, messages, me, KnowledgeBase.Filter.of(scenario, tag, q, teamId), locale);
	}

	static ResponseEntity<StreamingResponseBody> export(KnowledgeBase knowledge, MessageSource messages, CurrentUser me,
			KnowledgeBase.Filter filter, Locale locale) {
		List<String> headers = Arrays.asList("ID", m(messages, "dualReview.col.week", locale),
				m(messages, "user.team", locale), m(messages, "dualReview.col.scenario", locale),
				m(messages, "dualReview.col.customer", locale), m(messages, "dualReview.col.author", locale),
				m(messages, "dualReview.col.occurred", locale), m(messages, "activity.input", locale),
				m(messages, "activity.action", locale), m(messages, "activity.output", locale),
				m(messages, "dualReview.col.tags", locale), m(messages, "dualReview.col.comments", locale));
		return XlsxExport.download("knowledge-base.xlsx", m(messages, "knowledge.title", locale), headers, me.zoneId(),
				sink -> knowledge.each(me, filter, e -> sink.row(Arrays.asList(e.activityId(), e.week(), e.teamName(),
						e.templateCode(), e.subjectName(), e.authorName(), e.occurredAt(), e.input(), e.action(), e.output(),
						e.reviews().stream().map(r -> m(messages, "dualReview.tag." + r.tag(), locale)).distinct()
							.collect(Collectors.joining(", ")),
						e.reviews().stream().map(r -> r.reviewerName() + ": " + r.comment()).collect(Collectors.joining("\n"))))));
	}

	@GetMapping("/admin/dual-review-rule")
	String rule(Model model) {
		var current = rules.dualReview();
		model.addAttribute("text", json.writerWithDefaultPrettyPrinter().writeValueAsString(current.definition()));
		prepare(model);
		return "activities/admin-dual-review";
	}

	@PostMapping("/admin/dual-review-rule")
	String saveRule(@RequestParam(required = false) String text, @RequestParam(required = false) String comment,
			Model model, RedirectAttributes redirect, Locale locale) {
		try {
			DualReviewRule rule;
			try {
				rule = text == null || text.isBlank() ? null : json.readValue(text, DualReviewRule.class);
			}
			catch (JacksonException e) {
				String why = e.getOriginalMessage();
				throw BusinessException.invalidField("rule", "error.transcript.json", why == null ? "" : why);
			}
			var saved = rules.saveDualReview(rule, comment);
			redirect.addFlashAttribute("flash", messages.getMessage("template.saved", new Object[] { saved.version() }, locale));
			return "redirect:/admin/dual-review-rule";
		}
		catch (BusinessException e) {
			model.addAttribute("flashError", error(e, locale));
			model.addAttribute("text", text);
			prepare(model);
			return "activities/admin-dual-review";
		}
	}

	@PostMapping("/admin/dual-review-rule/draw")
	String drawNow(CurrentUser me, @RequestParam(required = false) String week, RedirectAttributes redirect,
			Locale locale) {
		try {
			IsoWeek w = IsoWeek.parse(week, "week");
			int made = 0;
			int drawn = 0;
			for (TeamSummary team : users.teams()) {
				var outcome = draws.draw(team.id(), w, "MANUAL", me.username(), true);
				if (outcome.created()) {
					made++;
					drawn += outcome.drawn().size();
				}
			}
			redirect.addFlashAttribute("flash",
					messages.getMessage("dualReview.drawn", new Object[] { w.code(), made, drawn }, locale));
		}
		catch (BusinessException e) {
			redirect.addFlashAttribute("flashError", error(e, locale));
		}
		return "redirect:/admin/dual-review-rule";
	}

	private void prepare(Model model) {
		model.addAttribute("current", rules.dualReview());
		model.addAttribute("history", rules.history(ActivityRules.DUAL_REVIEW));
		model.addAttribute("lastWeek", IsoWeek.of(java.time.LocalDate.ofInstant(clock.instant(),
				DualReviewSampler.ZONE)).previous().code());
	}

	private String error(BusinessException e, Locale locale) {
		return messages.getMessage(e.messageKey(), e.args(), e.messageKey(), locale)
				+ (e.field() == null ? "" : " (" + e.field() + ")");
	}

	private static String m(MessageSource messages, String key, Locale locale) {
		return messages.getMessage(key, null, key, locale);
	}
}
