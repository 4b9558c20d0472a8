package dev.closer.leads.internal.allocation;

import java.util.List;

/**
 * How one candidate fared in a decision (SPEC L5): every rule's verdict, every component score, the weighted
 * total, the rank and why they did not win.
 *
 * @param verdicts one per eligibility rule, in {@link EligibilityRules} order
 * @param loadRate raw load rate (active leads / baseline), not clamped
 * @param scores component scores indexed by {@link Component#ordinal()}
 * @param distanceKm customer distance from the rep's base, {@code null} when either location is unknown
 * @param total {@code Σ weight × score / Σ weights}
 * @param rank 1 for the first in the strategy's order among eligible reps, 0 for an ineligible rep
 * @param whyNotWinner {@code allocation.why.*}: the winner's line, or why this rep lost, or why nobody won
 */
public record CandidateAssessment(long repId, String displayName, boolean eligible, List<Verdict> verdicts,
		double loadRate, List<Double> scores, Double distanceKm, double total, int rank, Reason whyNotWinner) {

	public CandidateAssessment {
		verdicts = List.copyOf(verdicts);
		scores = List.copyOf(scores);
	}

	public double score(Component component) {
		return scores.get(component.ordinal());
	}

	/** The verdicts that rejected this rep; empty when eligible. */
	public List<Verdict> rejections() {
		return verdicts.stream().filter(v -> !v.allowed()).toList();
	}
}
