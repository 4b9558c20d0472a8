package dev.closer.leads.internal;

import java.net.URI;
import java.util.List;
import java.util.Locale;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.closer.identity.UserDirectory;
import dev.closer.leads.Grade;
import dev.closer.shared.idempotency.Idempotency;
import dev.closer.shared.problem.BusinessException;
import dev.closer.shared.problem.NotFoundException;
import dev.closer.shared.security.CurrentUser;
import dev.closer.shared.security.DataScopes;
import dev.closer.shared.web.PageResult;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** REST API of the leads module (SPEC L1-L8). */
@RestController
@RequestMapping("/api")
@Tag(name = "Leads", description = "Intake, dedupe, grading, explainable allocation, public pool")
class LeadApiController {

	private final IntakeBatcher batcher;

	private final LeadIntake intake;

	private final LeadQueries queries;

	private final LeadCommands commands;

	private final AllocationHistory history;

	private final PolicyStore policies;

	private final GradingRuleStore grading;

	private final DataScopes scopes;

	private final UserDirectory users;

	private final Idempotency idempotency;

	private final dev.closer.shared.tx.Transactions transactions;

	private final PoolScope poolScope;

	private final TeamAccess teamAccess;

	LeadApiController(dev.closer.shared.tx.Transactions transactions, PoolScope poolScope, TeamAccess teamAccess, LeadIntake intake, LeadQueries queries, LeadCommands commands, AllocationHistory history,
			PolicyStore policies, GradingRuleStore grading, DataScopes scopes, UserDirectory users,
			Idempotency idempotency, IntakeBatcher batcher) {
		this.batcher = batcher;
		this.intake = intake;
		this.queries = queries;
		this.commands = commands;
		this.history = history;
		this.policies = policies;
		this.grading = grading;
		this.scopes = scopes;
		this.users = users;
		this.idempotency = idempotency;
		this.transactions = transactions;
		this.poolScope = poolScope;
		this.teamAccess = teamAccess;
	}

	record IntakeResponse(LeadView lead, LeadIntake.Outcome outcome, Long duplicateOf, Long decisionId, Long ownerId,
			String reason) {
	}

	@PostMapping("/leads")
	@Operation(summary = "Submit a lead: graded, deduplicated and allocated at once (honours Idempotency-Key)")
	ResponseEntity<?> create(CurrentUser me, @Valid @RequestBody LeadRequest request,
			@RequestHeader(name = "Idempotency-Key", required = false) String key) {
		if (key == null || key.isBlank()) {
			// no key to remember: concurrent submissions share one transaction (group commit)
			return created(batcher.submit(request, me));
		}
		return transactions.retryingOnContention(() -> idempotency.once(key, me.username(), "POST /api/leads", request,
				() -> created(intake.create(request, me))));
	}

	private static ResponseEntity<?> created(LeadIntake.Result result) {
		var allocation = result.allocation();
		return ResponseEntity.created(URI.create("/api/leads/" + result.lead().id()))
			.body(new IntakeResponse(result.lead(), result.outcome(), result.duplicateOf(),
					allocation == null ? null : allocation.decisionId(), result.lead().ownerId(),
					allocation == null ? null : allocation.reasonKey()));
	}

	@GetMapping("/leads")
	@Operation(summary = "Leads within the caller's data scope")
	PageResult<LeadView> list(CurrentUser me, @RequestParam(required = false) String q,
			@RequestParam(required = false) LeadStatus status, @RequestParam(required = false) Grade grade,
			@RequestParam(required = false) Long teamId, @RequestParam(required = false) Long ownerId,
			@RequestParam(defaultValue = "0") int page, @RequestParam(required = false) Integer size,
			@RequestParam(required = false) String sort, @RequestParam(required = false) String dir,
			@RequestParam(required = false) String heat) {
		return queries.search(scopes.of(me),
				new LeadQueries.LeadFilter(q, status, grade, teamId, ownerId, sort, dir, heat(heat)),
				Math.max(0, page), PageResult.size(size));
	}

	@GetMapping("/leads/{id}")
	LeadView one(CurrentUser me, @PathVariable long id) {
		return queries.find(id, scopes.of(me), me.teamId()).orElseThrow(() -> new NotFoundException("lead", id));
	}

	@GetMapping("/leads/{id}/allocation")
	@Operation(summary = "Every allocation decision on a lead: candidates, reasons, scores, winner")
	List<AllocationHistory.Decision> allocation(CurrentUser me, @PathVariable long id, Locale locale) {
		one(me, id);
		return history.of(id, locale);
	}

	@GetMapping("/pool")
	@Operation(summary = "The public pool of the caller's team(s)")
	PageResult<LeadView> pool(CurrentUser me, @RequestParam(required = false) String q,
			@RequestParam(required = false) Grade grade, @RequestParam(required = false) Long teamId,
			@RequestParam(defaultValue = "0") int page, @RequestParam(required = false) Integer size) {
		return queries.pool(poolScope.teams(me), new LeadQueries.LeadFilter(q, null, grade, teamId, null, null, null),
				Math.max(0, page), PageResult.size(size));
	}

	@PostMapping("/leads/{id}/claim")
	@Operation(summary = "Claim a lead from the public pool (daily limit, cooldown, capacity)")
	LeadView claim(CurrentUser me, @PathVariable long id) {
		return commands.claim(id, me);
	}

	record ReasonRequest(@Size(max = 500) String reason) {
	}

	@PostMapping("/leads/{id}/release")
	LeadView release(CurrentUser me, @PathVariable long id, @Valid @RequestBody ReasonRequest request) {
		return commands.release(id, request.reason(), me);
	}

	record ReassignRequest(@NotNull Long ownerId, @Size(max = 500) String reason) {
	}

	@PostMapping("/leads/{id}/reassign")
	@Operation(summary = "Give a lead to a named rep of its team; a reason is required and audited")
	LeadView reassign(CurrentUser me, @PathVariable long id, @Valid @RequestBody ReassignRequest request) {
		return commands.reassign(id, request.ownerId(), request.reason(), me);
	}

	@GetMapping("/teams/{teamId}/allocation-policy")
	PolicyStore.Versioned policy(CurrentUser me, @PathVariable long teamId) {
		requireTeam(me, teamId, false);
		return policies.current(teamId);
	}

	record PolicyRequest(@NotNull @Valid PolicySettings settings, @Size(max = 500) String comment) {
	}

	@PutMapping("/teams/{teamId}/allocation-policy")
	@Operation(summary = "Save a new version of a team's allocation policy (validated)")
	PolicyStore.Versioned savePolicy(CurrentUser me, @PathVariable long teamId,
			@Valid @RequestBody PolicyRequest request) {
		requireTeam(me, teamId, true);
		return policies.save(teamId, request.settings(), request.comment());
	}

	@GetMapping("/grading-rules")
	GradingRuleStore.Versioned gradingRules() {
		return grading.current();
	}

	record GradingRequest(@NotNull GradingRules rules, @Size(max = 500) String comment) {
	}

	@PutMapping("/admin/grading-rules")
	GradingRuleStore.Versioned saveGrading(@Valid @RequestBody GradingRequest request) {
		return grading.save(request.rules(), request.comment());
	}

	/** RED, YELLOW or none; anything else is refused rather than ignored. */
	static String heat(String heat) {
		if (heat == null || heat.isBlank()) {
			return null;
		}
		String h = heat.strip().toUpperCase(Locale.ROOT);
		if (!h.equals("RED") && !h.equals("YELLOW")) {
			throw BusinessException.invalidField("heat", "error.lead.badHeat", heat);
		}
		return h;
	}

	private void requireTeam(CurrentUser me, long teamId, boolean edit) {
		teamAccess.require(me, teamId, edit);
	}
}
