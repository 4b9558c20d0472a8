package dev.closer.leads.internal.allocation;

/**
 * (d) Skill match = share of the lead's required skills (industry / product line) the rep has; 1 when the lead
 * requires none.
 */
final class SkillMatch implements ScoreComponent {

	@Override
	public Component id() {
		return Component.SKILL_MATCH;
	}

	@Override
	public double score(Candidate candidate, DecisionContext context) {
		return of(matching(candidate, context.requiredSkills), context.requiredSkills.length);
	}

	static double of(int matching, int required) {
		return required == 0 ? 1 : (double) matching / required;
	}

	/** How many of the {@code required} (interned) skills the rep has, by identity on interned codes. */
	static int matching(Candidate candidate, String[] required) {
		int matching = 0;
		for (String skill : required) {
			if (candidate.hasInterned(skill)) {
				matching++;
			}
		}
		return matching;
	}
}
