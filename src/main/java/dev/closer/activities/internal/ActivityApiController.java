package dev.closer.activities.internal;

import java.net.URI;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.closer.customers.CustomerDirectory;
import dev.closer.leads.LeadActivityLink;
import dev.closer.shared.idempotency.Idempotency;
import dev.closer.shared.problem.BusinessException;
import dev.closer.shared.problem.NotFoundException;
import dev.closer.shared.security.CurrentUser;
import dev.closer.shared.tx.Transactions;
import dev.closer.shared.web.PageResult;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** REST API of follow-ups (SPEC F1, F2) and scenario templates (F2, P5). */
@RestController
@RequestMapping("/api")
@Tag(name = "Follow-ups", description = "Structured follow-ups on leads and customers, scenario templates, next steps")
class ActivityApiController {

	private final ActivityService service;

	private final ActivityQueries queries;

	private final ScenarioTemplates templates;

	private final CustomerDirectory customers;

	private final LeadActivityLink leads;

	private final Idempotency idempotency;

	private final Transactions transactions;

	private final java.time.Clock clock;

	private final Visits visits;

	ActivityApiController(Visits visits, ActivityService service, ActivityQueries queries, ScenarioTemplates templates,
			CustomerDirectory customers, LeadActivityLink leads, Idempotency idempotency, Transactions transactions,
			java.time.Clock clock) {
		this.visits = visits;
		this.service = service;
		this.queries = queries;
		this.templates = templates;
		this.customers = customers;
		this.leads = leads;
		this.idempotency = idempotency;
		this.transactions = transactions;
		this.clock = clock;
	}

	@PostMapping(path = "/activities", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Record a follow-up on a customer or an assigned lead (four elements, optional scenario "
			+ "template with its required fields, next step). On a lead it counts as an SLA action. A missing or bad "
			+ "template field is refused with 422 naming it. Honours Idempotency-Key")
	ResponseEntity<?> create(CurrentUser me, @RequestBody(required = false) ActivityRequest request,
			@RequestHeader(name = "Idempotency-Key", required = false) String key, Locale locale) {
		return transactions.retryingOnContention(() -> idempotency.once(key, me.username(), "POST /api/activities",
				request, () -> {
					ActivityView view = service.record(request, me, locale);
					return ResponseEntity.created(URI.create("/api/activities/" + view.id())).body(view);
				}));
	}

	@PostMapping(path = "/activities", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	@Operation(summary = "Record a follow-up with files: part 'activity' (the JSON above), parts 'photo' (visit photos, "
			+ "images by content) and 'attachments' (documents, images, recordings). A refused file refuses it all. "
			+ "Honours Idempotency-Key")
	ResponseEntity<?> createWithFiles(CurrentUser me, @RequestPart("activity") ActivityRequest request,
			@RequestPart(name = "photo", required = false) List<MultipartFile> photos,
			@RequestPart(name = "attachments", required = false) List<MultipartFile> attachments,
			@RequestHeader(name = "Idempotency-Key", required = false) String key, Locale locale) {
		Uploads uploads = new Uploads(photos, attachments);
		return transactions.retryingOnContention(() -> idempotency.once(key, me.username(), "POST /api/activities",
				request, () -> {
					ActivityView view = service.record(request, me, locale, uploads);
					return ResponseEntity.created(URI.create("/api/activities/" + view.id())).body(view);
				}));
	}

	record VisitRequest(Map<String, Object> visit) {
	}

	@PatchMapping("/activities/{id}/visit")
	@Operation(summary = "Complete a visit's essentials (customer role, procurement stage, ...): given values replace; "
			+ "refused once the author's daily report for that day is submitted")
	ActivityView amendVisit(CurrentUser me, @PathVariable long id, @RequestBody(required = false) VisitRequest request,
			Locale locale) {
		return visits.amend(id, request == null ? null : request.visit(), Uploads.NONE, me, locale);
	}

	@PostMapping(path = "/activities/{id}/files", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	@Operation(summary = "Add visit photos (parts 'photo') or attachments (parts 'attachments') to a follow-up")
	ActivityView addFiles(CurrentUser me, @PathVariable long id,
			@RequestPart(name = "photo", required = false) List<MultipartFile> photos,
			@RequestPart(name = "attachments", required = false) List<MultipartFile> attachments, Locale locale) {
		return visits.amend(id, null, new Uploads(photos, attachments), me, locale);
	}

	@GetMapping("/activities/{id}/files/{fileId}")
	@Operation(summary = "A follow-up's file, served with the type detected from its content")
	ResponseEntity<Resource> file(CurrentUser me, @PathVariable long id, @PathVariable long fileId) {
		return visits.download(id, fileId, me);
	}

	@GetMapping("/activities")
	@Operation(summary = "The follow-ups of one customer (customerId) or one lead (leadId), newest first")
	PageResult<ActivityView> list(CurrentUser me, @RequestParam(required = false) Long customerId,
			@RequestParam(required = false) Long leadId, @RequestParam(defaultValue = "0") int page,
			@RequestParam(required = false) Integer size) {
		if ((customerId == null) == (leadId == null)) {
			throw BusinessException.invalidField(customerId == null ? "customerId" : "leadId", "error.activity.subject");
		}
		requireVisible(me, customerId, leadId);
		return queries.of(customerId, leadId, Math.max(0, page), PageResult.size(size));
	}

	@GetMapping("/activities/{id}")
	ActivityView one(CurrentUser me, @PathVariable long id) {
		ActivityView view = queries.find(id).orElseThrow(() -> new NotFoundException("activity", id));
		try {
			requireVisible(me, view.customerId(), view.leadId());
		}
		catch (NotFoundException outside) {
			throw new NotFoundException("activity", id);
		}
		return view;
	}

	record NextSteps(LocalDate today, long overdue, long dueToday, List<ActivityView> items) {
	}

	@GetMapping("/activities/next-steps")
	@Operation(summary = "My open next steps that are overdue or due today (in my time zone)")
	NextSteps nextSteps(CurrentUser me) {
		LocalDate today = LocalDate.now(clock.withZone(me.zoneId()));
		long[] counts = queries.nextStepCounts(me.id(), today);
		return new NextSteps(today, counts[0], counts[1], queries.nextSteps(me.id(), today, 200));
	}

	record TemplateResponse(long id, String code, int version, TemplateDefinition definition, java.time.Instant createdAt,
			String createdBy, String comment) {

		static TemplateResponse of(ScenarioTemplates.Version v) {
			return new TemplateResponse(v.id(), v.code(), v.version(), v.definition(), v.createdAt(), v.createdBy(),
					v.comment());
		}
	}

	@GetMapping("/templates")
	@Operation(summary = "The current version of every scenario template (and of the visit essentials, code VISIT)")
	List<TemplateResponse> templates() {
		return templates.current().stream().map(TemplateResponse::of).toList();
	}

	@GetMapping("/templates/{code}")
	TemplateResponse template(@PathVariable String code) {
		return templates.current(code).map(TemplateResponse::of)
			.orElseThrow(() -> new NotFoundException("scenario_template", code));
	}

	@GetMapping("/templates/{code}/versions")
	List<TemplateResponse> versions(@PathVariable String code) {
		List<TemplateResponse> versions = templates.history(code).stream().map(TemplateResponse::of).toList();
		if (versions.isEmpty()) {
			throw new NotFoundException("scenario_template", code);
		}
		return versions;
	}

	record TemplateRequest(TemplateDefinition definition, String comment) {
	}

	@PutMapping("/admin/templates/{code}")
	@Operation(summary = "Save a new version of a scenario template (admins; validated, audited; a new code starts at v1)")
	TemplateResponse saveTemplate(@PathVariable String code, @RequestBody(required = false) TemplateRequest request) {
		return TemplateResponse.of(templates.save(code, request == null ? null : request.definition(),
				request == null ? null : request.comment()));
	}

	private void requireVisible(CurrentUser me, Long customerId, Long leadId) {
		if (customerId != null) {
			customers.find(customerId, me).orElseThrow(() -> new NotFoundException("customer", customerId));
		}
		else if (leadId != null) {
			leads.subject(leadId, me).orElseThrow(() -> new NotFoundException("lead", leadId));
		}
	}
}
