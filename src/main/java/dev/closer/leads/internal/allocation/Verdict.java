package dev.closer.leads.internal.allocation;

/**
 * One eligibility rule's answer for one candidate: allowed or rejected, always with a reason the UI can show
 * and the audit can store (STYLE: rules as named policies returning a verdict with a reason).
 *
 * @param rule the rule's stable name, e.g. {@code activeAccount}
 * @param allowed whether this rule lets the candidate take the lead
 * @param reason why; keys are {@code allocation.rule.<rule>.allowed} / {@code allocation.rule.<rule>.rejected}
 */
public record Verdict(String rule, boolean allowed, Reason reason) {

	static Verdict allow(String rule) {
		return new Verdict(rule, true, Reason.of("allocation.rule." + rule + ".allowed"));
	}

	static Verdict reject(String rule, Object... args) {
		return new Verdict(rule, false, Reason.of("allocation.rule." + rule + ".rejected", args));
	}
}
