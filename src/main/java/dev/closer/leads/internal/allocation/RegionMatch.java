package dev.closer.leads.internal.allocation;

/**
 * (c) Region match by haversine distance d from the rep's base to the customer, with reach = service radius
 * + tolerance: 1 when d ≤ reach; beyond, linear decay {@code max(0, 1 − (d − reach) / decayKm)}, reaching 0 at
 * reach + decay (default 5 km tolerance, 50 km decay: a customer 25 km past the reach scores 0.5). Linear
 * because a manager can check it by hand. 0.5 (neutral: neither helps nor hurts against an unknown) when the
 * customer's location or the rep's service area is unknown. The division is done as a multiplication by the
 * reciprocal computed once per decision (equal to the division within one ulp).
 */
final class RegionMatch implements ScoreComponent {

	static final double UNKNOWN = 0.5;

	@Override
	public Component id() {
		return Component.REGION_MATCH;
	}

	@Override
	public double score(Candidate candidate, DecisionContext context) {
		return of(candidate, context);
	}

	static double of(Candidate candidate, DecisionContext context) {
		GeoPoint customer = context.customer;
		if (!candidate.hasArea || customer == null) {
			return UNKNOWN;
		}
		double distance = GeoPoint.distanceKm(candidate.baseX, candidate.baseY, candidate.baseZ, customer.x,
				customer.y, customer.z);
		return of(distance, candidate.radiusKm, context.policy.regionToleranceKm(), context.inverseDecayKm);
	}

	/**
	 * Branch-free on purpose (inside or outside the reach is a coin toss per rep, which a branch predictor
	 * cannot learn): for d ≤ reach, {@code 1 − (d − reach) / decay ≥ 1} and the clamp makes it exactly 1.
	 *
	 * @param inverseDecayKm 1 / decay distance, precomputed once per decision
	 */
	static double of(double distanceKm, double radiusKm, double toleranceKm, double inverseDecayKm) {
		double beyond = distanceKm - (radiusKm + toleranceKm);
		return Unit.clamp(1 - beyond * inverseDecayKm);
	}
}
