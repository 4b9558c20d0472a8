package dev.closer.leads.internal.allocation;

/**
 * The five score components of SPEC L4, in the order decisions report them. Each scores a candidate in
 * [0, 1], higher is better; {@link Weights} says how much each counts.
 */
public enum Component {

	/** 1 − load rate, the load rate clamped to [0, 1]. See {@link SpareCapacity}. */
	SPARE_CAPACITY,

	/** Grade-A win rate over the last 30 days, smoothed by a prior. See {@link Conversion}. */
	CONVERSION,

	/** Customer inside the rep's service radius plus tolerance, decaying beyond. See {@link RegionMatch}. */
	REGION_MATCH,

	/** Share of the lead's required skills the rep has. See {@link SkillMatch}. */
	SKILL_MATCH,

	/** Fewer grade-A leads received recently than the team mean scores higher. See {@link Fairness}. */
	FAIRNESS
}
