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
 * candidate is scored on every {@link Component} and the weighted total {@code Σ wₖ·sₖ / Σ wₖ} computed, the
 * region term last (under WEIGHTED with a customer location, only for reps who could still win; the decision
 * completes the others when explained); (3) the strategy's order ({@link Ranking}) picks the first eligible
 * candidate; (4) active reps at or above the overload threshold are listed (on first access). The decision time is passed in, never read from a clock, so a decision can be
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
		// only a rejected rep goes through the rule list to collect its verdicts with reasons. It keeps what pass 2
		// needs (grade-A leads received) in an array, so pass 2 runs over arrays. Loads, component scores, ranks
		// and notices are recomputed from the same pure functions when the decision is explained (see
		// AllocationDecision).
		int requiredCount = context.requiredSkills.length;
		int hardCapacity = policy.hardCapacity();
		int roleBaseline = policy.roleBaseline();
		double priorRate = policy.conversionPriorRate();
		double priorWeight = policy.conversionPriorWeight();
		double[] w = context.normalisedWeights;
		double wCapacity = w[Component.SPARE_CAPACITY.ordinal()];
		double wConversion = w[Component.CONVERSION.ordinal()];
		double wSkill = w[Component.SKILL_MATCH.ordinal()];
		double wFairness = w[Component.FAIRNESS.ordinal()];
		double wRegion = w[Component.REGION_MATCH.ordinal()];

		Verdict[][] verdicts = null;
		double[] totals = new double[n];
		int[] received = new int[n];
		long receivedByEligible = 0;
		int eligibleCount = 0;
		for (int i = 0; i < n; i++) {
			Candidate c = reps.get(i);
			int matching = requiredCount == 0 ? 0 : SkillMatch.matching(c, context);
			boolean eligible = EligibilityRules.ActiveAccount.allows(c)
					& EligibilityRules.BelowHardCapacity.allows(c, hardCapacity)
					& EligibilityRules.HasRequiredSkill.allows(matching, requiredCount)
					& EligibilityRules.ServesRequiredRegion.allows(c, context)
					& EligibilityRules.NotPreviousOwnerWithinCooldown.allows(c, context);
			int gradeAReceived = c.gradeAReceivedInWindow();
			received[i] = gradeAReceived;
			if (eligible) {
				eligibleCount++;
				receivedByEligible += gradeAReceived;
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
					+ wSkill * SkillMatch.of(matching, requiredCount);
		}

		// Pass 2, over arrays: fairness needs the eligible reps' mean. For a weighted pick, note the eligible rep
		// with the highest total so far: the best candidate to measure the others against in pass 3.
		double mean = eligibleCount == 0 ? 0 : (double) receivedByEligible / eligibleCount;
		context.fairnessMean(mean);
		double fairnessScale = context.fairnessScale;
		int leader = -1;
		double leaderTotal = Double.NEGATIVE_INFINITY;
		for (int i = 0; i < n; i++) {
			double total = totals[i] + wFairness * Fairness.of(received[i], mean, fairnessScale);
			totals[i] = total;
			if (total > leaderTotal && (verdicts == null || verdicts[i] == null)) {
				leader = i;
				leaderTotal = total;
			}
		}

		Strategy strategy = policy.strategy();
		Outcome outcome;
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
			outcome = null;
		}
		boolean picking = outcome == null;

		// Pass 3: the region match, last, and the pick. A weighted pick with a customer location needs the region
		// match (square root and arcsine series, the costliest component) only of reps who could still win: the
		// region term adds at most its weight, so a rep whose total without it plus that weight is below the best
		// total found so far can neither win nor tie, and keeps its total incomplete until the decision is
		// explained (AllocationDecision completes it with the same arithmetic). Floating-point addition is
		// monotonic, so the bound is exact. Every other case completes every total first.
		int winner = -1;
		long[] incomplete = null;
		if (picking && strategy == Strategy.WEIGHTED && context.customer != null && leader >= 0) {
			incomplete = new long[(n + 63) >>> 6];
			totals[leader] += wRegion * RegionMatch.of(reps.get(leader), context);
			winner = leader;
			double best = totals[winner];
			for (int i = 0; i < n; i++) {
				if (i == leader) {
					continue;
				}
				double total = totals[i];
				if (total + wRegion < best || verdicts != null && verdicts[i] != null) {
					incomplete[i >>> 6] |= 1L << i;
					continue;
				}
				total += wRegion * RegionMatch.of(reps.get(i), context);
				totals[i] = total;
				if (total >= best && Ranking.compare(strategy, reps, policy, totals, i, winner) < 0) {
					winner = i;
					best = total;
				}
			}
		}
		else {
			for (int i = 0; i < n; i++) {
				totals[i] += wRegion * RegionMatch.of(reps.get(i), context);
			}
			if (picking) {
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
			}
		}
		if (picking) {
			outcome = winner >= 0 ? Outcome.ASSIGNED : Outcome.NO_ELIGIBLE_REP;
		}
		return new AllocationDecision(context, reps, verdicts, totals, incomplete, winner, outcome);
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
