package dev.closer.leads.internal.allocation;

/**
 * One term of the weighted score (SPEC L4 (a)–(e)). Contract: pure, deterministic, result in [0, 1] with
 * higher meaning better suited, computed for every candidate (eligible or not) so explanations can show what
 * an ineligible rep would have scored.
 */
interface ScoreComponent {

	Component id();

	double score(Candidate candidate, DecisionContext context);

	/** The components in {@link Component} order. */
	ScoreComponent[] ALL = { new SpareCapacity(), new Conversion(), new RegionMatch(), new SkillMatch(),
			new Fairness() };
}
