package dev.closer.activities.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.springframework.context.MessageSource;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.closer.customers.CustomerDirectory;
import dev.closer.customers.CustomerRef;
import dev.closer.shared.export.XlsxExport;
import dev.closer.shared.idempotency.Idempotency;
import dev.closer.shared.problem.BusinessException;
import dev.closer.shared.problem.NotFoundException;
import dev.closer.shared.security.CurrentUser;
import dev.closer.shared.tx.Transactions;
import dev.closer.shared.web.PageResult;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pages of transcripts (SPEC F4: paste or upload a transcript JSON on a customer, a transcript with its summary) and
 * the manager review queue (F5: filter, paging, XLSX export, mark reviewed).
 */
@Controller
class QualityPageController {

	private final TranscriptService transcripts;

	private final TranscriptQueries transcriptQueries;

	private final ReviewQueue review;

	private final ActivityRules rules;

	private final CustomerDirectory customers;

	private final Idempotency idempotency;

	private final Transactions transactions;

	private final JsonMapper json;

	private final MessageSource messages;

	QualityPageController(TranscriptService transcripts, TranscriptQueries transcriptQueries, ReviewQueue review,
			ActivityRules rules, CustomerDirectory customers, Idempotency idempotency, Transactions transactions,
			JsonMapper json, MessageSource messages) {
		this.transcripts = transcripts;
		this.transcriptQueries = transcriptQueries;
		this.review = review;
		this.rules = rules;
		this.customers = customers;
		this.idempotency = idempotency;
		this.transactions = transactions;
		this.json = json;
		this.messages = messages;
	}

	@GetMapping("/activities/transcripts/new")
	String newTranscript(CurrentUser me, @RequestParam long customerId, Model model) {
		CustomerRef customer = customers.find(customerId, me).orElseThrow(() -> new NotFoundException("customer", customerId));
		model.addAttribute("customerId", customerId);
		model.addAttribute("customerName", customer.name());
		model.addAttribute("idempotencyKey", UUID.randomUUID().toString());
		return "activities/transcript-new";
	}

	@PostMapping("/activities/transcripts/new")
	String attach(CurrentUser me, @RequestParam long customerId, @RequestParam(required = false) String json,
			@RequestParam(required = false) MultipartFile file, @RequestParam(required = false) String idempotencyKey,
			Model model, RedirectAttributes redirect, Locale locale) throws IOException {
		CustomerRef customer = customers.find(customerId, me).orElseThrow(() -> new NotFoundException("customer", customerId));
		String text = file != null && !file.isEmpty() ? new String(file.getBytes(), StandardCharsets.UTF_8) : json;
		try {
			TranscriptRequest request;
			try {
				request = text == null || text.isBlank() ? null : this.json.readValue(text, TranscriptRequest.class);
			}
			catch (JacksonException e) {
				String why = e.getOriginalMessage();
				throw BusinessException.invalidField("json", "error.transcript.json",
						why == null ? "" : why.length() > 200 ? why.substring(0, 200) : why);
			}
			TranscriptRequest r = request;
			ResponseEntity<?> created = transactions.retryingOnContention(() -> idempotency.once(idempotencyKey,
					me.username(), "POST /activities/transcripts/new", r, () -> {
						long id = transcripts.attach(customerId, r, me);
						return ResponseEntity.created(URI.create("/activities/transcripts/" + id)).build();
					}));
			redirect.addFlashAttribute("flash", messages.getMessage("transcript.saved", null, locale));
			return "redirect:" + created.getHeaders().getLocation();
		}
		catch (NotFoundException e) {
			throw e;
		}
		catch (BusinessException e) {
			model.addAttribute("error", messages.getMessage(e.messageKey(), e.args(), e.messageKey(), locale)
					+ (e.field() == null ? "" : " (" + e.field() + ")"));
			model.addAttribute("customerId", customerId);
			model.addAttribute("customerName", customer.name());
			model.addAttribute("json", text);
			model.addAttribute("idempotencyKey", UUID.randomUUID().toString());
			return "activities/transcript-new";
		}
	}

	@GetMapping("/activities/transcripts/{id}")
	String transcript(CurrentUser me, @PathVariable long id, Model model, Locale locale) {
		TranscriptQueries.TranscriptView t = transcriptQueries.find(id, locale)
			.orElseThrow(() -> new NotFoundException("transcript", id));
		CustomerRef customer = customers.find(t.customerId(), me).orElseThrow(() -> new NotFoundException("transcript", id));
		model.addAttribute("t", t);
		model.addAttribute("customerName", customer.name());
		model.addAttribute("segments", transcriptQueries.segments(id));
		Map<String, String> labels = rules.byVersion(ActivityRules.KEYWORDS, t.dictionaryVersion())
			.map(v -> ((KeywordDictionary) v.definition()).labels(locale)).orElse(Map.of());
		model.addAttribute("labels", labels);
		return "activities/transcript";
	}

	@GetMapping("/activities/review")
	String reviewQueue(CurrentUser me, @RequestParam(required = false) Long repId,
			@RequestParam(required = false) Integer score, @RequestParam(required = false) String status,
			@RequestParam(defaultValue = "0") int page, @RequestParam(required = false) Integer size, Model model) {
		ReviewQueue.Filter filter = ReviewQueue.Filter.of(repId, score, status);
		model.addAttribute("filter", filter);
		model.addAttribute("statuses", List.of("PENDING", "REVIEWED", "ALL"));
		model.addAttribute("reps", review.reps(me));
		model.addAttribute("page", review.list(me, filter, Math.max(0, page), PageResult.size(size)));
		return "activities/review";
	}

	@GetMapping("/activities/review/export")
	ResponseEntity<StreamingResponseBody> export(CurrentUser me, @RequestParam(required = false) Long repId,
			@RequestParam(required = false) Integer score, @RequestParam(required = false) String status, Locale locale) {
		ReviewQueue.Filter filter = ReviewQueue.Filter.of(repId, score, status);
		ReviewQueue.requireManagerial(me);
		List<String> headers = List.of(m("review.col.id", locale), m("review.col.subject", locale),
				m("review.rep", locale), m("review.col.occurred", locale), m("review.score", locale),
				m("review.col.action", locale), m("review.status", locale), m("review.col.reviewer", locale),
				m("review.col.reviewedAt", locale), m("review.comment", locale));
		return XlsxExport.download("review-queue.xlsx", m("review.title", locale), headers, me.zoneId(),
				sink -> review.each(me, filter, i -> sink.row(java.util.Arrays.asList(i.activityId(), i.subjectName(),
						i.actorName(), i.occurredAt(), i.score(), i.action(), m("review.status." + i.status(), locale),
						i.reviewedBy(), i.reviewedAt(), i.comment()))));
	}

	@PostMapping("/activities/review/{id}")
	String markReviewed(CurrentUser me, @PathVariable long id, @RequestParam(required = false) String comment,
			RedirectAttributes redirect, Locale locale) {
		try {
			review.review(me, id, comment);
			redirect.addFlashAttribute("flash", m("review.done", locale));
		}
		catch (NotFoundException e) {
			throw e;
		}
		catch (BusinessException e) {
			redirect.addFlashAttribute("flashError", messages.getMessage(e.messageKey(), e.args(), e.messageKey(), locale));
		}
		return "redirect:/activities/review";
	}

	private String m(String key, Locale locale) {
		return messages.getMessage(key, null, key, locale);
	}
}
