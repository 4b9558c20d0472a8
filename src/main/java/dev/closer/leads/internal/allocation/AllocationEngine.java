package dev.closer.leads.internal.allocation;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Decides who gets a lead (SPEC L4, L6) and records why (L5, L8). Stateless and thread-safe; the module's
 * service calls it inside the allocation transaction with data it has just read, including each rep's account
 * status (the validity probe), then persists the decision and assigns the winner.
 * <p>
 * Steps: (1) every candidate is checked against every {@link EligibilityRules eligibility rule}; (2) every
 * candidate is scored on every {@link Component} and the weighted total {@code Σ wₖ·sₖ / Σ wₖ} computed; (3)
 * the strategy's order ({@link Ranking}) picks the first eligible candidate; (4) active reps at or above the
 * overload threshold are listed. The decision time is passed in, never read from a clock, so a decision can be
 * replayed exactly.
 */
public final class AllocationEngine {

	private static final int K = Component.values().length;

	static {
		// the hot loop below names each rule and component; fail fast if the lists grow without it
		if (EligibilityRules.ALL.length != 5 || ScoreComponent.ALL.length != K || K != 5) {
			throw new IllegalStateException("AllocationEngine.decide must be updated for the new rules/components");
		}
	}

	/**
	 * @param lead the lead to allocate
	 * @param candidates the team's reps (any order; the decision keeps it); may be empty
	 * @param policy the team's current policy; must have no {@link AllocationPolicy#validate violations}
	 * @param now the decision time (cooldowns are measured against it)
	 * @throws IllegalArgumentException when the policy is invalid
	 */
	public AllocationDecision decide(LeadFacts lead, List<Candidate> candidates, AllocationPolicy policy,
			Instant now) {
		Objects.requireNonNull(lead, "lead");
		Objects.requireNonNull(now, "now");
		List<PolicyViolation> violations = AllocationPolicy.validate(policy);
		if (!violations.isEmpty()) {
			throw new IllegalArgumentException("invalid allocation policy v" + policy.version() + ": " + violations);
		}
		List<Candidate> reps = List.copyOf(candidates);
		int n = reps.size();
		DecisionContext context = new DecisionContext(lead, policy, now);

		// Pass 1 over the candidates: eligibility and the components that need only the rep and the lead.
		// Rules and components are called through their static predicates and formulas (monomorphic, inlined);
		// only a rejected rep goes through the rule list to collect its verdicts with reasons. The only
		// per-candidate array is the totals: loads, component scores, ranks and notices are recomputed from
		// the same pure functions when the decision is explained (see AllocationDecision).
		String[] required = context.requiredSkills;
		int requiredCount = required.length;
		int hardCapacity = policy.hardCapacity();
		int roleBaseline = policy.roleBaseline();
		double priorRate = policy.conversionPriorRate();
		double priorWeight = policy.conversionPriorWeight();
		double[] w = context.normalisedWeights;
		double wCapacity = w[Component.SPARE_CAPACITY.ordinal()];
		double wConversion = w[Component.CONVERSION.ordinal()];
		double wRegion = w[Component.REGION_MATCH.ordinal()];
		double wSkill = w[Component.SKILL_MATCH.ordinal()];
		double wFairness = w[Component.FAIRNESS.ordinal()];

		Verdict[][] verdicts = null;
		double[] totals = new double[n];
		long receivedByEligible = 0;
		int eligibleCount = 0;
		for (int i = 0; i < n; i++) {
			Candidate c = reps.get(i);
			int matching = requiredCount == 0 ? 0 : SkillMatch.matching(c, required);
			boolean eligible = EligibilityRules.ActiveAccount.allows(c)
					& EligibilityRules.BelowHardCapacity.allows(c, hardCapacity)
					& EligibilityRules.HasRequiredSkill.allows(matching, requiredCount)
					& EligibilityRules.ServesRequiredRegion.allows(c, context)
					& EligibilityRules.NotPreviousOwnerWithinCooldown.allows(c, context);
			if (eligible) {
				eligibleCount++;
				receivedByEligible += c.gradeAReceivedInWindow();
			}
			else {
				if (verdicts == null) {
					verdicts = new Verdict[n][];
				}
				verdicts[i] = verdictsOf(c, context);
			}
			int baseline = c.ownBaseline != 0 ? c.ownBaseline : roleBaseline;
			totals[i] = wCapacity * SpareCapacity.of((double) c.activeLeads() / baseline)
					+ wConversion * Conversion.of(c.gradeAWon30d(), c.gradeAClosed30d(), priorRate, priorWeight)
					+ wRegion * RegionMatch.of(c, context) + wSkill * SkillMatch.of(matching, requiredCount);
		}
		// Pass 2: fairness needs the eligible reps' mean; then the strategy's order picks the winner.
		double mean = eligibleCount == 0 ? 0 : (double) receivedByEligible / eligibleCount;
		context.fairnessMean(mean);
		double fairnessScale = context.fairnessScale;
		for (int i = 0; i < n; i++) {
			totals[i] += wFairness * Fairness.of(reps.get(i).gradeAReceivedInWindow(), mean, fairnessScale);
		}

		Strategy strategy = policy.strategy();
		Outcome outcome;
		int winner = -1;
		if (n == 0) {
			outcome = Outcome.NO_CANDIDATES;
		}
		else if (strategy == Strategy.MANUAL) {
			outcome = Outcome.MANUAL;
		}
		else if (strategy == Strategy.TERRITORY && !context.hasRequiredRegion) {
			outcome = Outcome.NO_TERRITORY;
		}
		else {
			boolean weighted = strategy == Strategy.WEIGHTED;
			double best = Double.NEGATIVE_INFINITY;
			for (int i = 0; i < n; i++) {
				if (verdicts != null && verdicts[i] != null) {
					continue;
				}
				double total = totals[i];
				// WEIGHTED orders by total first: only a total at least as high needs the full comparison
				if (winner < 0 || (weighted ? total >= best : true)
						&& Ranking.compare(strategy, reps, policy, totals, i, winner) < 0) {
					winner = i;
					best = total;
				}
			}
			outcome = winner >= 0 ? Outcome.ASSIGNED : Outcome.NO_ELIGIBLE_REP;
		}
		return new AllocationDecision(context, reps, verdicts, totals, winner, outcome);
	}

	/** Every rule's verdict for a rejected rep, in list order (the slow path, with reasons). */
	static Verdict[] verdictsOf(Candidate candidate, DecisionContext context) {
		EligibilityRule[] rules = EligibilityRules.ALL;
		Verdict[] verdicts = new Verdict[rules.length];
		for (int r = 0; r < rules.length; r++) {
			verdicts[r] = rules[r].check(candidate, context);
		}
		return verdicts;
	}
}
