package dev.closer.leads.internal.allocation;

/**
 * (b) Grade-A conversion over the last 30 days, smoothed towards a prior so that a new rep is not starved:
 * {@code (won + priorRate × priorWeight) / (closed + priorWeight)}. With the defaults (0.3 × 5) a rep with no
 * history scores 0.3, one with 0 of 10 scores 0.1, one with 10 of 10 scores 0.767. With prior weight 0 and no
 * history the score is the prior rate.
 */
final class Conversion implements ScoreComponent {

	@Override
	public Component id() {
		return Component.CONVERSION;
	}

	@Override
	public double score(Candidate candidate, DecisionContext context) {
		return of(candidate.gradeAWon30d(), candidate.gradeAClosed30d(), context.policy.conversionPriorRate(),
				context.policy.conversionPriorWeight());
	}

	static double of(int won, int closed, double priorRate, double priorWeight) {
		double denominator = closed + priorWeight;
		if (denominator <= 0) {
			return priorRate;
		}
		return (won + priorRate * priorWeight) / denominator;
	}
}
