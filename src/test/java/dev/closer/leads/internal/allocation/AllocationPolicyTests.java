package dev.closer.leads.internal.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

/** SPEC P5: rule data has defaults, and every bad value is reported with a message key and arguments. */
class AllocationPolicyTests {

	static List<String> keys(AllocationPolicy policy) {
		return AllocationPolicy.validate(policy).stream().map(PolicyViolation::messageKey).toList();
	}

	@Test
	void defaultsAreTheSpecValuesAndValid() {
		AllocationPolicy p = AllocationPolicy.defaults();
		assertThat(p.version()).isEqualTo(1);
		assertThat(p.strategy()).isEqualTo(Strategy.WEIGHTED);
		assertThat(p.weights()).isEqualTo(new Weights(1, 1, 1, 1, 1));
		assertThat(p.roleBaseline()).isEqualTo(8);
		assertThat(p.hardCapacity()).isEqualTo(16);
		assertThat(p.regionToleranceKm()).isEqualTo(5.0);
		assertThat(p.regionDecayKm()).isEqualTo(50.0);
		assertThat(p.overloadThreshold()).isEqualTo(0.90);
		assertThat(p.conversionPriorRate()).isEqualTo(0.3);
		assertThat(p.conversionPriorWeight()).isEqualTo(5.0);
		assertThat(p.fairnessWindow()).isEqualTo(Duration.ofDays(30));
		assertThat(p.reclaimCooldown()).isEqualTo(Duration.ofDays(7));
		assertThat(AllocationPolicy.validate(p)).isEmpty();
	}

	@Test
	void negativeWeightIsNamedWithItsValue() {
		var policy = AllocationPolicy.defaults().toBuilder().weights(new Weights(1, -0.5, 1, 1, 1)).build();
		assertThat(AllocationPolicy.validate(policy))
			.extracting(PolicyViolation::field, PolicyViolation::messageKey, PolicyViolation::args)
			.containsExactly(tuple("weights.conversion", "error.policy.negativeWeight", List.of("conversion", -0.5)));
	}

	@Test
	void allWeightsZeroIsRejectedButOneZeroWeightIsFine() {
		assertThat(keys(AllocationPolicy.defaults().toBuilder().weights(new Weights(0, 0, 0, 0, 0)).build()))
			.containsExactly("error.policy.allWeightsZero");
		assertThat(keys(AllocationPolicy.defaults().toBuilder().weights(new Weights(1, 0, 0, 0, 0)).build())).isEmpty();
	}

	@Test
	void nonFiniteWeightIsRejected() {
		assertThat(keys(AllocationPolicy.defaults().toBuilder().weights(new Weights(Double.NaN, 1, 1, 1, 1)).build()))
			.containsExactly("error.policy.weightNotFinite");
	}

	@Test
	void everyOtherBadValueHasItsOwnKey() {
		var bad = AllocationPolicy.defaults()
			.toBuilder()
			.version(-1)
			.roleBaseline(0)
			.hardCapacity(0)
			.regionToleranceKm(-1)
			.regionDecayKm(0)
			.overloadThreshold(0)
			.conversionPrior(1.2, -1)
			.fairnessWindow(Duration.ZERO)
			.reclaimCooldown(Duration.ofDays(-1))
			.build();
		assertThat(AllocationPolicy.validate(bad)).extracting(PolicyViolation::field, PolicyViolation::messageKey)
			.containsExactly(tuple("version", "error.policy.negativeVersion"),
					tuple("roleBaseline", "error.policy.baselineNotPositive"),
					tuple("hardCapacity", "error.policy.hardCapacityBelowOne"),
					tuple("regionToleranceKm", "error.policy.negativeTolerance"),
					tuple("regionDecayKm", "error.policy.decayNotPositive"),
					tuple("overloadThreshold", "error.policy.overloadThresholdOutOfRange"),
					tuple("conversionPriorRate", "error.policy.priorRateOutOfRange"),
					tuple("conversionPriorWeight", "error.policy.negativePriorWeight"),
					tuple("fairnessWindow", "error.policy.fairnessWindowNotPositive"),
					tuple("reclaimCooldown", "error.policy.negativeCooldown"));
		assertThat(AllocationPolicy.validate(bad).get(1).args()).containsExactly(0);
	}

	@Test
	void overloadThresholdMayBeUpToTwoButNotAbove() {
		assertThat(keys(AllocationPolicy.defaults().toBuilder().overloadThreshold(2.0).build())).isEmpty();
		assertThat(keys(AllocationPolicy.defaults().toBuilder().overloadThreshold(2.01).build()))
			.containsExactly("error.policy.overloadThresholdOutOfRange");
		assertThat(keys(AllocationPolicy.defaults().toBuilder().overloadThreshold(0.01).build())).isEmpty();
	}

	@Test
	void zeroToleranceAndZeroCooldownAreAllowed() {
		assertThat(keys(AllocationPolicy.defaults().toBuilder().regionToleranceKm(0).reclaimCooldown(Duration.ZERO)
			.build())).isEmpty();
	}

	@Test
	void theEngineRefusesAnInvalidPolicy() {
		var invalid = AllocationPolicy.defaults().toBuilder().weights(new Weights(0, 0, 0, 0, 0)).build();
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new AllocationEngine().decide(LeadFacts.of(1, 1, LeadGrade.A), List.of(), invalid,
					Instant.EPOCH))
			.withMessageContaining("error.policy.allWeightsZero");
	}
}
