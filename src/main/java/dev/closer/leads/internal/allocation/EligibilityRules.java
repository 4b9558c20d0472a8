package dev.closer.leads.internal.allocation;

import java.util.List;

/**
 * The eligibility rules, in the order decisions report their verdicts. Each rule's decision lives in its
 * static {@code allows} predicate, which both its {@code check} and the engine's hot loop call, so the
 * allocation-free fast path and the explained verdict cannot disagree.
 */
final class EligibilityRules {

	static final EligibilityRule[] ALL = { new ActiveAccount(), new BelowHardCapacity(), new HasRequiredSkill(),
			new ServesRequiredRegion(), new NotPreviousOwnerWithinCooldown() };

	private EligibilityRules() {
	}

	static List<EligibilityRule> list() {
		return List.of(ALL);
	}

	/** The account must be ACTIVE as re-read in the allocation transaction: a disabled rep owns nothing new (P1, P2). */
	static final class ActiveAccount implements EligibilityRule {

		static final String NAME = "activeAccount";

		private static final Verdict ALLOWED = Verdict.allow(NAME);

		@Override
		public String name() {
			return NAME;
		}

		@Override
		public Verdict check(Candidate candidate, DecisionContext context) {
			return allows(candidate) ? ALLOWED : Verdict.reject(NAME, candidate.displayName());
		}

		static boolean allows(Candidate candidate) {
			return candidate.active();
		}
	}

	/** Fewer active leads than the policy's hard capacity. Rejection args: active leads, hard capacity. */
	static final class BelowHardCapacity implements EligibilityRule {

		static final String NAME = "belowHardCapacity";

		private static final Verdict ALLOWED = Verdict.allow(NAME);

		@Override
		public String name() {
			return NAME;
		}

		@Override
		public Verdict check(Candidate candidate, DecisionContext context) {
			int cap = context.policy.hardCapacity();
			return allows(candidate, cap) ? ALLOWED : Verdict.reject(NAME, candidate.activeLeads(), cap);
		}

		static boolean allows(Candidate candidate, int hardCapacity) {
			return candidate.activeLeads() < hardCapacity;
		}
	}

	/**
	 * When the lead requires skills, the rep has at least one of them. Requiring all would make the skill-match
	 * component 1 for every eligible rep; with "at least one", a partial match may still win but scores lower.
	 * Rejection arg: the required skills, sorted.
	 */
	static final class HasRequiredSkill implements EligibilityRule {

		static final String NAME = "hasRequiredSkill";

		private static final Verdict ALLOWED = Verdict.allow(NAME);

		@Override
		public String name() {
			return NAME;
		}

		@Override
		public Verdict check(Candidate candidate, DecisionContext context) {
			String[] required = context.requiredSkills;
			if (allows(SkillMatch.matching(candidate, context), required.length)) {
				return ALLOWED;
			}
			return Verdict.reject(NAME, String.join(", ", required));
		}

		/** @param matching how many of the {@code required} skills the rep has */
		static boolean allows(int matching, int required) {
			return required == 0 || matching > 0;
		}
	}

	/** When the lead belongs to a region, the rep serves it. Rejection arg: the region id. */
	static final class ServesRequiredRegion implements EligibilityRule {

		static final String NAME = "servesRequiredRegion";

		private static final Verdict ALLOWED = Verdict.allow(NAME);

		@Override
		public String name() {
			return NAME;
		}

		@Override
		public Verdict check(Candidate candidate, DecisionContext context) {
			return allows(candidate, context) ? ALLOWED : Verdict.reject(NAME, context.lead.requiredRegionId());
		}

		static boolean allows(Candidate candidate, DecisionContext context) {
			if (!context.hasRequiredRegion) {
				return true;
			}
			return context.requiredRegionBit != 0 ? (candidate.regionBits & context.requiredRegionBit) != 0
					: candidate.serves(context.requiredRegion);
		}
	}

	/**
	 * The rep who lost this lead may not get it back before released-at + reclaim cooldown (SPEC L7); from that
	 * instant on they may. Rejection args: released at, cooldown ends at.
	 */
	static final class NotPreviousOwnerWithinCooldown implements EligibilityRule {

		static final String NAME = "notPreviousOwnerWithinCooldown";

		private static final Verdict ALLOWED = Verdict.allow(NAME);

		@Override
		public String name() {
			return NAME;
		}

		@Override
		public Verdict check(Candidate candidate, DecisionContext context) {
			return allows(candidate, context) ? ALLOWED
					: Verdict.reject(NAME, context.lead.previousOwnerReleasedAt(), context.cooldownEndsAt);
		}

		static boolean allows(Candidate candidate, DecisionContext context) {
			return !(context.previousOwnerBlocked && candidate.repId() == context.previousOwnerId);
		}
	}
}
