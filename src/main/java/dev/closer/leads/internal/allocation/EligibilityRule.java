package dev.closer.leads.internal.allocation;

/**
 * A rule a candidate must pass to be eligible for a lead (SPEC L4: active, has the required skill and region,
 * below hard capacity; L7: not the previous owner within the reclaim cooldown). All rules are evaluated for
 * every candidate, so a rejected rep's explanation lists every reason, not only the first.
 * <p>
 * Contract: pure and deterministic; returns the rule's shared {@code allowed} verdict (no allocation on the
 * hot path) or a new rejection carrying the facts that caused it.
 */
interface EligibilityRule {

	/** Stable name, stored with verdicts. */
	String name();

	Verdict check(Candidate candidate, DecisionContext context);
}
