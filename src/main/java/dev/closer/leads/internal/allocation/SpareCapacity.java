package dev.closer.leads.internal.allocation;

/**
 * (a) Spare capacity = 1 − clamp(load rate, 0, 1), load rate = active leads / baseline (the rep's own or the
 * role baseline). A rep at or over 100 % scores 0; how far over is told by the raw load rate the decision
 * reports and by the hard capacity rule.
 */
final class SpareCapacity implements ScoreComponent {

	@Override
	public Component id() {
		return Component.SPARE_CAPACITY;
	}

	@Override
	public double score(Candidate candidate, DecisionContext context) {
		return of(candidate.loadRate(context.policy));
	}

	static double of(double loadRate) {
		return 1 - Unit.clamp(loadRate);
	}
}
