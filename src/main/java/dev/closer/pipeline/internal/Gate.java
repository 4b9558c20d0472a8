package dev.closer.pipeline.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.closer.activities.FollowUpEvidence.EvidenceItem;

/**
 * The stage gate (SPEC O2, O3) as a pure function: each requirement of a stage is one named policy, evaluated to
 * satisfied or missing against the evidence gathered since the stage was entered. No Spring, no SQL, no clock.
 * <ul>
 * <li>{@code FOLLOW_UP_SCENARIO}: a follow-up of that scenario on the customer at or after the stage's entry;</li>
 * <li>{@code MEETING_BOOKED}: a MEETING or VISIT follow-up on the customer at or after the entry;</li>
 * <li>{@code DELIVERABLE}: a file of that kind whose type (detected by content) the requirement allows, uploaded at
 * or after the entry, with its SHA-256 recorded;</li>
 * <li>{@code FIELD_SET}: the opportunity's field is filled (amount: any value ≥ 0);</li>
 * <li>{@code TENDER_NODES_DONE}: the opportunity has a tender project, it has the named node, and that node and
 * every node before it are DONE or SKIPPED (the refusal names the open ones);</li>
 * <li>{@code CONTRACT_APPROVED}: the opportunity's latest contract approval request is APPROVED (a rejected one
 * does not count; a pending one names its step).</li>
 * </ul>
 */
final class Gate {

	private Gate() {
	}

	/** What the gate looks at on the opportunity. */
	record Facts(BigDecimal amount, LocalDate expectedCloseOn, String productLines, String decisionMaker,
			Instant stageEnteredAt, List<TenderNode> tenderNodes, Contract contract) {

		Facts(BigDecimal amount, LocalDate expectedCloseOn, String productLines, String decisionMaker,
				Instant stageEnteredAt) {
			this(amount, expectedCloseOn, productLines, decisionMaker, stageEnteredAt, null, null);
		}

		/** The same facts with the opportunity's tender nodes (null: no tender) and latest contract approval. */
		Facts with(List<TenderNode> nodes, Contract latest) {
			return new Facts(amount, expectedCloseOn, productLines, decisionMaker, stageEnteredAt, nodes, latest);
		}
	}

	/** A tender node as the gate sees it: code, position and status (OPEN, DONE, SKIPPED). */
	record TenderNode(String code, int order, String status) {
	}

	/** The latest contract approval request: status (PENDING, APPROVED, REJECTED) and the pending step's code. */
	record Contract(long id, String status, String pendingStep) {
	}

	/** An uploaded deliverable as the gate sees it. */
	record Upload(long id, String kind, String fileType, String sha256, Instant uploadedAt, String fileName) {
	}

	/**
	 * One requirement evaluated.
	 * @param reason when missing, a message key saying why ({@code gate.missing.*}), with {@code args}
	 */
	record Check(String code, StageTemplate.Kind kind, StageTemplate.Requirement requirement, boolean satisfied,
			String reason, List<Object> args, Long evidenceId) {

		String label(Locale locale) {
			return requirement.label(locale);
		}
	}

	static List<Check> evaluate(StageTemplate.Stage stage, Facts facts, List<EvidenceItem> followUps,
			List<Upload> uploads) {
		List<Check> checks = new ArrayList<>();
		for (StageTemplate.Requirement r : stage.requirementList()) {
			checks.add(check(r, facts, followUps, uploads));
		}
		return checks;
	}

	static List<Check> missing(List<Check> checks) {
		return checks.stream().filter(c -> !c.satisfied()).toList();
	}

	static Check check(StageTemplate.Requirement r, Facts facts, List<EvidenceItem> followUps, List<Upload> uploads) {
		Instant since = facts.stageEnteredAt();
		switch (r.kind()) {
			case FOLLOW_UP_SCENARIO -> {
				for (EvidenceItem e : followUps) {
					if (r.scenario().equals(e.templateCode()) && !e.occurredAt().isBefore(since)) {
						return ok(r, e.id());
					}
				}
				return no(r, "gate.missing.followUp", r.scenario());
			}
			case MEETING_BOOKED -> {
				for (EvidenceItem e : followUps) {
					if (("MEETING".equals(e.channel()) || "VISIT".equals(e.channel())) && !e.occurredAt().isBefore(since)) {
						return ok(r, e.id());
					}
				}
				return no(r, "gate.missing.meeting");
			}
			case DELIVERABLE -> {
				String why = "gate.missing.deliverable";
				List<Object> args = List.of(r.deliverable());
				for (Upload u : uploads) {
					if (!r.deliverable().equals(u.kind())) {
						continue;
					}
					if (u.uploadedAt().isBefore(since)) {
						why = "gate.missing.deliverableBeforeStage";
						args = List.of(r.deliverable(), String.valueOf(u.fileName()));
						continue;
					}
					if (r.fileTypes() == null || !r.fileTypes().contains(u.fileType())) {
						why = "gate.missing.deliverableType";
						args = List.of(r.deliverable(), u.fileType(), String.join(", ", r.fileTypes()));
						continue;
					}
					if (u.sha256() == null || u.sha256().isBlank()) {
						why = "gate.missing.deliverableChecksum";
						args = List.of(r.deliverable(), String.valueOf(u.fileName()));
						continue;
					}
					return ok(r, u.id());
				}
				return new Check(r.code(), r.kind(), r, false, why, args, null);
			}
			case FIELD_SET -> {
				boolean set = switch (r.field()) {
					case AMOUNT -> facts.amount() != null;
					case CLOSE_DATE -> facts.expectedCloseOn() != null;
					case PRODUCT_LINES -> facts.productLines() != null && !facts.productLines().isBlank();
					case DECISION_MAKER -> facts.decisionMaker() != null && !facts.decisionMaker().isBlank();
				};
				return set ? ok(r, null) : no(r, "gate.missing.field." + r.field().name());
			}
			case TENDER_NODES_DONE -> {
				List<TenderNode> nodes = facts.tenderNodes();
				if (nodes == null) {
					return no(r, "gate.missing.tender", r.node());
				}
				TenderNode last = nodes.stream().filter(n -> n.code().equals(r.node())).findFirst().orElse(null);
				if (last == null) {
					return no(r, "gate.missing.tenderNode", r.node());
				}
				List<String> open = nodes.stream()
					.filter(n -> n.order() <= last.order() && "OPEN".equals(n.status()))
					.sorted(java.util.Comparator.comparingInt(TenderNode::order)).map(TenderNode::code).toList();
				return open.isEmpty() ? ok(r, null)
						: no(r, "gate.missing.tenderNodesOpen", r.node(), open.size(), String.join(", ", open));
			}
			case CONTRACT_APPROVED -> {
				Contract c = facts.contract();
				if (c == null) {
					return no(r, "gate.missing.contract");
				}
				return switch (c.status()) {
					case "APPROVED" -> ok(r, c.id());
					case "PENDING" -> no(r, "gate.missing.contractPending", c.pendingStep());
					default -> no(r, "gate.missing.contractRejected");
				};
			}
			default -> throw new IllegalStateException("unknown requirement kind " + r.kind());
		}
	}

	/** "R2 FIELD_SET AMOUNT": a requirement in words for the audit trail. */
	static String describe(Check c) {
		StageTemplate.Requirement r = c.requirement();
		String param = switch (r.kind()) {
			case FOLLOW_UP_SCENARIO -> r.scenario();
			case DELIVERABLE -> r.deliverable();
			case FIELD_SET -> r.field().name();
			case TENDER_NODES_DONE -> r.node();
			case MEETING_BOOKED, CONTRACT_APPROVED -> "";
		};
		return (c.code() + " " + r.kind() + " " + param).strip();
	}

	private static Check ok(StageTemplate.Requirement r, Long evidence) {
		return new Check(r.code(), r.kind(), r, true, null, List.of(), evidence);
	}

	private static Check no(StageTemplate.Requirement r, String reason, Object... args) {
		return new Check(r.code(), r.kind(), r, false, reason, List.of(args), null);
	}
}
