package dev.closer.leads.internal.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The component formulas of SPEC L4, pinned number by number. */
class ScoreComponentTests {

	static final double INV_DECAY_50 = 1 / 50.0;

	@Test
	void spareCapacityIsOneMinusTheClampedLoadRate() {
		assertThat(SpareCapacity.of(0)).isEqualTo(1.0);
		assertThat(SpareCapacity.of(0.41)).isCloseTo(0.59, within(1e-15));
		assertThat(SpareCapacity.of(1.0)).isEqualTo(0.0);
		assertThat(SpareCapacity.of(1.5)).isEqualTo(0.0);
	}

	@Test
	void loadRateUsesTheRepsOwnBaselineWhenSetAndIsNotClamped() {
		AllocationPolicy policy = AllocationPolicy.defaults();
		assertThat(Candidate.builder(1, "r").activeLeads(12).build().loadRate(policy)).isEqualTo(1.5);
		assertThat(Candidate.builder(1, "r").activeLeads(3).baselineOverride(4).build().loadRate(policy))
			.isEqualTo(0.75);
	}

	@Test
	void conversionIsSmoothedByThePrior() {
		assertThat(Conversion.of(0, 0, 0.3, 5)).isCloseTo(0.3, within(1e-15));
		assertThat(Conversion.of(0, 10, 0.3, 5)).isCloseTo(0.1, within(1e-15));
		assertThat(Conversion.of(10, 10, 0.3, 5)).isCloseTo(11.5 / 15, within(1e-15));
		assertThat(Conversion.of(3, 4, 0.3, 0)).isEqualTo(0.75);
		assertThat(Conversion.of(0, 0, 0.3, 0)).isEqualTo(0.3);
	}

	@Test
	void regionMatchIsOneInsideRadiusPlusToleranceAndFallsLinearlyToZeroOverTheDecayDistance() {
		// radius 30 km + tolerance 5 km = reach 35 km, decay 50 km
		assertThat(RegionMatch.of(0, 30, 5, INV_DECAY_50)).isEqualTo(1.0);
		assertThat(RegionMatch.of(30, 30, 5, INV_DECAY_50)).isEqualTo(1.0);
		assertThat(RegionMatch.of(35, 30, 5, INV_DECAY_50)).isEqualTo(1.0);
		assertThat(RegionMatch.of(35.5, 30, 5, INV_DECAY_50)).isCloseTo(0.99, within(1e-12));
		assertThat(RegionMatch.of(60, 30, 5, INV_DECAY_50)).isCloseTo(0.5, within(1e-12));
		assertThat(RegionMatch.of(85, 30, 5, INV_DECAY_50)).isCloseTo(0.0, within(1e-12));
		assertThat(RegionMatch.of(500, 30, 5, INV_DECAY_50)).isEqualTo(0.0);
		double previous = 1;
		for (double d = 35; d <= 90; d += 0.25) {
			double score = RegionMatch.of(d, 30, 5, INV_DECAY_50);
			assertThat(score).isLessThanOrEqualTo(previous).isBetween(0.0, 1.0);
			previous = score;
		}
	}

	@Test
	void toleranceWidensTheArea() {
		assertThat(RegionMatch.of(33, 30, 0, INV_DECAY_50)).isLessThan(1.0);
		assertThat(RegionMatch.of(33, 30, 5, INV_DECAY_50)).isEqualTo(1.0);
	}

	@Test
	void skillMatchIsTheShareOfRequiredSkillsAndOneWhenNoneAreRequired() {
		assertThat(SkillMatch.of(0, 0)).isEqualTo(1.0);
		assertThat(SkillMatch.of(1, 2)).isEqualTo(0.5);
		assertThat(SkillMatch.of(2, 2)).isEqualTo(1.0);
		assertThat(SkillMatch.of(0, 3)).isEqualTo(0.0);
	}

	@Test
	void fairnessIsHalfAtTheMeanHigherBelowItAndClamped() {
		assertThat(fairness(3, 3)).isEqualTo(0.5);
		assertThat(fairness(0, 3)).isEqualTo(1.0);
		assertThat(fairness(6, 3)).isEqualTo(0.0);
		assertThat(fairness(9, 3)).isEqualTo(0.0);
		assertThat(fairness(2, 4)).isEqualTo(0.75);
		// a mean below 1 is scaled as if it were 1, so one lead does not swing 0 ↔ 1
		assertThat(fairness(1, 0.5)).isEqualTo(0.25);
		assertThat(fairness(0, 0)).isEqualTo(0.5);
	}

	static double fairness(int received, double mean) {
		return Fairness.of(received, mean, Fairness.scale(mean));
	}

	@Test
	void theComponentListIsInComponentOrder() {
		for (int k = 0; k < ScoreComponent.ALL.length; k++) {
			assertThat(ScoreComponent.ALL[k].id().ordinal()).isEqualTo(k);
		}
		assertThat(EligibilityRules.list()).extracting(EligibilityRule::name)
			.containsExactly("activeAccount", "belowHardCapacity", "hasRequiredSkill", "servesRequiredRegion",
					"notPreviousOwnerWithinCooldown");
	}
}
