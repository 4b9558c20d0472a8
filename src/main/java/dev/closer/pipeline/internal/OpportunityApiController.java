package dev.closer.pipeline.internal;

import java.net.URI;
import java.util.List;
import java.util.Locale;

import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.closer.shared.idempotency.Idempotency;
import dev.closer.shared.problem.NotFoundException;
import dev.closer.shared.security.CurrentUser;
import dev.closer.shared.security.DataScopes;
import dev.closer.shared.tx.Transactions;
import dev.closer.shared.web.PageResult;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** REST API of opportunities (SPEC O1-O4): create, read, list, fields, stage moves through the gate, dwell. */
@RestController
@RequestMapping("/api/opportunities")
@Tag(name = "Opportunities", description = "Opportunities with stage gates on evidence, dwell per stage")
class OpportunityApiController {

	private final OpportunityService service;

	private final OpportunityQueries queries;

	private final DataScopes scopes;

	private final Requirements requirements;

	private final Idempotency idempotency;

	private final Transactions transactions;

	private final Dwell dwell;

	private final DeliverableFiles deliverables;

	OpportunityApiController(OpportunityService service, OpportunityQueries queries, DataScopes scopes,
			Requirements requirements, Idempotency idempotency, Transactions transactions, Dwell dwell,
			DeliverableFiles deliverables) {
		this.deliverables = deliverables;
		this.service = service;
		this.queries = queries;
		this.scopes = scopes;
		this.requirements = requirements;
		this.idempotency = idempotency;
		this.transactions = transactions;
		this.dwell = dwell;
	}

	@PostMapping
	@Operation(summary = "Create an opportunity on a customer (optionally naming the lead it was converted from). "
			+ "Amount in CNY as a decimal ≥ 0 with at most 2 decimals; template defaults to the customer journey. "
			+ "Honours Idempotency-Key")
	ResponseEntity<?> create(CurrentUser me, @RequestBody(required = false) OpportunityRequests.Create request,
			@RequestHeader(name = "Idempotency-Key", required = false) String key) {
		return transactions.retryingOnContention(() -> idempotency.once(key, me.username(), "POST /api/opportunities",
				request, () -> {
					OpportunityView view = service.create(request, me);
					return ResponseEntity.created(URI.create("/api/opportunities/" + view.id())).body(view);
				}));
	}

	@GetMapping
	@Operation(summary = "Opportunities in my data scope, filtered, sorted and paged")
	PageResult<OpportunityView> list(CurrentUser me, @RequestParam(required = false) String q,
			@RequestParam(required = false) Long teamId, @RequestParam(required = false) Long ownerId,
			@RequestParam(required = false) String template, @RequestParam(required = false) String stage,
			@RequestParam(required = false) String status, @RequestParam(required = false) Long customerId,
			@RequestParam(required = false) String sort, @RequestParam(required = false) String dir,
			@RequestParam(defaultValue = "0") int page, @RequestParam(required = false) Integer size) {
		return queries.search(scopes.of(me), new OpportunityQueries.Filter(q, teamId, ownerId, template, stage, status,
				customerId, sort, dir), Math.max(0, page), PageResult.size(size));
	}

	@GetMapping("/{id}")
	OpportunityView one(CurrentUser me, @PathVariable long id) {
		return find(me, id);
	}

	@PatchMapping("/{id}")
	@Operation(summary = "Change fields (absent = unchanged, blank = cleared): name, amount, expectedCloseOn, "
			+ "productLines, decisionMaker, blocker")
	OpportunityView update(CurrentUser me, @PathVariable long id,
			@RequestBody(required = false) OpportunityRequests.Update request) {
		return service.update(id, request, me);
	}

	@GetMapping("/{id}/requirements")
	@Operation(summary = "The current stage's gate requirements, each satisfied or missing (with why)")
	List<Requirements.Item> requirements(CurrentUser me, @PathVariable long id, Locale locale) {
		return requirements.items(service.requirements(find(me, id)), locale);
	}

	@PostMapping("/{id}/advance")
	@Operation(summary = "Advance to the next stage (to, when given, must be it). 409 with every missing item when "
			+ "the gate refuses; 422 for more than one step")
	OpportunityView advance(CurrentUser me, @PathVariable long id,
			@RequestBody(required = false) OpportunityRequests.Move move) {
		return service.advance(id, move == null ? null : move.to(), me);
	}

	@PostMapping("/{id}/back")
	@Operation(summary = "Move back to an earlier stage (to) with a reason")
	OpportunityView back(CurrentUser me, @PathVariable long id,
			@RequestBody(required = false) OpportunityRequests.Move move) {
		return service.back(id, move == null ? null : move.to(), move == null ? null : move.reason(), me);
	}

	@PostMapping("/{id}/override")
	@Operation(summary = "Managers, directors, admins: advance one stage despite missing items, with a reason (audited)")
	OpportunityView override(CurrentUser me, @PathVariable long id,
			@RequestBody(required = false) OpportunityRequests.Move move) {
		return service.override(id, move == null ? null : move.to(), move == null ? null : move.reason(), me);
	}

	@PostMapping("/{id}/won")
	@Operation(summary = "Won, from the last stage through its gate, with a reason")
	OpportunityView won(CurrentUser me, @PathVariable long id,
			@RequestBody(required = false) OpportunityRequests.Close close) {
		return service.won(id, close == null ? null : close.reason(), me);
	}

	@PostMapping("/{id}/lost")
	@Operation(summary = "Lost, from any stage, with a reason")
	OpportunityView lost(CurrentUser me, @PathVariable long id,
			@RequestBody(required = false) OpportunityRequests.Close close) {
		return service.lost(id, close == null ? null : close.reason(), me);
	}

	@PostMapping("/{id}/migrate")
	@Operation(summary = "Move to the current version of the template, mapping the stage by code")
	OpportunityView migrate(CurrentUser me, @PathVariable long id) {
		return service.migrate(id, me);
	}

	@GetMapping("/{id}/history")
	@Operation(summary = "Stays in stages, oldest first (entered, left, how, reason)")
	List<StageVisit> history(CurrentUser me, @PathVariable long id) {
		find(me, id);
		return queries.visits(id);
	}

	@GetMapping("/{id}/dwell")
	@Operation(summary = "Dwell per stage: time spent, expected days, overdue")
	List<Dwell.StageDwell> dwell(CurrentUser me, @PathVariable long id, Locale locale) {
		return dwell.of(find(me, id), locale);
	}

	@PostMapping(path = "/{id}/deliverables", consumes = org.springframework.http.MediaType.MULTIPART_FORM_DATA_VALUE)
	@Operation(summary = "Upload a deliverable of the current stage (multipart: kind, file, optional signer). The "
			+ "type is detected from the content and must be one the template allows for that kind (422 naming file)")
	ResponseEntity<DeliverableView> upload(CurrentUser me, @PathVariable long id,
			@RequestParam(required = false) String kind,
			@RequestParam(required = false) org.springframework.web.multipart.MultipartFile file,
			@RequestParam(required = false) String signer) {
		DeliverableView view = deliverables.upload(id, kind, file, signer, me);
		return ResponseEntity.created(URI.create("/api/opportunities/" + id + "/deliverables/" + view.id()))
			.body(view);
	}

	@GetMapping("/{id}/deliverables")
	List<DeliverableView> deliverables(CurrentUser me, @PathVariable long id) {
		find(me, id);
		return queries.deliverables(id);
	}

	@GetMapping("/{id}/deliverables/{deliverableId}/file")
	ResponseEntity<org.springframework.core.io.Resource> file(CurrentUser me, @PathVariable long id,
			@PathVariable long deliverableId) {
		find(me, id);
		DeliverableView d = queries.deliverable(id, deliverableId)
			.orElseThrow(() -> new NotFoundException("deliverable", deliverableId));
		return deliverables.download(deliverables.file(d).orElseThrow(() -> new NotFoundException("file", d.fileId())));
	}

	private OpportunityView find(CurrentUser me, long id) {
		return queries.find(id, scopes.of(me)).orElseThrow(() -> new NotFoundException("opportunity", id));
	}

	/** The gate's refusal: 409 problem+json with every missing requirement under {@code missing}. */
	@ExceptionHandler(GateRefusedException.class)
	ResponseEntity<ProblemDetail> refused(GateRefusedException e) {
		Locale locale = LocaleContextHolder.getLocale();
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
				requirements.message(e.messageKey(), e.args(), locale));
		problem.setTitle(requirements.message("error.title.409", null, locale));
		problem.setProperty("code", e.messageKey());
		problem.setProperty("stage", e.stageCode());
		problem.setProperty("missing", requirements.items(e.missing(), locale));
		return ResponseEntity.status(HttpStatus.CONFLICT).body(problem);
	}
}
