package dev.closer.leads.internal.allocation;

/**
 * (e) Fairness: reps who received fewer grade-A leads in the fairness window than the mean of the eligible reps
 * score higher: {@code clamp(0.5 + (mean − mine) / (2 × max(mean, 1)), 0, 1)}. At the mean 0.5; none while the
 * mean is at least 1 gives 1; twice the mean gives 0. The {@code max(mean, 1)} keeps a team that has had almost
 * no grade-A leads from swinging between 0 and 1 over a single lead. Computed as
 * {@code 0.5 + (mean − mine) × scale} with {@code scale = 1 / (2 × max(mean, 1))} once per decision.
 */
final class Fairness implements ScoreComponent {

	@Override
	public Component id() {
		return Component.FAIRNESS;
	}

	@Override
	public double score(Candidate candidate, DecisionContext context) {
		return of(candidate.gradeAReceivedInWindow(), context.fairnessMean, context.fairnessScale);
	}

	/** @param scale {@link #scale(double)} of the mean, precomputed once per decision */
	static double of(int received, double mean, double scale) {
		return Unit.clamp(0.5 + (mean - received) * scale);
	}

	/** {@code 1 / (2 × max(mean, 1))}. */
	static double scale(double mean) {
		return 1 / (2 * Math.max(mean, 1));
	}
}
