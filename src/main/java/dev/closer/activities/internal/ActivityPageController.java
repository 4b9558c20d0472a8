package dev.closer.activities.internal;

import java.net.URI;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.springframework.context.MessageSource;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.core.io.Resource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.closer.customers.ContactRef;
import dev.closer.customers.CustomerDirectory;
import dev.closer.customers.CustomerRef;
import dev.closer.leads.LeadActivityLink;
import dev.closer.leads.LeadSnapshot;
import dev.closer.shared.idempotency.Idempotency;
import dev.closer.shared.problem.BusinessException;
import dev.closer.shared.problem.NotFoundException;
import dev.closer.shared.security.CurrentUser;
import dev.closer.shared.tx.Transactions;

/**
 * The fast follow-up form (SPEC F1, F2), built for a phone: channel buttons, an optional scenario template whose
 * fields load in place (htmx), the four elements, next step and due date, one submit. A double tap on submit
 * records once (an idempotency key per form).
 */
@Controller
@RequestMapping("/activities")
class ActivityPageController {

	static final String FIELD_PREFIX = "f_";

	static final String VISIT_PREFIX = "v_";

	private final ActivityService service;

	private final ScenarioTemplates templates;

	private final CustomerDirectory customers;

	private final LeadActivityLink leads;

	private final Idempotency idempotency;

	private final Transactions transactions;

	private final MessageSource messages;

	private final java.time.Clock clock;

	private final Visits visits;

	ActivityPageController(ActivityService service, ScenarioTemplates templates, CustomerDirectory customers,
			LeadActivityLink leads, Idempotency idempotency, Transactions transactions, MessageSource messages,
			java.time.Clock clock, Visits visits) {
		this.visits = visits;
		this.service = service;
		this.templates = templates;
		this.customers = customers;
		this.leads = leads;
		this.idempotency = idempotency;
		this.transactions = transactions;
		this.messages = messages;
		this.clock = clock;
	}

	@GetMapping("/new")
	String form(CurrentUser me, @RequestParam(required = false) Long customerId,
			@RequestParam(required = false) Long leadId, @RequestParam(required = false) String templateCode,
			Model model) {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("channel", "CALL");
		if (templateCode != null) {
			form.put("templateCode", templateCode);
		}
		prepare(me, customerId, leadId, form, Map.of(), UUID.randomUUID().toString(), model);
		return "activities/new";
	}

	@GetMapping("/template-fields")
	String templateFields(@RequestParam(required = false) String templateCode, Model model) {
		model.addAttribute("tpl", template(templateCode));
		model.addAttribute("values", Map.of());
		return "activities/new :: templateFields";
	}

	@PostMapping("/new")
	String record(CurrentUser me, @RequestParam MultiValueMap<String, String> params,
			@RequestParam(name = "photo", required = false) List<MultipartFile> photos,
			@RequestParam(name = "attachments", required = false) List<MultipartFile> attachments, Model model,
			RedirectAttributes redirect, Locale locale) {
		Map<String, String> form = new LinkedHashMap<>();
		Map<String, Object> values = new LinkedHashMap<>();
		Map<String, Object> visit = new LinkedHashMap<>();
		params.forEach((name, list) -> {
			String value = list.isEmpty() ? null : list.get(0);
			if (name.startsWith(FIELD_PREFIX)) {
				values.put(name.substring(FIELD_PREFIX.length()), value);
			}
			else if (name.startsWith(VISIT_PREFIX)) {
				if (value != null && !value.isBlank()) {
					visit.put(name.substring(VISIT_PREFIX.length()), value);
				}
			}
			else {
				form.put(name, value);
			}
		});
		boolean isVisit = "VISIT".equals(form.get("channel"));
		Long customerId = id(form.get("customerId"));
		Long leadId = id(form.get("leadId"));
		String key = form.get("idempotencyKey");
		try {
			ActivityRequest request = new ActivityRequest(customerId, leadId, id(form.get("contactId")),
					form.get("channel"), form.get("input"), form.get("action"), form.get("output"), form.get("blocker"),
					form.get("templateCode"), values, form.get("nextStep"), date(form.get("nextStepDue")), null,
					isVisit ? visit : null);
			Uploads uploads = new Uploads(isVisit ? photos : List.of(), attachments);
			transactions.retryingOnContention(() -> idempotency.once(key, me.username(), "POST /activities/new",
					request, () -> {
						ActivityView view = service.record(request, me, locale, uploads);
						return ResponseEntity.created(URI.create("/api/activities/" + view.id())).build();
					}));
			redirect.addFlashAttribute("flash", messages.getMessage("activity.recorded", null, locale));
			return "redirect:" + (customerId != null ? "/customers/" + customerId : "/leads/" + leadId);
		}
		catch (NotFoundException e) {
			throw e;
		}
		catch (BusinessException e) {
			model.addAttribute("error", messages.getMessage(e.messageKey(), e.args(), e.messageKey(), locale));
			model.addAttribute("errorField", e.field());
			model.addAttribute("visitValues", visit);
			model.addAttribute("filesLost", (photos != null && photos.stream().anyMatch(f -> !f.isEmpty()))
					|| (attachments != null && attachments.stream().anyMatch(f -> !f.isEmpty())));
			prepare(me, customerId, leadId, form, values, key == null ? UUID.randomUUID().toString() : key, model);
			return "activities/new";
		}
	}

	/** A follow-up's file (photo, attachment), for whoever may see the follow-up. */
	@GetMapping("/{id}/files/{fileId}")
	ResponseEntity<Resource> file(CurrentUser me, @PathVariable long id, @PathVariable long fileId) {
		return visits.download(id, fileId, me);
	}

	/** Completing a follow-up's evidence: visit essentials, photos, attachments (F3). */
	@GetMapping("/{id}/evidence")
	String evidence(CurrentUser me, @PathVariable long id, @RequestParam(required = false) String back, Model model) {
		ActivityView view = visits.visible(id, me);
		model.addAttribute("back", safeBack(back));
		model.addAttribute("item", view);
		model.addAttribute("visitTpl", templates.visit());
		model.addAttribute("visitValues", view.visit() == null ? Map.of() : view.visit().values());
		return "activities/evidence";
	}

	@PostMapping("/{id}/evidence")
	String amend(CurrentUser me, @PathVariable long id, @RequestParam MultiValueMap<String, String> params,
			@RequestParam(name = "photo", required = false) List<MultipartFile> photos,
			@RequestParam(name = "attachments", required = false) List<MultipartFile> attachments,
			@RequestParam(required = false) String back, Model model, RedirectAttributes redirect, Locale locale) {
		Map<String, Object> visit = new LinkedHashMap<>();
		params.forEach((name, list) -> {
			if (name.startsWith(VISIT_PREFIX) && !list.isEmpty() && list.get(0) != null && !list.get(0).isBlank()) {
				visit.put(name.substring(VISIT_PREFIX.length()), list.get(0));
			}
		});
		try {
			ActivityView view = visits.amend(id, visit, new Uploads(photos, attachments), me, locale);
			redirect.addFlashAttribute("flash", messages.getMessage("visit.amended", null, locale));
			return "redirect:" + (safeBack(back) != null ? safeBack(back) : view.link());
		}
		catch (NotFoundException e) {
			throw e;
		}
		catch (BusinessException e) {
			ActivityView view = visits.visible(id, me);
			model.addAttribute("error", messages.getMessage(e.messageKey(), e.args(), e.messageKey(), locale));
			model.addAttribute("errorField", e.field());
			model.addAttribute("item", view);
			model.addAttribute("visitTpl", templates.visit());
			Map<String, Object> shown = new LinkedHashMap<>(view.visit() == null ? Map.of() : view.visit().values());
			shown.putAll(visit);
			model.addAttribute("visitValues", shown);
			model.addAttribute("back", safeBack(back));
			return "activities/evidence";
		}
	}

	private void prepare(CurrentUser me, Long customerId, Long leadId, Map<String, String> form,
			Map<String, Object> values, String key, Model model) {
		if ((customerId == null) == (leadId == null)) {
			throw BusinessException.invalidField("customerId", "error.activity.subject");
		}
		if (customerId != null) {
			CustomerRef customer = customers.find(customerId, me)
				.orElseThrow(() -> new NotFoundException("customer", customerId));
			model.addAttribute("subjectName", customer.name());
			model.addAttribute("subjectLink", "/customers/" + customerId);
			List<ContactRef> contacts = customers.contacts(customerId);
			model.addAttribute("contacts", contacts);
		}
		else {
			LeadSnapshot lead = leads.subject(leadId, me).orElseThrow(() -> new NotFoundException("lead", leadId));
			model.addAttribute("subjectName", lead.label());
			model.addAttribute("subjectLink", "/leads/" + leadId);
			model.addAttribute("contacts", List.of());
		}
		model.addAttribute("customerId", customerId);
		model.addAttribute("leadId", leadId);
		model.addAttribute("form", form);
		model.addAttribute("values", values);
		model.addAttribute("channels", Channel.values());
		model.addAttribute("templates", templates.scenarios());
		model.addAttribute("visitTpl", templates.visit());
		if (!model.containsAttribute("visitValues")) {
			model.addAttribute("visitValues", Map.of());
		}
		model.addAttribute("tpl", template(form.get("templateCode")));
		model.addAttribute("idempotencyKey", key);
		model.addAttribute("today", LocalDate.now(clock.withZone(me.zoneId())).toString());
	}

	private ScenarioTemplates.Version template(String code) {
		if (code == null || code.isBlank()) {
			return null;
		}
		return templates.current(code.strip())
			.filter(t -> t.definition().enabled() && !ScenarioTemplates.VISIT.equals(t.code()))
			.orElse(null);
	}

	/** A local path to return to (never another site). */
	private static String safeBack(String back) {
		return back != null && back.startsWith("/") && !back.startsWith("//") && !back.contains("\\") ? back : null;
	}

	private static Long id(String s) {
		if (s == null || s.isBlank()) {
			return null;
		}
		try {
			return Long.valueOf(s.strip());
		}
		catch (NumberFormatException e) {
			throw BusinessException.invalidField("customerId", "error.activity.subject");
		}
	}

	private static LocalDate date(String s) {
		if (s == null || s.isBlank()) {
			return null;
		}
		try {
			return LocalDate.parse(s.strip());
		}
		catch (DateTimeParseException e) {
			throw BusinessException.invalidField("nextStepDue", "error.activity.dueFormat");
		}
	}
}
