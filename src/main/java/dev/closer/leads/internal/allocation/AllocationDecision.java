package dev.closer.leads.internal.allocation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The outcome of one allocation and everything needed to explain it (SPEC L5): the policy version and strategy
 * used, when, the winner or why there is none, and for every candidate the eligibility verdicts, component
 * scores, weighted total, rank and why they did not win; plus the overload notices of L8.
 * <p>
 * Deciding keeps only what it must: the winner, the weighted totals (some without their region term: see
 * {@link AllocationEngine}; they are completed with the same arithmetic on first need) and the verdicts of
 * rejected reps. Loads,
 * component scores, ranks, "why not" lines and notices are derived on first access from the same pure rules
 * and formulas with the same inputs (including the fairness mean the decision computed), so they are exactly
 * the numbers the decision used, and a caller that only needs the winner pays for nothing else. Immutable;
 * safe to share between threads.
 */
public final class AllocationDecision {

	private static final int K = Component.values().length;

	private final DecisionContext context;

	private final List<Candidate> candidates;

	/** Null when nobody was rejected; else, per candidate, null when eligible or one verdict per rule. */
	private final Verdict[][] verdicts;

	private final double[] totals;

	/** Bit i set: {@code totals[i]} still lacks its region term. Null when every total is complete. */
	private long[] incomplete;

	private final int winner;

	private final Outcome outcome;

	private List<CandidateAssessment> assessments;

	private List<OverloadNotice> overloadNotices;

	AllocationDecision(DecisionContext context, List<Candidate> candidates, Verdict[][] verdicts, double[] totals,
			long[] incomplete, int winner, Outcome outcome) {
		this.context = context;
		this.candidates = candidates;
		this.verdicts = verdicts;
		this.totals = totals;
		this.incomplete = incomplete;
		this.winner = winner;
		this.outcome = outcome;
	}

	public long leadId() {
		return context.lead.leadId();
	}

	public LeadFacts lead() {
		return context.lead;
	}

	public AllocationPolicy policy() {
		return context.policy;
	}

	public long policyVersion() {
		return context.policy.version();
	}

	public Strategy strategy() {
		return context.policy.strategy();
	}

	public Instant decidedAt() {
		return context.now;
	}

	/** Mean grade-A leads received in the fairness window over the eligible reps (the fairness reference). */
	public double fairnessMean() {
		return context.fairnessMean;
	}

	public Outcome outcome() {
		return outcome;
	}

	/** The outcome as a message: assigned (args: rep id, strategy), no eligible rep (candidate count), or the key. */
	public Reason outcomeReason() {
		return switch (outcome) {
			case ASSIGNED -> Reason.of(outcome.messageKey(), candidates.get(winner).repId(), strategy().name());
			case NO_ELIGIBLE_REP -> Reason.of(outcome.messageKey(), candidates.size());
			default -> Reason.of(outcome.messageKey());
		};
	}

	public boolean assigned() {
		return winner >= 0;
	}

	public OptionalLong winnerRepId() {
		return winner >= 0 ? OptionalLong.of(candidates.get(winner).repId()) : OptionalLong.empty();
	}

	public Optional<CandidateAssessment> winner() {
		return winner >= 0 ? Optional.of(candidates().get(winner)) : Optional.empty();
	}

	/** Weighted total of the candidate at {@code index} in the input order. */
	public synchronized double total(int index) {
		completeTotals();
		return totals[index];
	}

	/** Adds the region term to the totals the decision did not need complete, as the engine computes it. */
	private void completeTotals() {
		if (incomplete == null) {
			return;
		}
		double wRegion = context.normalisedWeights[Component.REGION_MATCH.ordinal()];
		for (int i = 0; i < totals.length; i++) {
			if ((incomplete[i >>> 6] & 1L << i) != 0) {
				totals[i] += wRegion * RegionMatch.of(candidates.get(i), context);
			}
		}
		incomplete = null;
	}

	/**
	 * Active reps whose load rate is at or above the policy's overload threshold, in candidate order (SPEC L8),
	 * whether or not they were eligible.
	 */
	public synchronized List<OverloadNotice> overloadNotices() {
		if (overloadNotices == null) {
			List<OverloadNotice> notices = new ArrayList<>();
			double threshold = context.policy.overloadThreshold();
			for (Candidate c : candidates) {
				double load = c.loadRate(context.policy);
				if (c.active() && load >= threshold) {
					notices.add(new OverloadNotice(c.repId(), c.displayName(), load, threshold));
				}
			}
			overloadNotices = List.copyOf(notices);
		}
		return overloadNotices;
	}

	/** Every candidate in the order given to the engine. */
	public synchronized List<CandidateAssessment> candidates() {
		if (assessments == null) {
			completeTotals();
			assessments = explain();
		}
		return assessments;
	}

	public Optional<CandidateAssessment> candidate(long repId) {
		return candidates().stream().filter(c -> c.repId() == repId).findFirst();
	}

	private boolean eligible(int i) {
		return verdicts == null || verdicts[i] == null;
	}

	private double[] scores(int i) {
		double[] scores = new double[K];
		for (ScoreComponent component : ScoreComponent.ALL) {
			scores[component.id().ordinal()] = component.score(candidates.get(i), context);
		}
		return scores;
	}

	private List<CandidateAssessment> explain() {
		int n = candidates.size();
		int[] ranks = ranks();
		List<Verdict> allAllowed = allowedVerdicts();
		double[] winnerScores = winner >= 0 ? scores(winner) : null;
		List<CandidateAssessment> result = new ArrayList<>(n);
		for (int i = 0; i < n; i++) {
			Candidate c = candidates.get(i);
			double[] scores = scores(i);
			List<Double> componentScores = new ArrayList<>(K);
			for (double s : scores) {
				componentScores.add(s);
			}
			result.add(new CandidateAssessment(c.repId(), c.displayName(), eligible(i),
					eligible(i) ? allAllowed : Arrays.asList(verdicts[i]), c.loadRate(context.policy),
					componentScores, distanceKm(c), totals[i], ranks[i], whyNot(i, scores, winnerScores)));
		}
		return Collections.unmodifiableList(result);
	}

	private int[] ranks() {
		int n = candidates.size();
		List<Integer> eligible = new ArrayList<>(n);
		for (int i = 0; i < n; i++) {
			if (eligible(i)) {
				eligible.add(i);
			}
		}
		eligible.sort((i, j) -> Ranking.compare(strategy(), candidates, context.policy, totals, i, j));
		int[] ranks = new int[n];
		for (int r = 0; r < eligible.size(); r++) {
			ranks[eligible.get(r)] = r + 1;
		}
		return ranks;
	}

	private static List<Verdict> allowedVerdicts() {
		List<Verdict> allowed = new ArrayList<>(EligibilityRules.ALL.length);
		for (EligibilityRule rule : EligibilityRules.ALL) {
			allowed.add(Verdict.allow(rule.name()));
		}
		return List.copyOf(allowed);
	}

	private Double distanceKm(Candidate c) {
		if (c.serviceArea() == null || context.customer == null) {
			return null;
		}
		return c.serviceArea().base().distanceKm(context.customer);
	}

	/**
	 * {@code allocation.why.*}: winner (args: strategy); ineligible (rejected rule names); noWinner (outcome key);
	 * lowerTotal (gap to the winner's total, the component that cost most, its weighted share of the gap);
	 * tieHigherLoad (my load, winner's load); tieHigherRepId (winner's rep id); assignedMoreRecently (my last
	 * assignment); lessSpareCapacity (my load, winner's load).
	 */
	private Reason whyNot(int i, double[] mine, double[] winners) {
		if (i == winner) {
			return Reason.of("allocation.why.winner", strategy().name());
		}
		if (!eligible(i)) {
			List<String> rejected = new ArrayList<>();
			for (Verdict v : verdicts[i]) {
				if (!v.allowed()) {
					rejected.add(v.rule());
				}
			}
			return Reason.of("allocation.why.ineligible", String.join(", ", rejected));
		}
		if (winner < 0) {
			return Reason.of("allocation.why.noWinner", outcome.messageKey());
		}
		int w = winner;
		Candidate me = candidates.get(i);
		Candidate them = candidates.get(w);
		double myLoad = me.loadRate(context.policy);
		double theirLoad = them.loadRate(context.policy);
		switch (strategy()) {
			case ROUND_ROBIN -> {
				if (Ranking.compareLastAssigned(me.lastAssignedAt(), them.lastAssignedAt()) != 0) {
					return Reason.of("allocation.why.assignedMoreRecently", me.lastAssignedAt());
				}
			}
			case TERRITORY -> {
				if (myLoad != theirLoad) {
					return Reason.of("allocation.why.lessSpareCapacity", myLoad, theirLoad);
				}
				if (totals[i] != totals[w]) {
					return lowerTotal(i, mine, winners);
				}
			}
			default -> {
				if (totals[i] != totals[w]) {
					return lowerTotal(i, mine, winners);
				}
				if (myLoad != theirLoad) {
					return Reason.of("allocation.why.tieHigherLoad", myLoad, theirLoad);
				}
			}
		}
		return Reason.of("allocation.why.tieHigherRepId", them.repId());
	}

	/** The gap to the winner and the component whose weighted difference explains most of it. */
	private Reason lowerTotal(int i, double[] mine, double[] winners) {
		double[] weights = context.normalisedWeights;
		int worst = 0;
		double worstShare = Double.NEGATIVE_INFINITY;
		for (int k = 0; k < K; k++) {
			double share = weights[k] * (winners[k] - mine[k]);
			if (share > worstShare) {
				worstShare = share;
				worst = k;
			}
		}
		return Reason.of("allocation.why.lowerTotal", totals[winner] - totals[i], Component.values()[worst].name(),
				worstShare);
	}
}
