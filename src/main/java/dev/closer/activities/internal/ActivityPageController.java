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
import org.springframework.web.bind.annotation.GetMapping;
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

	private final ActivityService service;

	private final ScenarioTemplates templates;

	private final CustomerDirectory customers;

	private final LeadActivityLink leads;

	private final Idempotency idempotency;

	private final Transactions transactions;

	private final MessageSource messages;

	private final java.time.Clock clock;

	ActivityPageController(ActivityService service, ScenarioTemplates templates, CustomerDirectory customers,
			LeadActivityLink leads, Idempotency idempotency, Transactions transactions, MessageSource messages,
			java.time.Clock clock) {
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
	String record(CurrentUser me, @RequestParam MultiValueMap<String, String> params, Model model,
			RedirectAttributes redirect, Locale locale) {
		Map<String, String> form = new LinkedHashMap<>();
		Map<String, Object> values = new LinkedHashMap<>();
		params.forEach((name, list) -> {
			String value = list.isEmpty() ? null : list.get(0);
			if (name.startsWith(FIELD_PREFIX)) {
				values.put(name.substring(FIELD_PREFIX.length()), value);
			}
			else {
				form.put(name, value);
			}
		});
		Long customerId = id(form.get("customerId"));
		Long leadId = id(form.get("leadId"));
		String key = form.get("idempotencyKey");
		try {
			ActivityRequest request = new ActivityRequest(customerId, leadId, id(form.get("contactId")),
					form.get("channel"), form.get("input"), form.get("action"), form.get("output"), form.get("blocker"),
					form.get("templateCode"), values, form.get("nextStep"), date(form.get("nextStepDue")), null);
			transactions.retryingOnContention(() -> idempotency.once(key, me.username(), "POST /activities/new",
					request, () -> {
						ActivityView view = service.record(request, me, locale);
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
			prepare(me, customerId, leadId, form, values, key == null ? UUID.randomUUID().toString() : key, model);
			return "activities/new";
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
		model.addAttribute("templates", templates.current().stream().filter(t -> t.definition().enabled()).toList());
		model.addAttribute("tpl", template(form.get("templateCode")));
		model.addAttribute("idempotencyKey", key);
		model.addAttribute("today", LocalDate.now(clock.withZone(me.zoneId())).toString());
	}

	private ScenarioTemplates.Version template(String code) {
		if (code == null || code.isBlank()) {
			return null;
		}
		return templates.current(code.strip()).filter(t -> t.definition().enabled()).orElse(null);
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
