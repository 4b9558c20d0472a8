package dev.closer.leads.internal.allocation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The allocation rules of one team as data (SPEC P5): edited by an admin, validated on save with
 * {@link #validate(AllocationPolicy)}, versioned, and recorded in every {@link AllocationDecision}.
 * <p>
 * The record accepts any values so that an invalid edit can be described field by field;
 * {@link AllocationEngine#decide} refuses a policy that has violations.
 *
 * @param version the rule version recorded in each decision; {@code defaults()} is version 1
 * @param strategy how the winner is chosen (SPEC L6)
 * @param weights weights of the score components (weighted total)
 * @param roleBaseline active leads that make a load rate of 100 % (负荷率 = active leads / baseline) unless
 *        a rep has their own baseline; SPEC default 8
 * @param hardCapacity a rep with this many active leads or more is ineligible, whatever their baseline; an
 *        absolute count, default twice the default baseline
 * @param regionToleranceKm how far beyond the service radius a customer still counts as inside (SPEC: 5 km)
 * @param regionDecayKm beyond radius + tolerance, the region match falls linearly from 1 to 0 over this
 *        distance (default 50 km)
 * @param overloadThreshold load rate at or above which a rep gets an overload notice (SPEC L8: 0.90)
 * @param conversionPriorRate win rate assumed for a rep without grade-A history (default 0.3)
 * @param conversionPriorWeight how many closed grade-A leads the prior is worth (default 5): a new rep is
 *        neither starved (score 0) nor favoured (score 1) on no evidence
 * @param fairnessWindow how far back the caller counts grade-A leads received for the fairness component
 *        (default 30 days); the engine takes the counts as given, the window is here so that it is versioned
 *        with the rest of the rules
 * @param reclaimCooldown how long the previous owner of a released lead may not get it back (SPEC L7,
 *        default 7 days)
 */
public record AllocationPolicy(long version, Strategy strategy, Weights weights, int roleBaseline, int hardCapacity,
		double regionToleranceKm, double regionDecayKm, double overloadThreshold, double conversionPriorRate,
		double conversionPriorWeight, Duration fairnessWindow, Duration reclaimCooldown) {

	public static final int DEFAULT_BASELINE = 8;

	public AllocationPolicy {
		Objects.requireNonNull(strategy, "strategy");
		Objects.requireNonNull(weights, "weights");
		Objects.requireNonNull(fairnessWindow, "fairnessWindow");
		Objects.requireNonNull(reclaimCooldown, "reclaimCooldown");
	}

	/** SPEC defaults: weighted, equal weights, baseline 8, hard capacity 16, 5 km, 90 %, prior 0.3 × 5, 30 d, 7 d. */
	public static AllocationPolicy defaults() {
		return new AllocationPolicy(1, Strategy.WEIGHTED, Weights.EQUAL, DEFAULT_BASELINE, 2 * DEFAULT_BASELINE, 5.0,
				50.0, 0.90, 0.3, 5.0, Duration.ofDays(30), Duration.ofDays(7));
	}

	public Builder toBuilder() {
		return new Builder(this);
	}

	/**
	 * Everything wrong with a policy, in field order; empty when it may be saved and used. Checks: version
	 * ≥ 0; each weight finite and ≥ 0 and not all zero; baseline ≥ 1; hard capacity ≥ 1; tolerance finite and
	 * ≥ 0; decay distance finite and &gt; 0; overload threshold in (0, 2]; prior rate in [0, 1]; prior weight
	 * finite and ≥ 0; fairness window &gt; 0; cooldown ≥ 0.
	 */
	public static List<PolicyViolation> validate(AllocationPolicy policy) {
		List<PolicyViolation> violations = new ArrayList<>(2);
		if (policy.version < 0) {
			violations.add(PolicyViolation.of("version", "error.policy.negativeVersion", policy.version));
		}
		boolean weightsUsable = true;
		for (Component component : Component.values()) {
			double weight = policy.weights.of(component);
			if (!Double.isFinite(weight)) {
				violations.add(PolicyViolation.of("weights." + fieldName(component), "error.policy.weightNotFinite",
						fieldName(component)));
				weightsUsable = false;
			}
			else if (weight < 0) {
				violations.add(PolicyViolation.of("weights." + fieldName(component), "error.policy.negativeWeight",
						fieldName(component), weight));
				weightsUsable = false;
			}
		}
		if (weightsUsable && policy.weights.sum() <= 0) {
			violations.add(PolicyViolation.of("weights", "error.policy.allWeightsZero"));
		}
		if (policy.roleBaseline <= 0) {
			violations.add(PolicyViolation.of("roleBaseline", "error.policy.baselineNotPositive", policy.roleBaseline));
		}
		if (policy.hardCapacity < 1) {
			violations.add(PolicyViolation.of("hardCapacity", "error.policy.hardCapacityBelowOne", policy.hardCapacity));
		}
		if (!(policy.regionToleranceKm >= 0) || Double.isInfinite(policy.regionToleranceKm)) {
			violations.add(PolicyViolation.of("regionToleranceKm", "error.policy.negativeTolerance",
					policy.regionToleranceKm));
		}
		if (!(policy.regionDecayKm > 0) || Double.isInfinite(policy.regionDecayKm)) {
			violations.add(PolicyViolation.of("regionDecayKm", "error.policy.decayNotPositive", policy.regionDecayKm));
		}
		if (!(policy.overloadThreshold > 0 && policy.overloadThreshold <= 2)) {
			violations.add(PolicyViolation.of("overloadThreshold", "error.policy.overloadThresholdOutOfRange",
					policy.overloadThreshold));
		}
		if (!(policy.conversionPriorRate >= 0 && policy.conversionPriorRate <= 1)) {
			violations.add(PolicyViolation.of("conversionPriorRate", "error.policy.priorRateOutOfRange",
					policy.conversionPriorRate));
		}
		if (!(policy.conversionPriorWeight >= 0) || Double.isInfinite(policy.conversionPriorWeight)) {
			violations.add(PolicyViolation.of("conversionPriorWeight", "error.policy.negativePriorWeight",
					policy.conversionPriorWeight));
		}
		if (policy.fairnessWindow.isNegative() || policy.fairnessWindow.isZero()) {
			violations.add(PolicyViolation.of("fairnessWindow", "error.policy.fairnessWindowNotPositive",
					policy.fairnessWindow));
		}
		if (policy.reclaimCooldown.isNegative()) {
			violations.add(PolicyViolation.of("reclaimCooldown", "error.policy.negativeCooldown",
					policy.reclaimCooldown));
		}
		return violations.isEmpty() ? List.of() : List.copyOf(violations);
	}

	static String fieldName(Component component) {
		return switch (component) {
			case SPARE_CAPACITY -> "capacity";
			case CONVERSION -> "conversion";
			case REGION_MATCH -> "region";
			case SKILL_MATCH -> "skill";
			case FAIRNESS -> "fairness";
		};
	}

	/** Copy-and-change for admin edits and tests; {@link #build()} does not validate. */
	public static final class Builder {

		private long version;

		private Strategy strategy;

		private Weights weights;

		private int roleBaseline;

		private int hardCapacity;

		private double regionToleranceKm;

		private double regionDecayKm;

		private double overloadThreshold;

		private double conversionPriorRate;

		private double conversionPriorWeight;

		private Duration fairnessWindow;

		private Duration reclaimCooldown;

		private Builder(AllocationPolicy from) {
			this.version = from.version;
			this.strategy = from.strategy;
			this.weights = from.weights;
			this.roleBaseline = from.roleBaseline;
			this.hardCapacity = from.hardCapacity;
			this.regionToleranceKm = from.regionToleranceKm;
			this.regionDecayKm = from.regionDecayKm;
			this.overloadThreshold = from.overloadThreshold;
			this.conversionPriorRate = from.conversionPriorRate;
			this.conversionPriorWeight = from.conversionPriorWeight;
			this.fairnessWindow = from.fairnessWindow;
			this.reclaimCooldown = from.reclaimCooldown;
		}

		public Builder version(long version) {
			this.version = version;
			return this;
		}

		public Builder strategy(Strategy strategy) {
			this.strategy = strategy;
			return this;
		}

		public Builder weights(Weights weights) {
			this.weights = weights;
			return this;
		}

		public Builder roleBaseline(int roleBaseline) {
			this.roleBaseline = roleBaseline;
			return this;
		}

		public Builder hardCapacity(int hardCapacity) {
			this.hardCapacity = hardCapacity;
			return this;
		}

		public Builder regionToleranceKm(double regionToleranceKm) {
			this.regionToleranceKm = regionToleranceKm;
			return this;
		}

		public Builder regionDecayKm(double regionDecayKm) {
			this.regionDecayKm = regionDecayKm;
			return this;
		}

		public Builder overloadThreshold(double overloadThreshold) {
			this.overloadThreshold = overloadThreshold;
			return this;
		}

		public Builder conversionPrior(double rate, double weight) {
			this.conversionPriorRate = rate;
			this.conversionPriorWeight = weight;
			return this;
		}

		public Builder fairnessWindow(Duration fairnessWindow) {
			this.fairnessWindow = fairnessWindow;
			return this;
		}

		public Builder reclaimCooldown(Duration reclaimCooldown) {
			this.reclaimCooldown = reclaimCooldown;
			return this;
		}

		public AllocationPolicy build() {
			return new AllocationPolicy(version, strategy, weights, roleBaseline, hardCapacity, regionToleranceKm,
					regionDecayKm, overloadThreshold, conversionPriorRate, conversionPriorWeight, fairnessWindow,
					reclaimCooldown);
		}
	}
}
