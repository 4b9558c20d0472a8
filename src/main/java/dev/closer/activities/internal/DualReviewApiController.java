package dev.closer.activities.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.context.MessageSource;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import dev.closer.activities.internal.DualReviewSampler.IsoWeek;
import dev.closer.identity.TeamSummary;
import dev.closer.identity.UserDirectory;
import dev.closer.shared.problem.NotFoundException;
import dev.closer.shared.security.CurrentUser;
import dev.closer.shared.web.PageResult;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * REST API of the weekly dual review and its knowledge base (SPEC F7): my pending reviews, draws, items, tagging,
 * knowledge base search and export; for admins the rule (versioned, validated) and "draw now for week X".
 */
@RestController
@RequestMapping("/api")
@Tag(name = "Dual review", description = "Weekly dual review of high-value customers' follow-ups, knowledge base")
class DualReviewApiController {

	private final DualReviews reviews;

	private final DualReviewDraws draws;

	private final KnowledgeBase knowledge;

	private final ActivityRules rules;

	private final UserDirectory users;

	private final MessageSource messages;

	DualReviewApiController(DualReviews reviews, DualReviewDraws draws, KnowledgeBase knowledge, ActivityRules rules,
			UserDirectory users, MessageSource messages) {
		this.reviews = reviews;
		this.draws = draws;
		this.knowledge = knowledge;
		this.rules = rules;
		this.users = users;
		this.messages = messages;
	}

	@GetMapping("/dual-review/pending")
	@Operation(summary = "Drawn follow-ups waiting for my tag (I am their manager or senior-rep reviewer)")
	List<DualReviews.Item> pending(CurrentUser me) {
		return reviews.pending(me);
	}

	@GetMapping("/dual-review/draws")
	@Operation(summary = "Draws I may see (my teams', or with a review of mine), newest week first; week=2026-W47 filters")
	List<DualReviews.Draw> list(CurrentUser me, @RequestParam(required = false) String week) {
		return reviews.draws(me, week, 500);
	}

	record DrawDetail(DualReviews.Draw draw, List<DualReviews.Item> items) {
	}

	@GetMapping("/dual-review/draws/{id}")
	@Operation(summary = "A draw (seed, rule version, candidate count, drawn ids) with the items I may see")
	DrawDetail draw(CurrentUser me, @PathVariable long id) {
		var d = reviews.draw(me, id);
		return new DrawDetail(d.getKey(), d.getValue());
	}

	@GetMapping("/dual-review/items/{id}")
	@Operation(summary = "A drawn follow-up with both reviews")
	DualReviews.Item item(CurrentUser me, @PathVariable long id) {
		return reviews.item(me, id);
	}

	record TagRequest(String tag, String comment) {
	}

	@PostMapping("/dual-review/items/{id}/tag")
	@Operation(summary = "Tag a drawn follow-up as REPRODUCIBLE (可复制动作) or RISK (风险动作) with a comment (required); "
			+ "only its assigned reviewers (403 for others who may see it, 404 for the rest); audited")
	DualReviews.Item tag(CurrentUser me, @PathVariable long id, @RequestBody(required = false) TagRequest request) {
		return reviews.tag(me, id, request == null ? null : request.tag(), request == null ? null : request.comment());
	}

	@GetMapping("/knowledge")
	@Operation(summary = "Knowledge base: tagged follow-ups, by scenario (template code, NONE), tag, text, team; paged")
	PageResult<KnowledgeBase.Entry> search(CurrentUser me, @RequestParam(required = false) String scenario,
			@RequestParam(required = false) String tag, @RequestParam(required = false) String q,
			@RequestParam(required = false) Long teamId, @RequestParam(defaultValue = "0") int page,
			@RequestParam(required = false) Integer size) {
		return knowledge.search(me, KnowledgeBase.Filter.of(scenario, tag, q, teamId), Math.max(0, page),
				PageResult.size(size));
	}

	@GetMapping("/knowledge/export")
	@Operation(summary = "The knowledge base search as XLSX")
	ResponseEntity<StreamingResponseBody> export(CurrentUser me, @RequestParam(required = false) String scenario,
			@RequestParam(required = false) String tag, @RequestParam(required = false) String q,
			@RequestParam(required = false) Long teamId, Locale locale) {
		return DualReviewPageController.export(knowledge, messages, me, KnowledgeBase.Filter.of(scenario, tag, q, teamId),
				locale);
	}

	record RuleResponse(int version, DualReviewRule definition, Instant createdAt, String createdBy, String comment) {

		static RuleResponse of(ActivityRules.Version<?> v) {
			return new RuleResponse(v.version(), (DualReviewRule) v.definition(), v.createdAt(), v.createdBy(), v.comment());
		}
	}

	record RuleRequest(DualReviewRule rule, String comment) {
	}

	@GetMapping("/admin/dual-review-rule")
	@Operation(summary = "The current dual review rule: high-value threshold, key accounts, sample rate, minimum, draw day/hour, senior rep rule")
	RuleResponse rule() {
		return RuleResponse.of(rules.dualReview());
	}

	@PutMapping("/admin/dual-review-rule")
	@Operation(summary = "Save a new version of the dual review rule (validated; audited; the next draw uses it)")
	RuleResponse saveRule(@RequestBody(required = false) RuleRequest request) {
		return RuleResponse.of(rules.saveDualReview(request == null ? null : request.rule(),
				request == null ? null : request.comment()));
	}

	@GetMapping("/admin/dual-review-rule/versions")
	List<RuleResponse> ruleVersions() {
		return rules.history(ActivityRules.DUAL_REVIEW).stream().map(RuleResponse::of).toList();
	}

	record DrawRequest(String week, Long teamId) {
	}

	@PostMapping("/admin/dual-review/draws")
	@Operation(summary = "Draw now for an ended ISO week (week=2026-W47), for one team (teamId) or every team; a team "
			+ "already drawn for that week keeps its draw (created=false)")
	List<DualReviewDraws.Outcome> drawNow(CurrentUser me, @RequestBody(required = false) DrawRequest request) {
		IsoWeek week = IsoWeek.parse(request == null ? null : request.week(), "week");
		List<Long> teams = new ArrayList<>();
		if (request.teamId() != null) {
			users.team(request.teamId()).orElseThrow(() -> new NotFoundException("team", request.teamId()));
			teams.add(request.teamId());
		}
		else {
			users.teams().stream().map(TeamSummary::id).forEach(teams::add);
		}
		List<DualReviewDraws.Outcome> outcomes = new ArrayList<>();
		for (long team : teams) {
			outcomes.add(draws.draw(team, week, "MANUAL", me.username(), true));
		}
		return outcomes;
	}
}
