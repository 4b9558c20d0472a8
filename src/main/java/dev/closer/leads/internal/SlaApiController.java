package dev.closer.leads.internal;

import java.net.URI;
import java.util.List;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.closer.leads.internal.sla.ActionKind;
import dev.closer.leads.internal.sla.SlaPolicyDocument;
import dev.closer.shared.idempotency.Idempotency;
import dev.closer.shared.problem.BusinessException;
import dev.closer.shared.problem.NotFoundException;
import dev.closer.shared.security.CurrentUser;
import dev.closer.shared.security.DataScopes;
import dev.closer.shared.tx.Transactions;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** REST API of the response SLAs (SPEC S1-S4): actions on leads, clocks, blockers, per-team SLA policies. */
@RestController
@RequestMapping("/api")
@Tag(name = "Response SLA", description = "Actions that stop the clocks, clock state, blockers, SLA policies")
class SlaApiController {

	private final SlaClocks clocks;

	private final SlaPolicyStore policies;

	private final LeadQueries queries;

	private final DataScopes scopes;

	private final TeamAccess teams;

	private final Idempotency idempotency;

	private final Transactions transactions;

	SlaApiController(SlaClocks clocks, SlaPolicyStore policies, LeadQueries queries, DataScopes scopes, TeamAccess teams,
			Idempotency idempotency, Transactions transactions) {
		this.clocks = clocks;
		this.policies = policies;
		this.queries = queries;
		this.scopes = scopes;
		this.teams = teams;
		this.idempotency = idempotency;
		this.transactions = transactions;
	}

	/**
	 * @param type one of CALL_ANSWERED, CALL_UNANSWERED, WECHAT, SMS, EMAIL, VISIT, STATUS_UPDATE, NOTE
	 * @param note what happened (optional, at most 2,000 characters)
	 */
	record ActionRequest(String type, String note) {
	}

	record ActionResponse(SlaClocks.LeadAction action, SlaView sla) {
	}

	@PostMapping("/leads/{id}/actions")
	@Operation(summary = "Record an action on a lead (stops the SLA steps it satisfies; honours Idempotency-Key)")
	ResponseEntity<?> act(CurrentUser me, @PathVariable long id, @RequestBody ActionRequest request,
			@RequestHeader(name = "Idempotency-Key", required = false) String key) {
		ActionKind kind = kind(request == null ? null : request.type());
		return transactions.retryingOnContention(
				() -> idempotency.once(key, me.username(), "POST /api/leads/" + id + "/actions", request, () -> {
					SlaClocks.LeadAction action = clocks.record(id, kind, request.note(), me);
					return ResponseEntity.created(URI.create("/api/leads/" + id + "/actions/" + action.id()))
						.body(new ActionResponse(action, clocks.view(id).orElse(null)));
				}));
	}

	@GetMapping("/leads/{id}/actions")
	@Operation(summary = "The actions recorded on a lead, newest first")
	List<SlaClocks.LeadAction> actions(CurrentUser me, @PathVariable long id) {
		visible(me, id);
		return clocks.actions(id, 200);
	}

	@GetMapping("/leads/{id}/sla")
	@Operation(summary = "A lead's response clock: heat, next step and when, recycling and red/yellow marks, firings")
	SlaView sla(CurrentUser me, @PathVariable long id) {
		visible(me, id);
		return clocks.view(id).orElseThrow(() -> new NotFoundException("sla", id));
	}

	record BlockerRequest(String reason) {
	}

	@PutMapping("/leads/{id}/blocker")
	@Operation(summary = "Set a blocker reason: the lead does not turn red while it is set (SPEC S3)")
	SlaView block(CurrentUser me, @PathVariable long id, @RequestBody BlockerRequest request) {
		if (request == null || request.reason() == null || request.reason().isBlank()) {
			throw BusinessException.invalidField("reason", "error.lead.reasonRequired");
		}
		clocks.block(id, request.reason(), me);
		return clocks.view(id).orElseThrow();
	}

	@DeleteMapping("/leads/{id}/blocker")
	SlaView unblock(CurrentUser me, @PathVariable long id) {
		clocks.block(id, null, me);
		return clocks.view(id).orElseThrow();
	}

	record PolicyResponse(long id, long teamId, int version, SlaPolicyDocument policy, java.time.Instant createdAt,
			String createdBy, String comment) {

		static PolicyResponse of(SlaPolicyStore.Versioned v) {
			return new PolicyResponse(v.id(), v.teamId(), v.version(), v.document(), v.createdAt(), v.createdBy(),
					v.comment());
		}
	}

	@GetMapping("/teams/{teamId}/sla-policy")
	@Operation(summary = "A team's current SLA policy: ladders per grade, recycling, red/yellow, calendar")
	PolicyResponse policy(CurrentUser me, @PathVariable long teamId) {
		teams.require(me, teamId, false);
		return PolicyResponse.of(policies.current(teamId));
	}

	@GetMapping("/teams/{teamId}/sla-policy/history")
	List<PolicyResponse> history(CurrentUser me, @PathVariable long teamId) {
		teams.require(me, teamId, false);
		return policies.history(teamId).stream().map(PolicyResponse::of).toList();
	}

	record PolicyRequest(SlaPolicyDocument policy, String comment) {
	}

	@PutMapping("/teams/{teamId}/sla-policy")
	@Operation(summary = "Save a new version of a team's SLA policy (validated; running clocks keep their version)")
	PolicyResponse savePolicy(CurrentUser me, @PathVariable long teamId, @RequestBody PolicyRequest request) {
		teams.require(me, teamId, true);
		return PolicyResponse.of(policies.save(teamId, request == null ? null : request.policy(),
				request == null ? null : request.comment()));
	}

	private void visible(CurrentUser me, long id) {
		queries.find(id, scopes.of(me), me.teamId()).orElseThrow(() -> new NotFoundException("lead", id));
	}

	static ActionKind kind(String type) {
		if (type == null || type.isBlank()) {
			throw BusinessException.invalidField("type", "error.required");
		}
		try {
			return ActionKind.valueOf(type.strip().toUpperCase(java.util.Locale.ROOT));
		}
		catch (IllegalArgumentException e) {
			throw BusinessException.invalidField("type", "error.sla.unknownKind", type);
		}
	}
}
