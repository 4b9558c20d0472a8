package dev.closer.leads.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.closer.leads.internal.allocation.AllocationPolicy;
import dev.closer.leads.internal.allocation.PolicyViolation;
import dev.closer.leads.internal.allocation.Strategy;
import dev.closer.leads.internal.allocation.Weights;

/**
 * A team's allocation policy as an admin edits and the database stores it (SPEC L4, L6, L7, P5): the
 * engine's policy plus the pool settings and whether skills/region are hard requirements.
 */
record PolicySettings(Strategy strategy, double capacityWeight, double conversionWeight, double regionWeight,
		double skillWeight, double fairnessWeight, int roleBaseline, int hardCapacity, double regionToleranceKm,
		double regionDecayKm, double overloadThreshold, double conversionPriorRate, double conversionPriorWeight,
		int fairnessWindowDays, int reclaimCooldownDays, int dailyClaimLimit, boolean requireSkills,
		boolean requireRegion) {

	static PolicySettings defaults() {
		AllocationPolicy d = AllocationPolicy.defaults();
		return new PolicySettings(d.strategy(), 1, 1, 1, 1, 1, d.roleBaseline(), d.hardCapacity(), d.regionToleranceKm(),
				d.regionDecayKm(), d.overloadThreshold(), d.conversionPriorRate(), d.conversionPriorWeight(),
				(int) d.fairnessWindow().toDays(), (int) d.reclaimCooldown().toDays(), 20, false, false);
	}

	AllocationPolicy toPolicy(long version) {
		return AllocationPolicy.defaults()
			.toBuilder()
			.version(version)
			.strategy(strategy)
			.weights(new Weights(capacityWeight, conversionWeight, regionWeight, skillWeight, fairnessWeight))
			.roleBaseline(roleBaseline)
			.hardCapacity(hardCapacity)
			.regionToleranceKm(regionToleranceKm)
			.regionDecayKm(regionDecayKm)
			.overloadThreshold(overloadThreshold)
			.conversionPrior(conversionPriorRate, conversionPriorWeight)
			.fairnessWindow(Duration.ofDays(fairnessWindowDays))
			.reclaimCooldown(Duration.ofDays(reclaimCooldownDays))
			.build();
	}

	/** Every problem, each with the field it concerns; empty when valid. */
	List<PolicyViolation> validate() {
		List<PolicyViolation> violations = new ArrayList<>();
		if (strategy == null) {
			violations.add(new PolicyViolation("strategy", "error.required", List.of()));
			return violations;
		}
		if (fairnessWindowDays <= 0) {
			violations.add(new PolicyViolation("fairnessWindowDays", "error.policy.fairnessWindowNotPositive", List.of()));
		}
		if (reclaimCooldownDays < 0) {
			violations.add(new PolicyViolation("reclaimCooldownDays", "error.policy.negativeCooldown", List.of()));
		}
		if (dailyClaimLimit < 0) {
			violations.add(new PolicyViolation("dailyClaimLimit", "error.policy.negativeClaimLimit", List.of()));
		}
		if (!violations.isEmpty()) {
			return violations;
		}
		try {
			violations.addAll(AllocationPolicy.validate(toPolicy(1)));
		}
		catch (IllegalArgumentException e) {
			violations.add(new PolicyViolation("policy", "error.policy.invalid", List.of(e.getMessage())));
		}
		return violations;
	}
}
