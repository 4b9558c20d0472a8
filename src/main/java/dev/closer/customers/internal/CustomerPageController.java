package dev.closer.customers.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.context.MessageSource;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.closer.customers.CustomerTimelineSource;
import dev.closer.customers.internal.CustomerRequests.ContactRequest;
import dev.closer.identity.TeamSummary;
import dev.closer.identity.UserDirectory;
import dev.closer.identity.UserSummary;
import dev.closer.leads.LeadConversions;
import dev.closer.leads.LeadSnapshot;
import dev.closer.shared.audit.AuditLog;
import dev.closer.shared.export.XlsxExport;
import dev.closer.shared.problem.BusinessException;
import dev.closer.shared.problem.NotFoundException;
import dev.closer.shared.security.CurrentUser;
import dev.closer.shared.security.DataScope;
import dev.closer.shared.security.DataScopes;
import dev.closer.shared.security.Role;
import dev.closer.shared.tx.Transactions;
import dev.closer.shared.web.PageResult;

/** Customer pages: the scoped list with export, the customer space (C7 base), new customer and lead conversion. */
@Controller
@RequestMapping("/customers")
class CustomerPageController {

	static final int TIMELINE = 100;

	private final CustomerQueries queries;

	private final CustomerService service;

	private final LeadConversions conversions;

	private final DataScopes scopes;

	private final UserDirectory users;

	private final AuditLog audit;

	private final MessageSource messages;

	private final Transactions transactions;

	private final List<CustomerTimelineSource> timelineSources;

	CustomerPageController(CustomerQueries queries, CustomerService service, LeadConversions conversions,
			DataScopes scopes, UserDirectory users, AuditLog audit, MessageSource messages, Transactions transactions,
			List<CustomerTimelineSource> timelineSources) {
		this.queries = queries;
		this.service = service;
		this.conversions = conversions;
		this.scopes = scopes;
		this.users = users;
		this.audit = audit;
		this.messages = messages;
		this.transactions = transactions;
		this.timelineSources = timelineSources;
	}

	@ModelAttribute
	void reference(CurrentUser me, Model model) {
		DataScope scope = scopes.of(me);
		List<TeamSummary> teams = users.teams().stream()
			.filter(t -> scope.level() == DataScope.Level.ALL || scope.teamIds().contains(t.id())
					|| (me.teamId() != null && me.teamId() == t.id()))
			.toList();
		model.addAttribute("teams", teams);
		model.addAttribute("teamNames", users.teams().stream().collect(Collectors.toMap(TeamSummary::id, TeamSummary::name)));
	}

	@GetMapping
	String list(CurrentUser me, @RequestParam(required = false) String q, @RequestParam(required = false) Long teamId,
			@RequestParam(required = false) String owner, @RequestParam(required = false) String industry,
			@RequestParam(required = false) String sort, @RequestParam(required = false) String dir,
			@RequestParam(defaultValue = "0") int page, Model model) {
		CustomerQueries.CustomerFilter filter = filter(me, q, teamId, owner, industry, sort, dir);
		model.addAttribute("page", queries.search(scopes.of(me), filter, Math.max(0, page), 25));
		model.addAttribute("filter", filter);
		model.addAttribute("owner", owner);
		model.addAttribute("industries", queries.industries(scopes.of(me)));
		return "customers/list";
	}

	@GetMapping("/export")
	ResponseEntity<StreamingResponseBody> export(CurrentUser me, @RequestParam(required = false) String q,
			@RequestParam(required = false) Long teamId, @RequestParam(required = false) String owner,
			@RequestParam(required = false) String industry, @RequestParam(required = false) String sort,
			@RequestParam(required = false) String dir, Locale locale) {
		CustomerQueries.CustomerFilter filter = filter(me, q, teamId, owner, industry, sort, dir);
		DataScope scope = scopes.of(me);
		Map<Long, String> teamNames = users.teams().stream().collect(Collectors.toMap(TeamSummary::id, TeamSummary::name));
		List<String> headers = List.of("ID", m("customer.name", locale), m("customer.industry", locale),
				m("customer.phone", locale), m("customer.email", locale), m("user.team", locale),
				m("customer.owner", locale), m("customer.lastActivity", locale), m("customer.createdAt", locale),
				m("customer.sourceLead", locale));
		return XlsxExport.download("customers.xlsx", m("nav.customers", locale), headers, me.zoneId(), sink -> {
			int page = 0;
			PageResult<CustomerView> chunk;
			do {
				chunk = queries.search(scope, filter, page++, 500);
				for (CustomerView c : chunk.items()) {
					sink.row(java.util.Arrays.asList(c.id(), c.name(), c.industry(), c.phone(), c.email(),
							teamNames.get(c.teamId()), c.ownerName(), c.lastActivityAt(), c.createdAt(), c.sourceLeadId()));
				}
			}
			while (chunk.hasNext());
		});
	}

	private static CustomerQueries.CustomerFilter filter(CurrentUser me, String q, Long teamId, String owner,
			String industry, String sort, String dir) {
		Long ownerId = "me".equals(owner) ? Long.valueOf(me.id()) : null;
		return new CustomerQueries.CustomerFilter(q, teamId, ownerId, industry, sort, dir);
	}

	@GetMapping("/{id}")
	String detail(CurrentUser me, @PathVariable long id, Model model) {
		CustomerView customer = queries.find(id, scopes.of(me)).orElseThrow(() -> new NotFoundException("customer", id));
		List<Long> leadIds = queries.leadIds(id);
		model.addAttribute("customer", customer);
		model.addAttribute("contacts", queries.contacts(id));
		model.addAttribute("leadIds", leadIds);
		model.addAttribute("owners", queries.ownerHistory(id));
		List<CustomerTimelineSource.Entry> timeline = new ArrayList<>();
		timelineSources.forEach(s -> timeline.addAll(s.timeline(id, leadIds, TIMELINE)));
		audit.search(new AuditLog.AuditQuery("customer", String.valueOf(id), null, null, null, null, null), 0, TIMELINE)
			.items()
			.forEach(a -> timeline.add(new CustomerTimelineSource.Entry(a.occurredAt(), "customers/fragments :: audit", a)));
		timeline.sort(Comparator.comparing(CustomerTimelineSource.Entry::at).reversed());
		model.addAttribute("timeline", timeline.size() > TIMELINE ? timeline.subList(0, TIMELINE) : timeline);
		boolean manages = me.isAdmin() || ((me.has(Role.MANAGER) || me.has(Role.DIRECTOR))
				&& scopes.of(me).allows(null, customer.teamId()));
		model.addAttribute("manages", manages);
		model.addAttribute("edits", manages || java.util.Objects.equals(customer.ownerId(), me.id()));
		if (manages) {
			// the page offers the customer's team; the API also moves a customer to another team in scope
			List<UserSummary> candidates = java.util.stream.Stream.concat(
					users.members(customer.teamId(), Role.REP).stream(),
					users.members(customer.teamId(), Role.MANAGER).stream())
				.filter(UserSummary::active)
				.filter(u -> !java.util.Objects.equals(u.id(), customer.ownerId()))
				.distinct()
				.sorted(Comparator.comparing(UserSummary::displayName))
				.toList();
			model.addAttribute("ownerCandidates", candidates);
		}
		return "customers/detail";
	}

	@GetMapping("/new")
	String newCustomer(CurrentUser me, @RequestParam(required = false) Long leadId, Model model) {
		CustomerForm form = new CustomerForm();
		if (leadId != null) {
			LeadSnapshot lead = conversions.find(leadId, me).orElseThrow(() -> new NotFoundException("lead", leadId));
			form.setLeadId(leadId);
			form.setName(lead.company());
			form.setIndustry(lead.industry());
			form.setAddress(lead.address());
			model.addAttribute("lead", lead);
		}
		model.addAttribute("form", form);
		return "customers/new";
	}

	@PostMapping("/new")
	String create(CurrentUser me, @ModelAttribute("form") CustomerForm form, Model model, RedirectAttributes redirect,
			Locale locale) {
		try {
			CustomerService.Result result = transactions.retryingOnContention(() -> service.create(form.toRequest(), me));
			redirect.addFlashAttribute("flash", messages.getMessage(result.attached() ? "customer.attached"
					: form.getLeadId() != null ? "customer.converted" : "customer.created",
					new Object[] { result.customer().name() }, locale));
			return "redirect:/customers/" + result.customer().id();
		}
		catch (DuplicateCustomerException e) {
			model.addAttribute("duplicate", e);
			model.addAttribute("error", messages.getMessage(e.messageKey(), e.args(), e.messageKey(), locale));
		}
		catch (BusinessException e) {
			if (e instanceof NotFoundException) {
				throw e;
			}
			model.addAttribute("error", messages.getMessage(e.messageKey(), e.args(), e.messageKey(), locale));
			model.addAttribute("errorField", e.field());
		}
		form.setAttachTo(null);
		if (form.getLeadId() != null) {
			conversions.find(form.getLeadId(), me).ifPresent(lead -> model.addAttribute("lead", lead));
		}
		return "customers/new";
	}

	/** The profile edit form (the owner or a manager in scope); the API is PUT /api/customers/{id}. */
	@PostMapping("/{id}/edit")
	String edit(CurrentUser me, @PathVariable long id, @RequestParam(required = false) String name,
			@RequestParam(required = false) String industry, @RequestParam(required = false) String phone,
			@RequestParam(required = false) String email, @RequestParam(required = false) String address,
			@RequestParam(required = false) String notes, @RequestParam(required = false) Boolean keyAccount,
			@RequestParam(required = false) String expectedAnnualValue, @RequestParam(required = false) Long version,
			RedirectAttributes redirect, Locale locale) {
		return act(id, redirect, locale, "customer.profileSaved", () -> service.update(id,
				new CustomerRequests.UpdateCustomer(name, industry, phone, email, address, notes, keyAccount,
						money(expectedAnnualValue), version), me));
	}

	/** A form's amount: blank is none; digits with an optional decimal point, thousands separators allowed. */
	static java.math.BigDecimal money(String text) {
		if (text == null || text.isBlank()) {
			return null;
		}
		String plain = text.strip().replace(",", "").replace("，", "").replace(" ", "");
		if (!plain.matches("-?\\d{1,20}(\\.\\d{1,10})?")) {
			throw BusinessException.invalidField("expectedAnnualValue", "error.customer.valueFormat", text.strip());
		}
		return new java.math.BigDecimal(plain);
	}

	@PostMapping("/{id}/contacts")
	String addContact(CurrentUser me, @PathVariable long id, @RequestParam(required = false) String name,
			@RequestParam(required = false) String title, @RequestParam(required = false) String phone,
			@RequestParam(required = false) String email, @RequestParam(required = false) String wechatId,
			@RequestParam(required = false) Boolean primary, RedirectAttributes redirect, Locale locale) {
		return act(id, redirect, locale, "customer.contactSaved", () -> service.addContact(id,
				new ContactRequest(name, title, phone, email, wechatId, primary, null), me));
	}

	@PostMapping("/{id}/contacts/{contactId}")
	String updateContact(CurrentUser me, @PathVariable long id, @PathVariable long contactId,
			@RequestParam(required = false) String name, @RequestParam(required = false) String title,
			@RequestParam(required = false) String phone, @RequestParam(required = false) String email,
			@RequestParam(required = false) String wechatId, @RequestParam(required = false) Boolean primary,
			RedirectAttributes redirect, Locale locale) {
		return act(id, redirect, locale, "customer.contactSaved", () -> service.updateContact(id, contactId,
				new ContactRequest(name, title, phone, email, wechatId, primary, null), me));
	}

	@PostMapping("/{id}/contacts/{contactId}/remove")
	String removeContact(CurrentUser me, @PathVariable long id, @PathVariable long contactId,
			RedirectAttributes redirect, Locale locale) {
		return act(id, redirect, locale, "customer.contactRemoved", () -> {
			service.removeContact(id, contactId, me);
			return null;
		});
	}

	@PostMapping("/{id}/owner")
	String owner(CurrentUser me, @PathVariable long id, @RequestParam(required = false) Long ownerId,
			@RequestParam(required = false) String reason, RedirectAttributes redirect, Locale locale) {
		return act(id, redirect, locale, "customer.ownerChanged", () -> service.changeOwner(id, ownerId, reason, me));
	}

	private String act(long id, RedirectAttributes redirect, Locale locale, String okKey,
			java.util.function.Supplier<Object> action) {
		try {
			transactions.retryingOnContention(action);
			redirect.addFlashAttribute("flash", m(okKey, locale));
		}
		catch (NotFoundException e) {
			throw e;
		}
		catch (BusinessException e) {
			redirect.addFlashAttribute("flashError", messages.getMessage(e.messageKey(), e.args(), e.messageKey(), locale));
		}
		return "redirect:/customers/" + id;
	}

	private String m(String key, Locale locale) {
		return messages.getMessage(key, null, key, locale);
	}
}
