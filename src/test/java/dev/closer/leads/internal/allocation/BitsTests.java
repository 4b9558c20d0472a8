package dev.closer.leads.internal.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * Skill codes and region ids as bits (L4 eligibility and skill match): the first 64 distinct values get a bit,
 * later ones none, and a requirement without a bit is still matched exactly, through the sets.
 */
class BitsTests {

	@Test
	void theFirst64ValuesGetDistinctBitsAndTheRestNone() {
		Bits<String> bits = new Bits<>();
		Set<Long> masks = new HashSet<>();
		for (int i = 0; i < 64; i++) {
			long mask = bits.mask("code-" + i);
			assertThat(Long.bitCount(mask)).isEqualTo(1);
			masks.add(mask);
		}
		assertThat(masks).hasSize(64);
		assertThat(bits.mask("code-7")).isEqualTo(bits.mask("code-7"));
		assertThat(bits.mask("code-64")).isZero();
		assertThat(bits.maskOf(List.of("code-0", "code-1", "code-64"))).isEqualTo(bits.mask("code-0") | bits.mask("code-1"));
		assertThat(bits.allHaveBits(List.of("code-0", "code-63"))).isTrue();
		assertThat(bits.allHaveBits(List.of("code-0", "code-64"))).isFalse();
	}

	@Test
	void skillsAndRegionsBeyondTheBitsAreStillMatchedExactly() {
		// take every remaining bit of the JVM-wide registries, then use values that can have none
		for (int i = 0; i < 70; i++) {
			Bits.SKILLS.mask("bits-test-filler-" + i);
			Bits.REGIONS.mask(9_000_000L + i);
		}
		String late = "bits-test-late-skill";
		long lateRegion = 9_999_999L;
		assertThat(Bits.SKILLS.mask(late)).isZero();
		assertThat(Bits.REGIONS.mask(lateRegion)).isZero();

		Candidate has = Candidate.builder(1, "has").skills(Set.of(late, "x")).regionIds(Set.of(lateRegion)).build();
		Candidate lacks = Candidate.builder(2, "lacks").skills(Set.of("x")).regionIds(Set.of(1L)).build();
		LeadFacts lead = LeadFacts.of(10, 1, LeadGrade.B).withRequiredSkills(Set.of(late, "y"))
			.withRequiredRegion(lateRegion);
		AllocationDecision decision = new AllocationEngine().decide(lead, List.of(lacks, has), AllocationPolicy.defaults(),
				Instant.parse("2026-02-10T09:00:00Z"));

		assertThat(decision.winnerRepId()).hasValue(1);
		CandidateAssessment winner = decision.candidate(1).orElseThrow();
		assertThat(winner.score(Component.SKILL_MATCH)).isEqualTo(0.5);
		assertThat(decision.candidate(2).orElseThrow().rejections()).extracting(Verdict::rule)
			.containsExactly(EligibilityRules.HasRequiredSkill.NAME, EligibilityRules.ServesRequiredRegion.NAME);
		assertThat(has.serves(lateRegion)).isTrue();
		assertThat(lacks.serves(lateRegion)).isFalse();
	}
}
