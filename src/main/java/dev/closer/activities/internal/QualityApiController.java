package dev.closer.activities.internal;

import java.net.URI;
import java.time.Instant;
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

import dev.closer.customers.CustomerDirectory;
import dev.closer.leads.LeadActivityLink;
import dev.closer.shared.idempotency.Idempotency;
import dev.closer.shared.problem.NotFoundException;
import dev.closer.shared.security.CurrentUser;
import dev.closer.shared.tx.Transactions;
import dev.closer.shared.web.PageResult;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * REST API of call transcripts (SPEC F4), follow-up quality and the review queue (F5), repeated-topic alarms (F6)
 * and their rule data: the keyword dictionary and the quality rule (P5, admins).
 */
@RestController
@RequestMapping("/api")
@Tag(name = "Follow-up quality", description = "Call transcripts, keyword spotting, quality scores, review queue, alarms")
class QualityApiController {

	private final TranscriptService transcripts;

	private final TranscriptQueries transcriptQueries;

	private final FollowUpQuality quality;

	private final ReviewQueue review;

	private final TopicAlarms alarms;

	private final ActivityRules rules;

	private final ActivityQueries activities;

	private final CustomerDirectory customers;

	private final LeadActivityLink leads;

	private final Idempotency idempotency;

	private final Transactions transactions;

	QualityApiController(TranscriptService transcripts, TranscriptQueries transcriptQueries, FollowUpQuality quality,
			ReviewQueue review, TopicAlarms alarms, ActivityRules rules, ActivityQueries activities,
			CustomerDirectory customers, LeadActivityLink leads, Idempotency idempotency, Transactions transactions) {
		this.transcripts = transcripts;
		this.transcriptQueries = transcriptQueries;
		this.quality = quality;
		this.review = review;
		this.alarms = alarms;
		this.rules = rules;
		this.activities = activities;
		this.customers = customers;
		this.leads = leads;
		this.idempotency = idempotency;
		this.transactions = transactions;
	}

	@PostMapping("/customers/{id}/transcripts")
	@Operation(summary = "Attach a call transcript (segments with start time, speaker, text; start as seconds or "
			+ "hh:mm:ss.fff) to a customer: topics of the keyword dictionary are spotted and stored as a timestamped "
			+ "summary. Segments out of order or overlapping, empty text, limits: 422 naming the segment (by its "
			+ "array index, from 0); unknown "
			+ "customer or out of scope: 404; nothing saved then. Honours Idempotency-Key")
	ResponseEntity<?> attach(CurrentUser me, @PathVariable long id,
			@RequestBody(required = false) TranscriptRequest request,
			@RequestHeader(name = "Idempotency-Key", required = false) String key, Locale locale) {
		return transactions.retryingOnContention(() -> idempotency.once(key, me.username(),
				"POST /api/customers/" + id + "/transcripts", request, () -> {
					long tid = transcripts.attach(id, request, me);
					return ResponseEntity.created(URI.create("/api/transcripts/" + tid))
						.body(transcriptQueries.find(tid, locale).orElseThrow());
				}));
	}

	@GetMapping("/customers/{id}/transcripts")
	@Operation(summary = "A customer's transcripts with their topic summaries, newest first")
	List<TranscriptQueries.TranscriptView> transcripts(CurrentUser me, @PathVariable long id, Locale locale) {
		customers.find(id, me).orElseThrow(() -> new NotFoundException("customer", id));
		return transcriptQueries.of(id, 200, locale);
	}

	record TranscriptDetail(TranscriptQueries.TranscriptView transcript, List<TranscriptQueries.SegmentView> segments) {
	}

	@GetMapping("/transcripts/{id}")
	TranscriptDetail transcript(CurrentUser me, @PathVariable long id, Locale locale) {
		TranscriptQueries.TranscriptView t = transcriptQueries.find(id, locale)
			.filter(v -> customers.find(v.customerId(), me).isPresent())
			.orElseThrow(() -> new NotFoundException("transcript", id));
		return new TranscriptDetail(t, transcriptQueries.segments(id));
	}

	@GetMapping("/customers/{id}/topic-alarms")
	@Operation(summary = "The customer's repeated-topic alarms (F6), newest first")
	List<TopicAlarms.Alarm> alarms(CurrentUser me, @PathVariable long id, Locale locale) {
		customers.find(id, me).orElseThrow(() -> new NotFoundException("customer", id));
		return alarms.of(id, locale);
	}

	@GetMapping("/activities/{id}/quality")
	@Operation(summary = "A follow-up's quality score 1-5 with each factor's points and reason, the rule version, the review state")
	FollowUpQuality.QualityView quality(CurrentUser me, @PathVariable long id, Locale locale) {
		ActivityView view = activities.find(id).orElseThrow(() -> new NotFoundException("activity", id));
		boolean visible = view.customerId() != null ? customers.find(view.customerId(), me).isPresent()
				: leads.subject(view.leadId(), me).isPresent();
		if (!visible) {
			throw new NotFoundException("activity", id);
		}
		return quality.find(id, locale).orElseThrow(() -> new NotFoundException("quality", id));
	}

	@GetMapping("/activities/review-queue")
	@Operation(summary = "Follow-ups scoring below the review bar in my teams (managerial roles); status PENDING (default), REVIEWED or ALL")
	PageResult<ReviewQueue.Item> reviewQueue(CurrentUser me, @RequestParam(required = false) Long repId,
			@RequestParam(required = false) Integer score, @RequestParam(required = false) String status,
			@RequestParam(defaultValue = "0") int page, @RequestParam(required = false) Integer size) {
		return review.list(me, ReviewQueue.Filter.of(repId, score, status), Math.max(0, page), PageResult.size(size));
	}

	record ReviewRequest(String comment) {
	}

	@PostMapping("/activities/{id}/review")
	@Operation(summary = "Mark a queued follow-up reviewed with a comment (managerial roles; audited)")
	ReviewQueue.Item markReviewed(CurrentUser me, @PathVariable long id, @RequestBody(required = false) ReviewRequest body) {
		return review.review(me, id, body == null ? null : body.comment());
	}

	record RuleResponse<T>(int version, T definition, Instant createdAt, String createdBy, String comment) {

		static <T> RuleResponse<T> of(ActivityRules.Version<T> v) {
			return new RuleResponse<>(v.version(), v.definition(), v.createdAt(), v.createdBy(), v.comment());
		}
	}

	record KeywordsRequest(List<KeywordDictionary.Topic> topics, String comment) {
	}

	@GetMapping("/admin/keyword-dictionary")
	@Operation(summary = "The current keyword dictionary: topics with Chinese and English terms (admins)")
	RuleResponse<KeywordDictionary> keywords() {
		return RuleResponse.of(rules.keywords());
	}

	@PutMapping("/admin/keyword-dictionary")
	@Operation(summary = "Save a new version of the keyword dictionary (validated: codes, names, no empty term, no term "
			+ "under two topics, limits, topics the quality rule refers to; audited)")
	RuleResponse<KeywordDictionary> saveKeywords(@RequestBody(required = false) KeywordsRequest request) {
		return RuleResponse.of(rules.saveKeywords(request == null ? null : new KeywordDictionary(request.topics()),
				request == null ? null : request.comment()));
	}

	@GetMapping("/admin/keyword-dictionary/versions")
	List<RuleResponse<?>> keywordVersions() {
		return rules.history(ActivityRules.KEYWORDS).stream().<RuleResponse<?>>map(RuleResponse::of).toList();
	}

	record QualityRuleRequest(QualityRule rule, String comment) {
	}

	@GetMapping("/admin/quality-rule")
	@Operation(summary = "The current follow-up quality rule: weights, thresholds, review bar, key actions, alarm count (admins)")
	RuleResponse<QualityRule> qualityRule() {
		return RuleResponse.of(rules.quality());
	}

	@PutMapping("/admin/quality-rule")
	@Operation(summary = "Save a new version of the quality rule (validated; audited; applies to follow-ups recorded from now on)")
	RuleResponse<QualityRule> saveQualityRule(@RequestBody(required = false) QualityRuleRequest request) {
		return RuleResponse.of(rules.saveQuality(request == null ? null : request.rule(),
				request == null ? null : request.comment()));
	}

	@GetMapping("/admin/quality-rule/versions")
	List<RuleResponse<?>> qualityVersions() {
		return rules.history(ActivityRules.QUALITY).stream().<RuleResponse<?>>map(RuleResponse::of).toList();
	}
}
