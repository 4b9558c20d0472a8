package dev.closer.leads.internal.allocation;

/**
 * How much each {@link Component} counts in the weighted total (SPEC L4: per team, default equal). Only
 * ratios matter: the total is {@code Σ weight × component / Σ weights}, so it stays in [0, 1]. A zero weight
 * removes its component. Values are checked by {@link AllocationPolicy#validate(AllocationPolicy)}, not
 * here, so that an admin's invalid input can be reported field by field.
 */
public record Weights(double capacity, double conversion, double region, double skill, double fairness) {

	/** All five components count the same (the default). */
	public static final Weights EQUAL = new Weights(1, 1, 1, 1, 1);

	public double of(Component component) {
		return switch (component) {
			case SPARE_CAPACITY -> capacity;
			case CONVERSION -> conversion;
			case REGION_MATCH -> region;
			case SKILL_MATCH -> skill;
			case FAIRNESS -> fairness;
		};
	}

	public double sum() {
		return capacity + conversion + region + skill + fairness;
	}
}
