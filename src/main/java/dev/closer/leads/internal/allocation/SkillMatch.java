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
		return of(matching(candidate, context), context.requiredSkills.length);
	}

	static double of(int matching, int required) {
		return required == 0 ? 1 : (double) matching / required;
	}

	/**
	 * How many of the lead's required skills the rep has: one AND and a bit count when every required skill has a
	 * {@link Bits bit}, else by identity on the interned codes.
	 */
	static int matching(Candidate candidate, DecisionContext context) {
		if (context.skillsByBits) {
			return Long.bitCount(candidate.skillBits & context.requiredSkillBits);
		}
		int matching = 0;
		for (String skill : context.requiredSkills) {
			if (candidate.hasInterned(skill)) {
				matching++;
			}
		}
		return matching;
	}
}
