package dev.closer.pipeline.internal;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import dev.closer.shared.idempotency.Idempotency;
import dev.closer.shared.problem.NotFoundException;
import dev.closer.shared.security.CurrentUser;
import dev.closer.shared.tx.Transactions;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * REST API of tender projects (SPEC O6) and contract approval (O7), plus the admin API of tender templates and
 * approval chains (P5).
 */
@RestController
@RequestMapping("/api")
@Tag(name = "Tenders and contract approval", description = "Tender nodes with owners, due dates, deliverables and "
		+ "escalation; contract approval chain legal → finance → seal")
class TenderApiController {

	private final TenderService tenders;

	private final ContractApprovals approvals;

	private final PipelineRules rules;

	private final Idempotency idempotency;

	private final Transactions transactions;

	TenderApiController(TenderService tenders, ContractApprovals approvals, PipelineRules rules,
			Idempotency idempotency, Transactions transactions) {
		this.tenders = tenders;
		this.approvals = approvals;
		this.rules = rules;
		this.idempotency = idempotency;
		this.transactions = transactions;
	}

	// ---- tenders

	@GetMapping("/opportunities/{id}/tender")
	@Operation(summary = "The opportunity's tender project with its nodes (owner, due, status, deliverable, overdue)")
	TenderView tender(CurrentUser me, @PathVariable long id) {
		tenders.visible(id, me).orElseThrow(() -> new NotFoundException("opportunity", id));
		return tenders.find(id).orElseThrow(() -> new NotFoundException("tender", id));
	}

	@PostMapping("/opportunities/{id}/tender")
	@Operation(summary = "Create the tender project from a tender template (templateCode, default DEFAULT; keyDate "
			+ "required, e.g. the bid opening). Honours Idempotency-Key")
	ResponseEntity<?> createTender(CurrentUser me, @PathVariable long id,
			@RequestBody(required = false) TenderService.Create request,
			@RequestHeader(name = "Idempotency-Key", required = false) String key) {
		return transactions.retryingOnContention(() -> idempotency.once(key, me.username(),
				"POST /api/opportunities/" + id + "/tender", request, () -> ResponseEntity
					.created(URI.create("/api/opportunities/" + id + "/tender")).body(tenders.create(id, request, me))));
	}

	@PatchMapping("/opportunities/{id}/tender/nodes/{code}")
	@Operation(summary = "Change a node's owner (an active user of the opportunity's team or a holder of the node's "
			+ "role in scope) and/or due date")
	TenderView assign(CurrentUser me, @PathVariable long id, @PathVariable String code,
			@RequestBody(required = false) TenderService.Assign request) {
		return tenders.assign(id, code, request, me);
	}

	@PostMapping(path = "/opportunities/{id}/tender/nodes/{code}/deliverable",
			consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	@Operation(summary = "Upload the node's deliverable (multipart: file); type by content, checksum recorded")
	TenderView upload(CurrentUser me, @PathVariable long id, @PathVariable String code,
			@RequestParam(required = false) MultipartFile file) {
		return tenders.upload(id, code, file, me);
	}

	@PostMapping("/opportunities/{id}/tender/nodes/{code}/done")
	@Operation(summary = "Mark a node done; 409 while the deliverable it needs is missing")
	TenderView done(CurrentUser me, @PathVariable long id, @PathVariable String code) {
		return tenders.done(id, code, me);
	}

	record Reason(String reason) {
	}

	@PostMapping("/opportunities/{id}/tender/nodes/{code}/skip")
	@Operation(summary = "Skip a node with a reason")
	TenderView skip(CurrentUser me, @PathVariable long id, @PathVariable String code,
			@RequestBody(required = false) Reason reason) {
		return tenders.skip(id, code, reason == null ? null : reason.reason(), me);
	}

	@GetMapping("/opportunities/{id}/tender/nodes/{code}/file")
	ResponseEntity<Resource> nodeFile(CurrentUser me, @PathVariable long id, @PathVariable String code) {
		tenders.visible(id, me).orElseThrow(() -> new NotFoundException("opportunity", id));
		TenderView.Node node = tenders.find(id).flatMap(t -> t.nodes().stream().filter(n -> n.code().equals(code))
			.findFirst()).orElseThrow(() -> new NotFoundException("tender node", code));
		if (node.fileId() == null) {
			throw new NotFoundException("file", code);
		}
		return tenders.download(tenders.file(node.fileId()).orElseThrow(() -> new NotFoundException("file", code)));
	}

	// ---- contract approval

	@PostMapping(path = "/opportunities/{id}/contract-approvals", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	@Operation(summary = "Start a contract approval (multipart: file, amount, terms). One pending request per "
			+ "opportunity; the chain's first step becomes pending and its approvers are notified. Honours "
			+ "Idempotency-Key")
	ResponseEntity<?> requestApproval(CurrentUser me, @PathVariable long id,
			@RequestParam(required = false) String amount, @RequestParam(required = false) String terms,
			@RequestParam(required = false) MultipartFile file,
			@RequestHeader(name = "Idempotency-Key", required = false) String key) {
		java.util.Map<String, Object> request = new java.util.LinkedHashMap<>();
		request.put("amount", amount);
		request.put("terms", terms);
		request.put("file", file == null ? null : file.getOriginalFilename() + ":" + file.getSize());
		return transactions.retryingOnContention(() -> idempotency.once(key, me.username(),
				"POST /api/opportunities/" + id + "/contract-approvals", request, () -> {
					ApprovalView view = approvals.request(id, amount, terms, file, me);
					return ResponseEntity.created(URI.create("/api/approvals/" + view.id())).body(view);
				}));
	}

	@GetMapping("/opportunities/{id}/contract-approvals")
	@Operation(summary = "The opportunity's contract approval requests, newest first")
	List<ApprovalView> approvalsOf(CurrentUser me, @PathVariable long id) {
		tenders.visible(id, me).orElseThrow(() -> new NotFoundException("opportunity", id));
		return approvals.ofOpportunity(id);
	}

	@GetMapping("/approvals/pending")
	@Operation(summary = "Requests whose pending step I may decide (my role, in scope), longest waiting first")
	List<ApprovalView> pending(CurrentUser me) {
		return approvals.pendingFor(me);
	}

	@GetMapping("/approvals/{requestId}")
	ApprovalView approval(CurrentUser me, @PathVariable long requestId) {
		return approvals.visible(requestId, me).orElseThrow(() -> new NotFoundException("contract approval", requestId));
	}

	record Decision(String comment) {
	}

	@PostMapping("/approvals/{requestId}/steps/{step}/approve")
	@Operation(summary = "Approve the pending step (409 out of order, 403 without the step's role)")
	ApprovalView approve(CurrentUser me, @PathVariable long requestId, @PathVariable int step,
			@RequestBody(required = false) Decision decision) {
		return approvals.decide(requestId, step, true, decision == null ? null : decision.comment(), me);
	}

	@PostMapping("/approvals/{requestId}/steps/{step}/reject")
	@Operation(summary = "Reject the pending step with a comment (required); ends the request")
	ApprovalView reject(CurrentUser me, @PathVariable long requestId, @PathVariable int step,
			@RequestBody(required = false) Decision decision) {
		return approvals.decide(requestId, step, false, decision == null ? null : decision.comment(), me);
	}

	@GetMapping("/approvals/{requestId}/file")
	ResponseEntity<Resource> contractFile(CurrentUser me, @PathVariable long requestId) {
		ApprovalView a = approval(me, requestId);
		return approvals.download(approvals.file(a.fileId()).orElseThrow(() -> new NotFoundException("file", a.fileId())));
	}

	// ---- rules (P5)

	record RuleResponse<T>(long id, String code, int version, T definition, Instant createdAt, String createdBy,
			String comment) {

		static <T> RuleResponse<T> of(PipelineRules.Version<T> v) {
			return new RuleResponse<>(v.id(), v.code(), v.version(), v.definition(), v.createdAt(), v.createdBy(),
					v.comment());
		}
	}

	@GetMapping("/pipeline/tender-templates")
	@Operation(summary = "The current version of every tender template")
	List<RuleResponse<TenderTemplate>> tenderTemplates() {
		return rules.tenderTemplates().stream().map(RuleResponse::of).toList();
	}

	@GetMapping("/pipeline/tender-templates/{code}/versions")
	List<RuleResponse<TenderTemplate>> tenderVersions(@PathVariable String code) {
		var list = rules.history(PipelineRules.TENDER, code, TenderTemplate.class).stream().map(RuleResponse::of)
			.toList();
		if (list.isEmpty()) {
			throw new NotFoundException("tender template", code);
		}
		return list;
	}

	record TenderTemplateRequest(TenderTemplate definition, String comment) {
	}

	@PutMapping("/admin/pipeline/tender-templates/{code}")
	@Operation(summary = "Save a new version of a tender template (admins; validated, audited)")
	RuleResponse<TenderTemplate> saveTender(@PathVariable String code,
			@RequestBody(required = false) TenderTemplateRequest request) {
		return RuleResponse.of(rules.saveTender(code, request == null ? null : request.definition(),
				request == null ? null : request.comment()));
	}

	@GetMapping("/pipeline/approval-chains")
	@Operation(summary = "The current version of every approval chain")
	List<RuleResponse<ApprovalChain>> chains() {
		return rules.chains().stream().map(RuleResponse::of).toList();
	}

	record ChainRequest(ApprovalChain definition, String comment) {
	}

	@PutMapping("/admin/pipeline/approval-chains/{code}")
	@Operation(summary = "Save a new version of an approval chain (admins; validated, audited); new requests use it")
	RuleResponse<ApprovalChain> saveChain(@PathVariable String code,
			@RequestBody(required = false) ChainRequest request) {
		return RuleResponse.of(rules.saveChain(code, request == null ? null : request.definition(),
				request == null ? null : request.comment()));
	}
}
