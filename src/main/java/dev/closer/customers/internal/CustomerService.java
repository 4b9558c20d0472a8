package dev.closer.customers.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import dev.closer.customers.internal.CustomerRequests.ContactRequest;
import dev.closer.customers.internal.CustomerRequests.CreateCustomer;
import dev.closer.customers.internal.CustomerRequests.UpdateCustomer;
import dev.closer.identity.UserDirectory;
import dev.closer.identity.UserSummary;
import dev.closer.leads.ContactKeys;
import dev.closer.leads.LeadConversions;
import dev.closer.leads.LeadSnapshot;
import dev.closer.notifications.Notification;
import dev.closer.notifications.Notifications;
import dev.closer.shared.audit.AuditLog;
import dev.closer.shared.problem.BusinessException;
import dev.closer.shared.problem.Fields;
import dev.closer.shared.problem.NotFoundException;
import dev.closer.shared.security.CurrentUser;
import dev.closer.shared.security.DataScope;
import dev.closer.shared.security.DataScopes;
import dev.closer.shared.security.Role;
import dev.closer.shared.time.SqlTime;

/**
 * Writes customers: conversion from a lead (the lead becomes CONVERTED and its SLA clock stops, in the same
 * transaction), creation by hand, dedupe (409 naming the existing customer), "attach to existing", owner
 * changes with history, contacts. Everything is audited; nothing is written when any check refuses.
 */
@Service
@Transactional
class CustomerService {

	static final int MAX_CONTACTS = 20;

	/** What a conversion or creation did. */
	record Result(CustomerView customer, boolean attached, Long leadId) {
	}

	private final JdbcClient jdbc;

	private final CustomerQueries queries;

	private final LeadConversions conversions;

	private final ContactKeys keys;

	private final UserDirectory users;

	private final DataScopes scopes;

	private final AuditLog audit;

	private final Notifications notifications;

	private final Clock clock;

	private final TransactionTemplate savepoint;

	CustomerService(JdbcClient jdbc, CustomerQueries queries, LeadConversions conversions, ContactKeys keys,
			UserDirectory users, DataScopes scopes, AuditLog audit, Notifications notifications, Clock clock,
			PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		this.queries = queries;
		this.conversions = conversions;
		this.keys = keys;
		this.users = users;
		this.scopes = scopes;
		this.audit = audit;
		this.notifications = notifications;
		this.clock = clock;
		this.savepoint = new TransactionTemplate(transactions);
		this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
	}

	/** A contact as validated and normalised. */
	record Contact(String name, String title, String phone, String phoneE164, String email, String emailNorm,
			String wechatId, boolean primary, String notes) {
	}

	/** POST /api/customers: from a lead when {@code fromLeadId} is given, else by hand. */
	Result create(CreateCustomer request, CurrentUser actor) {
		if (request == null) {
			throw BusinessException.invalidField("name", "error.required");
		}
		if (request.fromLeadId() != null) {
			return convert(request.fromLeadId(), request, actor);
		}
		if (request.attachTo() != null) {
			throw BusinessException.invalidField("attachTo", "error.customer.attachNeedsLead");
		}
		String name = Fields.required("name", request.name(), 200);
		List<Contact> contacts = contacts(request.contacts(), null);
		UserSummary owner = owner(request.ownerId(), actor);
		Instant now = Instant.now(clock);
		long id = insert(name, request, contacts, owner.id(), owner.teamId(), null, actor, now);
		audit.record("customer", id, "create", null, summary(name, owner.id(), owner.teamId(), null), null);
		return new Result(queries.findUnscoped(id).orElseThrow(), false, null);
	}

	/** Converts a lead into a new customer, or into an existing one ({@code attachTo}). */
	Result convert(long leadId, CreateCustomer request, CurrentUser actor) {
		// the lead first: its row lock serialises two conversions of the same lead
		LeadSnapshot lead = conversions.convert(leadId, actor);
		Instant now = Instant.now(clock);
		if (request.attachTo() != null) {
			return attach(lead, request.attachTo(), actor, now);
		}
		String name = request.name() == null || request.name().isBlank() ? lead.company() : request.name();
		if (name == null || name.isBlank()) {
			throw BusinessException.invalidField("name", "error.customer.nameRequired");
		}
		name = Fields.required("name", name, 200);
		List<Contact> contacts = new ArrayList<>();
		contacts.add(leadContact(lead, request.contacts() == null || request.contacts().stream()
			.noneMatch(c -> Boolean.TRUE.equals(c.primary()))));
		contacts.addAll(contacts(request.contacts(), contacts.get(0)));
		CreateCustomer filled = new CreateCustomer(leadId, null, name,
				request.industry() == null || request.industry().isBlank() ? lead.industry() : request.industry(),
				request.phone(), request.email(), request.address() == null || request.address().isBlank()
						? lead.address() : request.address(), request.notes(), null, null);
		long id = insert(name, filled, contacts, lead.ownerId(), lead.teamId(), leadId, actor, now);
		link(id, leadId, actor, now);
		audit.record("customer", id, "create", null, summary(name, lead.ownerId(), lead.teamId(), leadId),
				"converted from lead #" + leadId);
		return new Result(queries.findUnscoped(id).orElseThrow(), false, leadId);
	}

	private Result attach(LeadSnapshot lead, long customerId, CurrentUser actor, Instant now) {
		CustomerView customer = queries.find(customerId, scopes.of(actor))
			.orElseThrow(() -> new NotFoundException("customer", customerId));
		Contact contact = leadContact(lead, false);
		boolean known = queries.contacts(customerId).stream().anyMatch(k -> k.name().equals(contact.name())
				|| (contact.phoneE164() != null && contact.phoneE164().equals(keys.phone(k.phone()).orElse(null)))
				|| (contact.emailNorm() != null && contact.emailNorm().equals(keys.email(k.email()).orElse(null))));
		if (!known && queries.contacts(customerId).size() < MAX_CONTACTS) {
			insertContact(customerId, contact, now);
		}
		link(customerId, lead.id(), actor, now);
		touch(customerId, now);
		audit.record("customer", customerId, "attach_lead", null, Map.of("leadId", lead.id()),
				"lead #" + lead.id() + " converted into this customer");
		return new Result(queries.findUnscoped(customer.id()).orElseThrow(), true, lead.id());
	}

	/** A manager (director, admin) gives the customer to another person in their scope, with a reason. */
	CustomerView changeOwner(long customerId, Long newOwnerId, String reason, CurrentUser actor) {
		String why = Fields.required("reason", reason, 500);
		DataScope scope = scopes.of(actor);
		CustomerView customer = lock(customerId, scope);
		if (!actor.isManagerial()) {
			throw BusinessException.conflict("error.customer.notManager");
		}
		if (newOwnerId == null) {
			throw BusinessException.invalidField("ownerId", "error.required");
		}
		UserSummary owner = users.find(newOwnerId)
			.filter(u -> u.active() && u.teamId() != null && (u.has(Role.REP) || u.has(Role.MANAGER))
					&& (actor.isAdmin() || scope.teamIds().contains(u.teamId())))
			.orElseThrow(() -> BusinessException.invalidField("ownerId", "error.customer.ownerNotEligible", String.valueOf(newOwnerId)));
		if (Objects.equals(customer.ownerId(), owner.id())) {
			throw BusinessException.invalidField("ownerId", "error.customer.sameOwner");
		}
		Instant now = Instant.now(clock);
		jdbc.sql("""
				update customer set owner_id = :o, team_id = :t, updated_at = :now, version = version + 1
				where id = :id""")
			.param("o", owner.id()).param("t", owner.teamId()).param("now", SqlTime.of(now)).param("id", customerId)
			.update();
		jdbc.sql("update customer_owner_period set ended_at = :now where customer_id = :id and ended_at is null")
			.param("now", SqlTime.of(now)).param("id", customerId).update();
		period(customerId, owner.id(), owner.teamId(), now, why, actor.username());
		audit.record("customer", customerId, "owner", Map.of("ownerId", String.valueOf(customer.ownerId()), "teamId",
				customer.teamId()), Map.of("ownerId", owner.id(), "teamId", owner.teamId()), why);
		notifications.send(Notification.inbox(owner.id(), "customer.assigned", "新客户 / Customer assigned to you",
				customer.name() + ": " + why, "/customers/" + customerId));
		return queries.findUnscoped(customerId).orElseThrow();
	}

	/** The largest expected annual value: 17 digits before the decimal point, two after (numeric(19,2)). */
	static final BigDecimal VALUE_MAX = new BigDecimal("99999999999999999.99");

	/**
	 * PUT /api/customers/{id}: the owner or a manager (director, admin) in scope edits the profile. Normalised like a
	 * creation; a name, phone or e-mail of another customer (or of one of its current contacts) is a 409 naming it; the
	 * version read must still be current (else 409). Audited with before and after; a refusal writes nothing.
	 */
	CustomerView update(long customerId, UpdateCustomer r, CurrentUser actor) {
		CustomerView before = lock(customerId, scopes.of(actor));
		if (!actor.isManagerial() && !Objects.equals(before.ownerId(), actor.id())) {
			throw new BusinessException(HttpStatus.FORBIDDEN, "error.forbidden");
		}
		if (r == null) {
			throw BusinessException.invalidField("name", "error.required");
		}
		String name = Fields.required("name", r.name(), 200);
		String nameNorm = keys.company(name);
		String industry = Fields.optional("industry", r.industry(), 64);
		String phone = Fields.optional("phone", r.phone(), 40);
		String phoneE164 = phone == null ? null
				: keys.phone(phone).orElseThrow(() -> BusinessException.invalidField("phone", "error.lead.phone", phone));
		String email = Fields.optional("email", r.email(), 254);
		String emailNorm = email == null ? null
				: keys.email(email).orElseThrow(() -> BusinessException.invalidField("email", "error.email"));
		String address = Fields.optional("address", r.address(), 300);
		String notes = Fields.optional("notes", r.notes(), 4000);
		boolean keyAccount = Boolean.TRUE.equals(r.keyAccount());
		BigDecimal value = annualValue(r.expectedAnnualValue());
		if (r.version() == null) {
			throw BusinessException.invalidField("version", "error.required");
		}
		if (r.version() != before.version()) {
			throw BusinessException.conflict("error.customer.stale");
		}
		queries.findDuplicate(nameNorm, phoneE164 == null ? List.of() : List.of(phoneE164),
				emailNorm == null ? List.of() : List.of(emailNorm), customerId)
			.ifPresent(match -> {
				CustomerView existing = queries.findUnscoped(match.customerId()).orElseThrow();
				throw new DuplicateCustomerException(existing.id(), existing.name(), existing.ownerName(),
						match.matchedOn(), false);
			});
		Instant now = Instant.now(clock);
		int updated = jdbc.sql("""
				update customer set name = :name, name_norm = :norm, industry = :industry, phone = :phone,
				  phone_e164 = :e164, email = :email, email_norm = :emailNorm, address = :address, notes = :notes,
				  key_account = :key, expected_annual_value = :value, updated_at = :now, version = version + 1
				where id = :id and version = :version""")
			.param("name", name).param("norm", nameNorm).param("industry", industry).param("phone", phone)
			.param("e164", phoneE164).param("email", email).param("emailNorm", emailNorm).param("address", address)
			.param("notes", notes).param("key", keyAccount).param("value", value).param("now", SqlTime.of(now))
			.param("id", customerId).param("version", r.version())
			.update();
		if (updated != 1) {
			throw BusinessException.conflict("error.customer.stale");
		}
		CustomerView after = queries.findUnscoped(customerId).orElseThrow();
		audit.record("customer", customerId, "profile", profile(before), profile(after), null);
		return after;
	}

	private static BigDecimal annualValue(BigDecimal value) {
		if (value == null) {
			return null;
		}
		if (value.signum() < 0) {
			throw BusinessException.invalidField("expectedAnnualValue", "error.customer.valueNegative");
		}
		if (value.stripTrailingZeros().scale() > 2) {
			throw BusinessException.invalidField("expectedAnnualValue", "error.customer.valueScale");
		}
		if (value.compareTo(VALUE_MAX) > 0) {
			throw BusinessException.invalidField("expectedAnnualValue", "error.customer.valueTooLarge");
		}
		return value.setScale(2, RoundingMode.UNNECESSARY);
	}

	private static Map<String, Object> profile(CustomerView c) {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("name", c.name());
		m.put("industry", c.industry());
		m.put("phone", c.phone());
		m.put("email", c.email());
		m.put("address", c.address());
		m.put("notes", c.notes());
		m.put("keyAccount", c.keyAccount());
		m.put("expectedAnnualValue", c.expectedAnnualValue() == null ? null : c.expectedAnnualValue().toPlainString());
		m.put("version", c.version());
		return m;
	}

	/**
	 * Contact dedupe: the same phone (e-mail) twice among one customer's current contacts is a 422 on that field; a
	 * phone or e-mail of another customer (its own or a current contact's) is a 409 naming it when the actor may see
	 * it, else without the name. Only keys that change are checked (so an old contact stays editable).
	 */
	private void checkContactKeys(long customerId, Contact contact, ContactView before, CurrentUser actor) {
		String oldPhone = before == null || before.phone() == null ? null : keys.phone(before.phone()).orElse(null);
		String oldEmail = before == null || before.email() == null ? null : keys.email(before.email()).orElse(null);
		boolean phoneChanged = contact.phoneE164() != null && !contact.phoneE164().equals(oldPhone);
		boolean emailChanged = contact.emailNorm() != null && !contact.emailNorm().equals(oldEmail);
		for (ContactView other : queries.contacts(customerId)) {
			if (before != null && other.id() == before.id()) {
				continue;
			}
			if (phoneChanged && other.phone() != null
					&& contact.phoneE164().equals(keys.phone(other.phone()).orElse(null))) {
				throw BusinessException.invalidField("phone", "error.customer.contactPhoneTwice", other.name());
			}
			if (emailChanged && other.email() != null
					&& contact.emailNorm().equals(keys.email(other.email()).orElse(null))) {
				throw BusinessException.invalidField("email", "error.customer.contactEmailTwice", other.name());
			}
		}
		queries.findDuplicate(null, phoneChanged ? List.of(contact.phoneE164()) : List.of(),
				emailChanged ? List.of(contact.emailNorm()) : List.of(), customerId)
			.ifPresent(match -> {
				CustomerView existing = queries.findUnscoped(match.customerId()).orElseThrow();
				if (scopes.of(actor).allows(existing.ownerId(), existing.teamId())) {
					throw new DuplicateCustomerException(existing.id(), existing.name(), existing.ownerName(),
							match.matchedOn(), false);
				}
				throw DuplicateCustomerException.hidden(match.matchedOn());
			});
	}

	ContactView addContact(long customerId, ContactRequest request, CurrentUser actor) {
		lock(customerId, scopes.of(actor));
		List<ContactView> existing = queries.contacts(customerId);
		if (existing.size() >= MAX_CONTACTS) {
			throw BusinessException.invalidField("name", "error.customer.tooManyContacts", MAX_CONTACTS);
		}
		Contact contact = contact(request, "");
		checkContactKeys(customerId, contact, null, actor);
		Instant now = Instant.now(clock);
		if (contact.primary()) {
			clearPrimary(customerId, now);
		}
		boolean primary = contact.primary() || existing.isEmpty();
		long id = insertContact(customerId, withPrimary(contact, primary), now);
		touch(customerId, now);
		audit.record("customer", customerId, "contact_add", null, contactSummary(contact), null);
		return queries.contact(customerId, id).orElseThrow();
	}

	ContactView updateContact(long customerId, long contactId, ContactRequest request, CurrentUser actor) {
		lock(customerId, scopes.of(actor));
		ContactView before = queries.contact(customerId, contactId)
			.orElseThrow(() -> new NotFoundException("contact", contactId));
		Contact contact = contact(request, "");
		checkContactKeys(customerId, contact, before, actor);
		Instant now = Instant.now(clock);
		// the primary contact moves by marking another one; it is never left without one
		boolean primary = contact.primary() || before.primary();
		if (primary && !before.primary()) {
			clearPrimary(customerId, now);
		}
		jdbc.sql("""
				update customer_contact set name = :name, title = :title, phone = :phone, phone_e164 = :e164,
				       email = :email, email_norm = :emailNorm, wechat_id = :wechat, is_primary = :primary,
				       notes = :notes, updated_at = :now
				where id = :id and customer_id = :c""")
			.param("name", contact.name()).param("title", contact.title()).param("phone", contact.phone())
			.param("e164", contact.phoneE164()).param("email", contact.email()).param("emailNorm", contact.emailNorm())
			.param("wechat", contact.wechatId()).param("primary", primary).param("notes", contact.notes())
			.param("now", SqlTime.of(now)).param("id", contactId).param("c", customerId).update();
		touch(customerId, now);
		audit.record("customer", customerId, "contact_update", contactSummary(before), contactSummary(contact), null);
		return queries.contact(customerId, contactId).orElseThrow();
	}

	void removeContact(long customerId, long contactId, CurrentUser actor) {
		lock(customerId, scopes.of(actor));
		ContactView before = queries.contact(customerId, contactId)
			.orElseThrow(() -> new NotFoundException("contact", contactId));
		Instant now = Instant.now(clock);
		jdbc.sql("update customer_contact set removed_at = :now, is_primary = false, updated_at = :now where id = :id")
			.param("now", SqlTime.of(now)).param("id", contactId).update();
		if (before.primary()) {
			// the oldest remaining contact becomes the primary one
			jdbc.sql("""
					update customer_contact set is_primary = true, updated_at = :now where id = (
					  select min(id) from customer_contact where customer_id = :c and removed_at is null)""")
				.param("now", SqlTime.of(now)).param("c", customerId).update();
		}
		touch(customerId, now);
		audit.record("customer", customerId, "contact_remove", contactSummary(before), null, null);
	}

	// ------------------------------------------------------------------------------------------------------

	private CustomerView lock(long customerId, DataScope scope) {
		CustomerView customer = queries.find(customerId, scope)
			.orElseThrow(() -> new NotFoundException("customer", customerId));
		jdbc.sql("select id from customer where id = :id for update").param("id", customerId).query(Long.class).single();
		return customer;
	}

	private long insert(String name, CreateCustomer r, List<Contact> contacts, Long ownerId, long teamId, Long leadId,
			CurrentUser actor, Instant now) {
		String nameNorm = keys.company(name);
		String phone = Fields.optional("phone", r.phone(), 40);
		String phoneE164 = phone == null ? null
				: keys.phone(phone).orElseThrow(() -> BusinessException.invalidField("phone", "error.lead.phone", phone));
		String email = Fields.optional("email", r.email(), 254);
		String emailNorm = email == null ? null
				: keys.email(email).orElseThrow(() -> BusinessException.invalidField("email", "error.email"));
		LinkedHashSet<String> phones = new LinkedHashSet<>();
		LinkedHashSet<String> emails = new LinkedHashSet<>();
		if (phoneE164 != null) {
			phones.add(phoneE164);
		}
		if (emailNorm != null) {
			emails.add(emailNorm);
		}
		contacts.forEach(c -> {
			if (c.phoneE164() != null) {
				phones.add(c.phoneE164());
			}
			if (c.emailNorm() != null) {
				emails.add(c.emailNorm());
			}
		});
		queries.findDuplicate(nameNorm, List.copyOf(phones), List.copyOf(emails), null)
			.ifPresent(match -> duplicate(match, actor));
		var generated = new GeneratedKeyHolder();
		try {
			// in a savepoint: a racing conversion of the same company trips the unique name, and on PostgreSQL the
			// failed insert must not abort the transaction before we can name the customer that won
			savepoint.executeWithoutResult(s -> jdbc.sql("""
					insert into customer (name, name_norm, industry, phone, phone_e164, email, email_norm, address, notes,
					  owner_id, team_id, source_lead_id, created_at, created_by, updated_at)
					values (:name, :norm, :industry, :phone, :e164, :email, :emailNorm, :address, :notes, :owner, :team,
					  :lead, :now, :by, :now)""")
				.param("name", name).param("norm", nameNorm).param("industry", Fields.optional("industry", r.industry(), 64))
				.param("phone", phone).param("e164", phoneE164).param("email", email).param("emailNorm", emailNorm)
				.param("address", Fields.optional("address", r.address(), 300)).param("notes", Fields.optional("notes", r.notes(), 4000))
				.param("owner", ownerId).param("team", teamId).param("lead", leadId).param("now", SqlTime.of(now))
				.param("by", actor == null ? "system" : actor.username())
				.update(generated, "id"));
		}
		catch (DuplicateKeyException raced) {
			queries.findDuplicate(nameNorm, List.of(), List.of(), null).ifPresent(match -> duplicate(match, actor));
			throw raced;
		}
		long id = generated.getKeyAs(Long.class);
		boolean primaryTaken = false;
		for (Contact c : contacts) {
			boolean primary = c.primary() && !primaryTaken;
			primaryTaken |= primary;
			insertContact(id, withPrimary(c, primary), now);
		}
		if (!primaryTaken && !contacts.isEmpty()) {
			jdbc.sql("update customer_contact set is_primary = true where id = (select min(id) from customer_contact where customer_id = :c)")
				.param("c", id).update();
		}
		period(id, ownerId, teamId, now, leadId == null ? "created" : "converted from lead #" + leadId,
				actor == null ? "system" : actor.username());
		return id;
	}

	private void duplicate(CustomerQueries.Match match, CurrentUser actor) {
		CustomerView existing = queries.findUnscoped(match.customerId()).orElseThrow();
		boolean attachable = actor != null && scopes.of(actor).allows(existing.ownerId(), existing.teamId());
		throw new DuplicateCustomerException(existing.id(), existing.name(), existing.ownerName(), match.matchedOn(),
				attachable);
	}

	private long insertContact(long customerId, Contact c, Instant now) {
		var generated = new GeneratedKeyHolder();
		jdbc.sql("""
				insert into customer_contact (customer_id, name, title, phone, phone_e164, email, email_norm, wechat_id,
				  is_primary, notes, created_at, updated_at)
				values (:c, :name, :title, :phone, :e164, :email, :emailNorm, :wechat, :primary, :notes, :now, :now)""")
			.param("c", customerId).param("name", c.name()).param("title", c.title()).param("phone", c.phone())
			.param("e164", c.phoneE164()).param("email", c.email()).param("emailNorm", c.emailNorm())
			.param("wechat", c.wechatId()).param("primary", c.primary()).param("notes", c.notes())
			.param("now", SqlTime.of(now))
			.update(generated, "id");
		return generated.getKeyAs(Long.class);
	}

	private void clearPrimary(long customerId, Instant now) {
		jdbc.sql("update customer_contact set is_primary = false, updated_at = :now where customer_id = :c and is_primary = true")
			.param("now", SqlTime.of(now)).param("c", customerId).update();
	}

	private void link(long customerId, long leadId, CurrentUser actor, Instant now) {
		jdbc.sql("""
				insert into customer_lead (lead_id, customer_id, converted_at, converted_by)
				values (:lead, :c, :now, :by)""")
			.param("lead", leadId).param("c", customerId).param("now", SqlTime.of(now))
			.param("by", actor == null ? "system" : actor.username()).update();
	}

	private void period(long customerId, Long ownerId, long teamId, Instant now, String reason, String by) {
		jdbc.sql("""
				insert into customer_owner_period (customer_id, owner_id, team_id, started_at, reason, changed_by)
				values (:c, :o, :t, :now, :reason, :by)""")
			.param("c", customerId).param("o", ownerId).param("t", teamId).param("now", SqlTime.of(now))
			.param("reason", reason).param("by", by).update();
	}

	private void touch(long customerId, Instant now) {
		jdbc.sql("update customer set updated_at = :now, version = version + 1 where id = :id")
			.param("now", SqlTime.of(now)).param("id", customerId).update();
	}

	/** The owner of a customer entered by hand: the named person (in the actor's scope) or the actor. */
	private UserSummary owner(Long ownerId, CurrentUser actor) {
		long id = ownerId == null ? actor.id() : ownerId;
		DataScope scope = scopes.of(actor);
		return users.find(id)
			.filter(u -> u.active() && u.teamId() != null)
			.filter(u -> u.id() == actor.id() || actor.isAdmin() || scope.teamIds().contains(u.teamId()))
			.orElseThrow(() -> BusinessException.invalidField("ownerId",
					ownerId == null ? "error.customer.ownerRequired" : "error.customer.ownerNotEligible", String.valueOf(id)));
	}

	/** The lead's contact as the new customer's primary contact (not re-validated: older leads may predate the rules). */
	private Contact leadContact(LeadSnapshot lead, boolean primary) {
		String phone = lead.phone();
		String email = lead.email();
		return new Contact(cut(lead.contactName(), 100), null, cut(phone, 40),
				phone == null ? null : keys.phone(phone).orElse(null), cut(email, 254),
				email == null ? null : keys.email(email).orElse(null), cut(lead.wechatId(), 64), primary, null);
	}

	private List<Contact> contacts(List<ContactRequest> requests, Contact first) {
		if (requests == null) {
			return List.of();
		}
		if (requests.size() + (first == null ? 0 : 1) > MAX_CONTACTS) {
			throw BusinessException.invalidField("contacts", "error.customer.tooManyContacts", MAX_CONTACTS);
		}
		List<Contact> result = new ArrayList<>();
		for (int i = 0; i < requests.size(); i++) {
			result.add(contact(requests.get(i), "contacts[" + i + "]."));
		}
		return result;
	}

	private Contact contact(ContactRequest r, String prefix) {
		if (r == null) {
			throw BusinessException.invalidField(prefix + "name", "error.required");
		}
		String name = Fields.required(prefix + "name", r.name(), 100);
		String phone = Fields.optional(prefix + "phone", r.phone(), 40);
		String e164 = phone == null ? null
				: keys.phone(phone).orElseThrow(() -> BusinessException.invalidField(prefix + "phone", "error.lead.phone", phone));
		String email = Fields.optional(prefix + "email", r.email(), 254);
		String emailNorm = email == null ? null
				: keys.email(email).orElseThrow(() -> BusinessException.invalidField(prefix + "email", "error.email"));
		String wechat = Fields.optional(prefix + "wechatId", r.wechatId(), 64);
		if (wechat != null && keys.wechat(wechat).isEmpty()) {
			throw BusinessException.invalidField(prefix + "wechatId", "error.lead.wechat");
		}
		return new Contact(name, Fields.optional(prefix + "title", r.title(), 100), phone, e164, email, emailNorm, wechat,
				Boolean.TRUE.equals(r.primary()), Fields.optional(prefix + "notes", r.notes(), 1000));
	}

	private static Contact withPrimary(Contact c, boolean primary) {
		return new Contact(c.name(), c.title(), c.phone(), c.phoneE164(), c.email(), c.emailNorm(), c.wechatId(), primary,
				c.notes());
	}

	private static Map<String, Object> summary(String name, Long ownerId, long teamId, Long leadId) {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("name", name);
		m.put("ownerId", ownerId);
		m.put("teamId", teamId);
		m.put("fromLeadId", leadId);
		return m;
	}

	private static Map<String, Object> contactSummary(Contact c) {
		return contactSummary(c.name(), c.title(), c.phone(), c.email());
	}

	private static Map<String, Object> contactSummary(ContactView c) {
		return contactSummary(c.name(), c.title(), c.phone(), c.email());
	}

	private static Map<String, Object> contactSummary(String name, String title, String phone, String email) {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("name", name);
		m.put("title", title);
		m.put("phone", phone);
		m.put("email", email);
		return m;
	}



	private static String cut(String s, int max) {
		if (s == null || s.isBlank()) {
			return null;
		}
		String v = s.strip();
		return v.length() > max ? v.substring(0, max) : v;
	}
}
