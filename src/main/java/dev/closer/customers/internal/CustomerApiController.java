package dev.closer.customers.internal;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.closer.customers.internal.CustomerRequests.ContactRequest;
import dev.closer.customers.internal.CustomerRequests.ConvertLead;
import dev.closer.customers.internal.CustomerRequests.CreateCustomer;
import dev.closer.customers.internal.CustomerRequests.OwnerChange;
import dev.closer.customers.internal.CustomerRequests.UpdateCustomer;
import dev.closer.shared.idempotency.Idempotency;
import dev.closer.shared.problem.NotFoundException;
import dev.closer.shared.security.CurrentUser;
import dev.closer.shared.security.DataScopes;
import dev.closer.shared.tx.Transactions;
import dev.closer.shared.web.PageResult;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** REST API of customers (SPEC F, C7): conversion from leads, dedupe, scoped reads, owner changes, contacts. */
@RestController
@RequestMapping("/api")
@Tag(name = "Customers", description = "Lead conversion, dedupe, customers and contacts, owner history")
class CustomerApiController {

	private final CustomerService service;

	private final CustomerQueries queries;

	private final DataScopes scopes;

	private final Idempotency idempotency;

	private final Transactions transactions;

	private final MessageSource messages;

	CustomerApiController(CustomerService service, CustomerQueries queries, DataScopes scopes, Idempotency idempotency,
			Transactions transactions, MessageSource messages) {
		this.service = service;
		this.queries = queries;
		this.scopes = scopes;
		this.idempotency = idempotency;
		this.transactions = transactions;
		this.messages = messages;
	}

	record CustomerResponse(CustomerView customer, boolean attached, Long leadId) {
	}

	record CustomerDetail(CustomerView customer, List<ContactView> contacts, List<Long> leadIds,
			List<CustomerQueries.OwnerPeriod> owners) {
	}

	@GetMapping("/customers")
	@Operation(summary = "Customers within the caller's data scope (filters, sort: name, owner, industry, created, activity)")
	PageResult<CustomerView> list(CurrentUser me, @RequestParam(required = false) String q,
			@RequestParam(required = false) Long teamId, @RequestParam(required = false) Long ownerId,
			@RequestParam(required = false) String industry, @RequestParam(defaultValue = "0") int page,
			@RequestParam(required = false) Integer size, @RequestParam(required = false) String sort,
			@RequestParam(required = false) String dir) {
		return queries.search(scopes.of(me), new CustomerQueries.CustomerFilter(q, teamId, ownerId, industry, sort, dir),
				Math.max(0, page), PageResult.size(size));
	}

	@GetMapping("/customers/{id}")
	@Operation(summary = "A customer with its contacts, the leads converted into it and its owner history")
	CustomerDetail one(CurrentUser me, @PathVariable long id) {
		CustomerView customer = visible(me, id);
		return new CustomerDetail(customer, queries.contacts(id), queries.leadIds(id), queries.ownerHistory(id));
	}

	@PostMapping("/customers")
	@Operation(summary = "Create a customer by hand, or from a lead (fromLeadId; attachTo converts into an existing "
			+ "customer). A duplicate answers 409 naming the existing customer. Honours Idempotency-Key")
	ResponseEntity<?> create(CurrentUser me, @RequestBody(required = false) CreateCustomer request,
			@RequestHeader(name = "Idempotency-Key", required = false) String key) {
		return transactions.retryingOnContention(() -> idempotency.once(key, me.username(), "POST /api/customers",
				request, () -> respond(service.create(request, me))));
	}

	@PostMapping("/leads/{leadId}/convert")
	@Operation(summary = "Convert a lead into a new customer (its contact becomes the primary contact) or, with "
			+ "attachTo, into an existing one; the lead becomes CONVERTED and its SLA clock stops. Honours Idempotency-Key")
	ResponseEntity<?> convert(CurrentUser me, @PathVariable long leadId,
			@RequestBody(required = false) ConvertLead request,
			@RequestHeader(name = "Idempotency-Key", required = false) String key) {
		ConvertLead body = request == null ? new ConvertLead(null, null, null, null, null, null, null, null) : request;
		return transactions.retryingOnContention(() -> idempotency.once(key, me.username(),
				"POST /api/leads/" + leadId + "/convert", body,
				() -> respond(service.convert(leadId, body.toCreate(leadId), me))));
	}

	private static ResponseEntity<?> respond(CustomerService.Result result) {
		CustomerResponse body = new CustomerResponse(result.customer(), result.attached(), result.leadId());
		if (result.attached()) {
			return ResponseEntity.ok(body);
		}
		return ResponseEntity.created(URI.create("/api/customers/" + result.customer().id())).body(body);
	}

	@PutMapping("/customers/{id}/owner")
	@Operation(summary = "Give the customer to another rep or manager in the caller's scope (managers; reason required, audited)")
	CustomerView owner(CurrentUser me, @PathVariable long id, @RequestBody(required = false) OwnerChange request) {
		OwnerChange body = request == null ? new OwnerChange(null, null) : request;
		return transactions.retryingOnContention(() -> service.changeOwner(id, body.ownerId(), body.reason(), me));
	}

	@PutMapping("/customers/{id}")
	@Operation(summary = "Edit the customer's profile (owner or a manager in scope): name, industry, phone, e-mail, "
			+ "address, notes, key account, expected annual value in CNY; send the version you read (stale: 409). A name, "
			+ "phone or e-mail of another customer: 409 naming it. Audited with before and after")
	CustomerView update(CurrentUser me, @PathVariable long id, @RequestBody(required = false) UpdateCustomer request) {
		return transactions.retryingOnContention(() -> service.update(id, request, me));
	}

	@GetMapping("/customers/{id}/contacts")
	List<ContactView> contacts(CurrentUser me, @PathVariable long id) {
		visible(me, id);
		return queries.contacts(id);
	}

	@PostMapping("/customers/{id}/contacts")
	ResponseEntity<ContactView> addContact(CurrentUser me, @PathVariable long id,
			@RequestBody(required = false) ContactRequest request) {
		ContactView contact = transactions.retryingOnContention(() -> service.addContact(id, request, me));
		return ResponseEntity.created(URI.create("/api/customers/" + id + "/contacts/" + contact.id())).body(contact);
	}

	@PutMapping("/customers/{id}/contacts/{contactId}")
	ContactView updateContact(CurrentUser me, @PathVariable long id, @PathVariable long contactId,
			@RequestBody(required = false) ContactRequest request) {
		return transactions.retryingOnContention(() -> service.updateContact(id, contactId, request, me));
	}

	@DeleteMapping("/customers/{id}/contacts/{contactId}")
	ResponseEntity<Void> removeContact(CurrentUser me, @PathVariable long id, @PathVariable long contactId) {
		transactions.retryingOnContention(() -> {
			service.removeContact(id, contactId, me);
			return null;
		});
		return ResponseEntity.noContent().build();
	}

	/** 409 with the existing customer named, and whether the caller may attach the lead to it. */
	@ExceptionHandler(DuplicateCustomerException.class)
	ResponseEntity<ProblemDetail> duplicate(DuplicateCustomerException e, Locale locale) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
				messages.getMessage(e.messageKey(), e.args(), e.messageKey(), locale));
		problem.setTitle(messages.getMessage("error.title.409", null, "Conflict", locale));
		problem.setProperty("code", e.messageKey());
		if (e.named()) {
			problem.setProperty("existingCustomer", Map.of("id", e.existingId(), "name", e.existingName(), "ownerName",
					e.ownerName() == null ? "" : e.ownerName(), "matchedOn", e.matchedOn()));
		}
		problem.setProperty("matchedOn", e.matchedOn());
		problem.setProperty("attachable", e.attachable());
		return ResponseEntity.status(HttpStatus.CONFLICT).body(problem);
	}

	private CustomerView visible(CurrentUser me, long id) {
		return queries.find(id, scopes.of(me)).orElseThrow(() -> new NotFoundException("customer", id));
	}
}
