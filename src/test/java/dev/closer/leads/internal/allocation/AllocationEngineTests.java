package dev.closer.leads.internal.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** SPEC L4, L5, L6, L8 end to end through {@link AllocationEngine#decide}. */
class AllocationEngineTests {

	static final Instant NOW = Instant.parse("2026-02-10T09:00:00Z");

	final AllocationEngine engine = new AllocationEngine();

	/** Baseline 100 so that 92 and 41 active leads are exactly 92 % and 41 %; hard capacity out of the way. */
	static final AllocationPolicy PERCENT = AllocationPolicy.defaults().toBuilder().roleBaseline(100).hardCapacity(200)
		.build();

	static final LeadFacts LEAD = LeadFacts.of(100, 1, LeadGrade.A);

	static Candidate.Builder rep(long id, String name) {
		return Candidate.builder(id, name);
	}

	AllocationDecision decide(AllocationPolicy policy, Candidate... reps) {
		return engine.decide(LEAD, List.of(reps), policy, NOW);
	}

	@Nested
	class SeedExample {

		final Candidate zhangWei = rep(1, "张伟").activeLeads(92).build();

		final Candidate liNa = rep(2, "李娜").activeLeads(41).build();

		@Test
		void liNaAt41PercentGetsTheLeadOverZhangWeiAt92Percent() {
			AllocationDecision decision = decide(PERCENT, zhangWei, liNa);

			assertThat(decision.outcome()).isEqualTo(Outcome.ASSIGNED);
			assertThat(decision.winnerRepId()).hasValue(2);
			CandidateAssessment zhang = decision.candidate(1).orElseThrow();
			CandidateAssessment li = decision.candidate(2).orElseThrow();
			assertThat(zhang.loadRate()).isEqualTo(0.92);
			assertThat(li.loadRate()).isEqualTo(0.41);
			assertThat(zhang.score(Component.SPARE_CAPACITY)).isCloseTo(0.08, within(1e-12));
			assertThat(li.score(Component.SPARE_CAPACITY)).isCloseTo(0.59, within(1e-12));
			// the other components are equal: conversion prior 0.3, region unknown 0.5, no skills required 1,
			// fairness at the mean 0.5; equal weights make the total their mean
			for (CandidateAssessment a : List.of(zhang, li)) {
				assertThat(a.score(Component.CONVERSION)).isCloseTo(0.3, within(1e-12));
				assertThat(a.score(Component.REGION_MATCH)).isEqualTo(0.5);
				assertThat(a.score(Component.SKILL_MATCH)).isEqualTo(1.0);
				assertThat(a.score(Component.FAIRNESS)).isEqualTo(0.5);
			}
			assertThat(zhang.total()).isCloseTo((0.08 + 0.3 + 0.5 + 1 + 0.5) / 5, within(1e-12));
			assertThat(li.total()).isCloseTo((0.59 + 0.3 + 0.5 + 1 + 0.5) / 5, within(1e-12));
			assertThat(li.rank()).isEqualTo(1);
			assertThat(zhang.rank()).isEqualTo(2);
			assertThat(li.whyNotWinner().key()).isEqualTo("allocation.why.winner");
			assertThat(zhang.whyNotWinner().key()).isEqualTo("allocation.why.lowerTotal");
			assertThat((double) zhang.whyNotWinner().args().get(0)).isCloseTo(0.102, within(1e-12));
			assertThat(zhang.whyNotWinner().args().get(1)).isEqualTo("SPARE_CAPACITY");
			assertThat((double) zhang.whyNotWinner().args().get(2)).isCloseTo(0.102, within(1e-12));
		}

		@Test
		void zhangWeiIsToldHeIsAtHighLoadAtTheDefault90PercentThreshold() {
			AllocationDecision decision = decide(PERCENT, zhangWei, liNa);

			assertThat(decision.overloadNotices()).containsExactly(new OverloadNotice(1, "张伟", 0.92, 0.90));
			assertThat(decision.overloadNotices().get(0).reason())
				.isEqualTo(Reason.of("allocation.notice.overload", "张伟", 0.92, 0.90));
		}

		@Test
		void exactlyAtTheThresholdIsOverloadedJustBelowIsNot() {
			AllocationDecision decision = decide(PERCENT, rep(1, "at").activeLeads(90).build(),
					rep(2, "below").activeLeads(89).build());
			assertThat(decision.overloadNotices()).extracting(OverloadNotice::repId).containsExactly(1L);
		}
	}

	@Nested
	class ValidityProbe {

		@Test
		void aDisabledRepShowingZeroLoadNeverWins() {
			Candidate departed = rep(9, "已离职").active(false).activeLeads(0).build();
			AllocationDecision decision = decide(PERCENT, departed, rep(1, "张伟").activeLeads(92).build(),
					rep(2, "李娜").activeLeads(41).build());

			assertThat(decision.winnerRepId()).hasValue(2);
			CandidateAssessment gone = decision.candidate(9).orElseThrow();
			assertThat(gone.eligible()).isFalse();
			assertThat(gone.rank()).isZero();
			assertThat(gone.rejections()).extracting(Verdict::rule, v -> v.reason().key())
				.containsExactly(org.assertj.core.groups.Tuple.tuple("activeAccount",
						"allocation.rule.activeAccount.rejected"));
			assertThat(gone.whyNotWinner()).isEqualTo(Reason.of("allocation.why.ineligible", "activeAccount"));
			// it would have scored highest: the explanation shows what the probe prevented
			assertThat(gone.total()).isGreaterThan(decision.winner().orElseThrow().total());
		}

		@Test
		void theSeedsIncident127LeadsNeverReachTheDepartedRepAndSpreadOverTheOthers() {
			Map<Long, Candidate> team = new HashMap<>();
			team.put(9L, rep(9, "departed").active(false).build());
			team.put(1L, rep(1, "a").build());
			team.put(2L, rep(2, "b").build());
			team.put(3L, rep(3, "c").build());
			AllocationPolicy policy = AllocationPolicy.defaults().toBuilder().roleBaseline(50).hardCapacity(100).build();
			Map<Long, Integer> received = new HashMap<>();
			for (int lead = 0; lead < 127; lead++) {
				AllocationDecision d = engine.decide(LeadFacts.of(lead, 1, LeadGrade.B),
						team.values().stream().sorted((x, y) -> Long.compare(x.repId(), y.repId())).toList(), policy,
						NOW.plusSeconds(lead));
				long winner = d.winnerRepId().orElseThrow();
				received.merge(winner, 1, Integer::sum);
				Candidate w = team.get(winner);
				team.put(winner, w.toBuilder().activeLeads(w.activeLeads() + 1).build());
			}
			assertThat(received).doesNotContainKey(9L);
			assertThat(received.values()).allSatisfy(n -> assertThat(n).isBetween(42, 43));
		}

		@Test
		void disabledRepsGetNoOverloadNotice() {
			AllocationDecision decision = decide(PERCENT, rep(1, "gone").active(false).activeLeads(95).build());
			assertThat(decision.overloadNotices()).isEmpty();
		}
	}

	@Nested
	class Eligibility {

		@Test
		void atHardCapacityARepIsIneligibleOneBelowIsNot() {
			AllocationPolicy policy = AllocationPolicy.defaults(); // baseline 8, hard capacity 16
			AllocationDecision decision = decide(policy, rep(1, "full").activeLeads(16).build(),
					rep(2, "almost").activeLeads(15).build());

			assertThat(decision.winnerRepId()).hasValue(2);
			assertThat(decision.candidate(1).orElseThrow().rejections()).singleElement()
				.satisfies(v -> assertThat(v.reason())
					.isEqualTo(Reason.of("allocation.rule.belowHardCapacity.rejected", 16, 16)));
			assertThat(decision.candidate(2).orElseThrow().eligible()).isTrue();
		}

		@Test
		void aRepNeedsAtLeastOneOfTheRequiredSkillsAndScoresTheShareTheyHave() {
			LeadFacts lead = LEAD.withRequiredSkills(Set.of("medical-devices", "imaging"));
			AllocationDecision decision = engine.decide(lead,
					List.of(rep(1, "none").skills(Set.of("saas")).build(),
							rep(2, "one").skills(Set.of(new String("imaging"), "saas")).build(),
							rep(3, "both").skills(Set.of("imaging", "medical-devices")).build()),
					AllocationPolicy.defaults(), NOW);

			assertThat(decision.candidate(1).orElseThrow().rejections()).singleElement()
				.satisfies(v -> assertThat(v.reason())
					.isEqualTo(Reason.of("allocation.rule.hasRequiredSkill.rejected", "imaging, medical-devices")));
			assertThat(decision.candidate(2).orElseThrow().score(Component.SKILL_MATCH)).isEqualTo(0.5);
			assertThat(decision.candidate(3).orElseThrow().score(Component.SKILL_MATCH)).isEqualTo(1.0);
			assertThat(decision.candidate(1).orElseThrow().score(Component.SKILL_MATCH)).isEqualTo(0.0);
			assertThat(decision.winnerRepId()).hasValue(3);
		}

		@Test
		void skillsMatchByValueNotByStringInstance() {
			LeadFacts lead = LEAD.withRequiredSkills(Set.of(new String("lab")));
			AllocationDecision decision = engine.decide(lead, List.of(rep(1, "r").skills(Set.of(new String("lab"))).build()),
					AllocationPolicy.defaults(), NOW);
			assertThat(decision.winnerRepId()).hasValue(1);
		}

		@Test
		void whenTheLeadHasARegionOnlyRepsServingItAreEligible() {
			LeadFacts lead = LEAD.withRequiredRegion(7L);
			AllocationDecision decision = engine.decide(lead,
					List.of(rep(1, "east").regionIds(Set.of(3L, 8L, 9L)).build(),
							rep(2, "many").regionIds(Set.of(1L, 2L, 3L, 7L)).build()),
					AllocationPolicy.defaults(), NOW);

			assertThat(decision.winnerRepId()).hasValue(2);
			assertThat(decision.candidate(1).orElseThrow().rejections()).singleElement()
				.satisfies(v -> assertThat(v.reason())
					.isEqualTo(Reason.of("allocation.rule.servesRequiredRegion.rejected", 7L)));
		}

		@Test
		void thePreviousOwnerIsBlockedForSevenDaysAndNotAfter() {
			Instant released = NOW;
			LeadFacts lead = LEAD.withPreviousOwner(1L, released);
			List<Candidate> reps = List.of(rep(1, "previous").build(), rep(2, "other").activeLeads(7).build());

			AllocationDecision inCooldown = engine.decide(lead, reps, AllocationPolicy.defaults(),
					released.plus(Duration.ofDays(7)).minusMillis(1));
			assertThat(inCooldown.winnerRepId()).hasValue(2);
			assertThat(inCooldown.candidate(1).orElseThrow().rejections()).singleElement()
				.satisfies(v -> assertThat(v.reason()).isEqualTo(Reason.of(
						"allocation.rule.notPreviousOwnerWithinCooldown.rejected", released,
						released.plus(Duration.ofDays(7)))));

			AllocationDecision after = engine.decide(lead, reps, AllocationPolicy.defaults(),
					released.plus(Duration.ofDays(7)));
			assertThat(after.winnerRepId()).hasValue(1);
			assertThat(after.candidate(1).orElseThrow().eligible()).isTrue();
		}

		@Test
		void everyFailedRuleIsReportedNotOnlyTheFirst() {
			LeadFacts lead = LEAD.withRequiredSkills(Set.of("lab")).withRequiredRegion(7L).withPreviousOwner(1L, NOW);
			AllocationDecision decision = engine.decide(lead,
					List.of(rep(1, "everything wrong").active(false).activeLeads(16).build()),
					AllocationPolicy.defaults(), NOW);

			CandidateAssessment a = decision.candidates().get(0);
			assertThat(a.verdicts()).extracting(Verdict::rule)
				.containsExactly("activeAccount", "belowHardCapacity", "hasRequiredSkill", "servesRequiredRegion",
						"notPreviousOwnerWithinCooldown");
			assertThat(a.verdicts()).noneMatch(Verdict::allowed);
			assertThat(a.whyNotWinner()).isEqualTo(Reason.of("allocation.why.ineligible",
					"activeAccount, belowHardCapacity, hasRequiredSkill, servesRequiredRegion, notPreviousOwnerWithinCooldown"));
		}

		@Test
		void nobodyEligibleMeansNoWinnerAndThePublicPool() {
			AllocationDecision decision = decide(AllocationPolicy.defaults(), rep(1, "a").active(false).build(),
					rep(2, "b").activeLeads(20).build());

			assertThat(decision.assigned()).isFalse();
			assertThat(decision.winner()).isEmpty();
			assertThat(decision.outcome()).isEqualTo(Outcome.NO_ELIGIBLE_REP);
			assertThat(decision.outcome().goesToPublicPool()).isTrue();
			assertThat(decision.outcomeReason()).isEqualTo(Reason.of("allocation.outcome.noEligibleRep", 2));
			assertThat(decision.candidates()).allSatisfy(a -> {
				assertThat(a.eligible()).isFalse();
				assertThat(a.rejections()).isNotEmpty();
			});
		}

		@Test
		void noCandidatesAtAllAlsoGoesToThePublicPool() {
			AllocationDecision decision = decide(AllocationPolicy.defaults());
			assertThat(decision.outcome()).isEqualTo(Outcome.NO_CANDIDATES);
			assertThat(decision.outcome().goesToPublicPool()).isTrue();
			assertThat(decision.candidates()).isEmpty();
		}
	}

	@Nested
	class Scoring {

		@Test
		void aNewRepWithNoHistoryIsNotStarvedByARepWithPoorHistory() {
			AllocationDecision decision = decide(AllocationPolicy.defaults(), rep(1, "veteran").gradeA(0, 10).build(),
					rep(2, "new").build());

			assertThat(decision.candidate(2).orElseThrow().score(Component.CONVERSION)).isCloseTo(0.3, within(1e-12));
			assertThat(decision.candidate(1).orElseThrow().score(Component.CONVERSION)).isCloseTo(0.1, within(1e-12));
			assertThat(decision.winnerRepId()).hasValue(2);
		}

		@Test
		void equalDefaultWeightsMakeTheTotalTheMeanOfTheComponents() {
			AllocationDecision decision = decide(AllocationPolicy.defaults(), rep(1, "r").activeLeads(2)
				.gradeA(3, 4)
				.skills(Set.of("x"))
				.build());
			CandidateAssessment a = decision.candidates().get(0);
			double mean = a.scores().stream().mapToDouble(Double::doubleValue).average().orElseThrow();
			assertThat(a.total()).isCloseTo(mean, within(1e-12));
		}

		@Test
		void aZeroWeightRemovesItsComponent() {
			// conversion would favour rep 1 strongly, but with its weight 0 only spare capacity counts
			AllocationPolicy capacityOnly = AllocationPolicy.defaults().toBuilder().weights(new Weights(1, 0, 0, 0, 0))
				.build();
			AllocationDecision decision = decide(capacityOnly, rep(1, "star").activeLeads(4).gradeA(10, 10).build(),
					rep(2, "idle").activeLeads(3).build());

			assertThat(decision.winnerRepId()).hasValue(2);
			assertThat(decision.candidate(1).orElseThrow().total()).isEqualTo(0.5);
			assertThat(decision.candidate(2).orElseThrow().total()).isEqualTo(0.625);
		}

		@Test
		void weightsShiftTheOutcome() {
			Candidate busyStar = rep(1, "busy star").activeLeads(6).gradeA(9, 10).build();
			Candidate idleNovice = rep(2, "idle novice").activeLeads(1).gradeA(1, 10).build();
			AllocationPolicy conversionHeavy = AllocationPolicy.defaults().toBuilder().weights(new Weights(1, 5, 1, 1, 1))
				.build();
			assertThat(decide(AllocationPolicy.defaults(), busyStar, idleNovice).winnerRepId()).hasValue(2);
			assertThat(decide(conversionHeavy, busyStar, idleNovice).winnerRepId()).hasValue(1);
		}

		@Test
		void regionMatchUsesTheDistanceFromTheRepsBase() {
			LeadFacts lead = LEAD.withCustomerLocation(GeoPointTests.PEOPLES_SQUARE);
			AllocationDecision decision = engine.decide(lead,
					List.of(rep(1, "shanghai").serviceArea(31.2304, 121.5237, 10).build(),
							rep(2, "hangzhou").serviceArea(30.2590, 120.1300, 30).build(),
							rep(3, "unknown base").build()),
					AllocationPolicy.defaults(), NOW);

			CandidateAssessment shanghai = decision.candidate(1).orElseThrow();
			assertThat(shanghai.distanceKm()).isCloseTo(4.75, within(0.05));
			assertThat(shanghai.score(Component.REGION_MATCH)).isEqualTo(1.0);
			CandidateAssessment hangzhou = decision.candidate(2).orElseThrow();
			assertThat(hangzhou.distanceKm()).isCloseTo(167.8, within(0.5));
			assertThat(hangzhou.score(Component.REGION_MATCH)).isZero();
			CandidateAssessment unknown = decision.candidate(3).orElseThrow();
			assertThat(unknown.distanceKm()).isNull();
			assertThat(unknown.score(Component.REGION_MATCH)).isEqualTo(0.5);
			assertThat(decision.winnerRepId()).hasValue(1);
		}

		@Test
		void fairnessComparesWithTheMeanOfTheEligibleReps() {
			AllocationDecision decision = decide(AllocationPolicy.defaults(), rep(1, "lucky").gradeAReceivedInWindow(6)
				.build(), rep(2, "average").gradeAReceivedInWindow(3).build(), rep(3, "starved").build(),
					rep(4, "disabled, not counted").active(false).gradeAReceivedInWindow(100).build());

			assertThat(decision.fairnessMean()).isEqualTo(3.0);
			assertThat(decision.candidate(1).orElseThrow().score(Component.FAIRNESS)).isEqualTo(0.0);
			assertThat(decision.candidate(2).orElseThrow().score(Component.FAIRNESS)).isEqualTo(0.5);
			assertThat(decision.candidate(3).orElseThrow().score(Component.FAIRNESS)).isEqualTo(1.0);
			assertThat(decision.winnerRepId()).hasValue(3);
		}

		@Test
		void explanationScoresAddUpToTheTotalsTheDecisionUsed() {
			AllocationPolicy policy = AllocationPolicy.defaults().toBuilder().weights(new Weights(2, 1.5, 0.5, 1, 3))
				.build();
			LeadFacts lead = LEAD.withRequiredSkills(Set.of("a", "b", "c"))
				.withCustomerLocation(GeoPointTests.PEOPLES_SQUARE);
			List<Candidate> reps = randomTeam(new Random(3), 300);
			AllocationDecision decision = engine.decide(lead, reps, policy, NOW);

			double[] w = { 2 / 8.0, 1.5 / 8.0, 0.5 / 8.0, 1 / 8.0, 3 / 8.0 };
			for (int i = 0; i < reps.size(); i++) {
				CandidateAssessment a = decision.candidates().get(i);
				double sum = 0;
				for (Component c : Component.values()) {
					assertThat(a.score(c)).isBetween(0.0, 1.0);
					sum += w[c.ordinal()] * a.score(c);
				}
				assertThat(a.total()).isCloseTo(sum, within(1e-12));
				assertThat(a.total()).isEqualTo(decision.total(i));
			}
		}
	}

	@Nested
	class Strategies {

		@Test
		void roundRobinCyclesThroughTheEligibleRepsLeastRecentlyAssignedFirst() {
			AllocationPolicy rr = AllocationPolicy.defaults().toBuilder().strategy(Strategy.ROUND_ROBIN).build();
			Map<Long, Candidate> team = new HashMap<>();
			team.put(1L, rep(1, "a").lastAssignedAt(NOW.minusSeconds(300)).build());
			team.put(2L, rep(2, "b").lastAssignedAt(NOW.minusSeconds(100)).build());
			team.put(3L, rep(3, "c").lastAssignedAt(NOW.minusSeconds(200)).build());
			team.put(4L, rep(4, "disabled").active(false).build());
			List<Long> winners = new ArrayList<>();
			Instant t = NOW;
			for (int i = 0; i < 6; i++) {
				t = t.plusSeconds(60);
				AllocationDecision d = engine.decide(LEAD, List.copyOf(team.values()), rr, t);
				long w = d.winnerRepId().orElseThrow();
				winners.add(w);
				team.put(w, team.get(w).toBuilder().lastAssignedAt(t).build());
			}
			assertThat(winners).containsExactly(1L, 3L, 2L, 1L, 3L, 2L);
		}

		@Test
		void roundRobinPutsNeverAssignedRepsFirstAndBreaksTiesByRepId() {
			AllocationPolicy rr = AllocationPolicy.defaults().toBuilder().strategy(Strategy.ROUND_ROBIN).build();
			AllocationDecision d = decide(rr, rep(5, "old").lastAssignedAt(NOW.minusSeconds(9999)).build(),
					rep(8, "new 8").build(), rep(6, "new 6").build());
			assertThat(d.winnerRepId()).hasValue(6);
			assertThat(d.candidate(8).orElseThrow().whyNotWinner())
				.isEqualTo(Reason.of("allocation.why.tieHigherRepId", 6L));
			assertThat(d.candidate(5).orElseThrow().whyNotWinner())
				.isEqualTo(Reason.of("allocation.why.assignedMoreRecently", NOW.minusSeconds(9999)));
			assertThat(d.candidate(6).orElseThrow().rank()).isEqualTo(1);
			assertThat(d.candidate(8).orElseThrow().rank()).isEqualTo(2);
			assertThat(d.candidate(5).orElseThrow().rank()).isEqualTo(3);
		}

		@Test
		void territoryTakesRepsServingTheRegionThenTheMostSpareCapacity() {
			AllocationPolicy territory = AllocationPolicy.defaults().toBuilder().strategy(Strategy.TERRITORY).build();
			LeadFacts lead = LEAD.withRequiredRegion(7L);
			AllocationDecision d = engine.decide(lead,
					List.of(rep(1, "half").regionIds(Set.of(7L)).activeLeads(4).gradeA(10, 10).build(),
							rep(2, "quarter").regionIds(Set.of(7L)).activeLeads(2).build(),
							rep(3, "idle elsewhere").regionIds(Set.of(8L)).build()),
					territory, NOW);

			assertThat(d.winnerRepId()).hasValue(2);
			assertThat(d.candidate(3).orElseThrow().eligible()).isFalse();
			assertThat(d.candidate(1).orElseThrow().whyNotWinner())
				.isEqualTo(Reason.of("allocation.why.lessSpareCapacity", 0.5, 0.25));
		}

		@Test
		void territoryWithoutARegionHasNoWinnerAndGoesToThePublicPool() {
			AllocationPolicy territory = AllocationPolicy.defaults().toBuilder().strategy(Strategy.TERRITORY).build();
			AllocationDecision d = decide(territory, rep(1, "a").regionIds(Set.of(7L)).build());
			assertThat(d.outcome()).isEqualTo(Outcome.NO_TERRITORY);
			assertThat(d.outcome().goesToPublicPool()).isTrue();
			assertThat(d.winner()).isEmpty();
		}

		@Test
		void manualAssignsNobodyButRanksEveryoneAsAdvice() {
			AllocationPolicy manual = AllocationPolicy.defaults().toBuilder().strategy(Strategy.MANUAL).build();
			AllocationDecision d = decide(manual, rep(1, "busy").activeLeads(7).build(), rep(2, "free").build());

			assertThat(d.assigned()).isFalse();
			assertThat(d.outcome()).isEqualTo(Outcome.MANUAL);
			assertThat(d.outcome().goesToPublicPool()).isFalse();
			assertThat(d.outcomeReason()).isEqualTo(Reason.of("allocation.outcome.manual"));
			assertThat(d.candidate(2).orElseThrow().rank()).isEqualTo(1);
			assertThat(d.candidate(1).orElseThrow().rank()).isEqualTo(2);
			assertThat(d.candidates()).allSatisfy(a -> assertThat(a.whyNotWinner())
				.isEqualTo(Reason.of("allocation.why.noWinner", "allocation.outcome.manual")));
		}
	}

	@Nested
	class Determinism {

		@Test
		void equalRepsTieToTheLowerRepIdWhateverTheInputOrder() {
			List<Candidate> reps = new ArrayList<>(List.of(rep(5, "e").build(), rep(3, "c").build(),
					rep(4, "d").build()));
			for (int i = 0; i < 5; i++) {
				Collections.shuffle(reps, new Random(i));
				AllocationDecision d = engine.decide(LEAD, reps, AllocationPolicy.defaults(), NOW);
				assertThat(d.winnerRepId()).hasValue(3);
				assertThat(d.candidate(5).orElseThrow().whyNotWinner())
					.isEqualTo(Reason.of("allocation.why.tieHigherRepId", 3L));
			}
		}

		@Test
		void anEqualTotalGoesToTheLowerLoad() {
			// only conversion counts, and both have the same history: the lower load wins the tie
			AllocationPolicy conversionOnly = AllocationPolicy.defaults().toBuilder().weights(new Weights(0, 1, 0, 0, 0))
				.build();
			AllocationDecision d = decide(conversionOnly, rep(1, "busier").activeLeads(5).build(),
					rep(2, "calmer").activeLeads(3).build());
			assertThat(d.winnerRepId()).hasValue(2);
			assertThat(d.candidate(1).orElseThrow().whyNotWinner())
				.isEqualTo(Reason.of("allocation.why.tieHigherLoad", 0.625, 0.375));
		}

		@Test
		void theSameInputsGiveTheSameDecision() {
			List<Candidate> reps = randomTeam(new Random(11), 200);
			LeadFacts lead = LEAD.withRequiredSkills(Set.of("a")).withCustomerLocation(GeoPointTests.WEST_LAKE);
			AllocationDecision first = engine.decide(lead, reps, AllocationPolicy.defaults(), NOW);
			AllocationDecision second = engine.decide(lead, reps, AllocationPolicy.defaults(), NOW);
			assertThat(second.winnerRepId()).isEqualTo(first.winnerRepId());
			assertThat(second.candidates()).isEqualTo(first.candidates());
		}
	}

	/**
	 * A weighted decision with a customer location computes the region term only for reps who could still win
	 * (AllocationEngine, pass 3). Pinned against the full order: the winner must be the first of all eligible
	 * reps ordered by complete total, then load, then rep id, and every total, read before or after the
	 * explanation, must be the weighted sum of its component scores.
	 */
	@Nested
	class RegionTermOnlyWhereItCanMatter {

		@Test
		void theWinnerIsTheFirstInTheFullOrderOverManyRandomTeams() {
			Random random = new Random(20261123);
			int pruned = 0;
			for (int round = 0; round < 300; round++) {
				double[] weights = new double[5];
				for (int k = 0; k < 5; k++) {
					weights[k] = random.nextInt(4) == 0 ? 0 : random.nextInt(5) + random.nextDouble();
				}
				if (weights[0] + weights[1] + weights[2] + weights[3] + weights[4] == 0) {
					weights[2] = 1;
				}
				AllocationPolicy policy = AllocationPolicy.defaults().toBuilder()
					.weights(new Weights(weights[0], weights[1], weights[2], weights[3], weights[4]))
					.build();
				LeadFacts lead = LEAD.withCustomerLocation(GeoPoint.of(31.2 + random.nextDouble() - 0.5,
						121.47 + random.nextDouble() - 0.5));
				if (random.nextBoolean()) {
					lead = lead.withRequiredSkills(Set.of("a", "c"));
				}
				if (random.nextInt(3) == 0) {
					lead = lead.withRequiredRegion(1L + random.nextInt(4));
				}
				List<Candidate> reps = randomTeam(random, 1 + random.nextInt(random.nextBoolean() ? 5 : 400));
				AllocationDecision decision = engine.decide(lead, reps, policy, NOW);
				double sumOfWeights = weights[0] + weights[1] + weights[2] + weights[3] + weights[4];

				// totals read first (completed on demand), then the explanation: the same numbers
				double[] totals = new double[reps.size()];
				for (int i = 0; i < reps.size(); i++) {
					totals[i] = decision.total(i);
				}
				List<CandidateAssessment> all = decision.candidates();
				Integer best = null;
				for (int i = 0; i < all.size(); i++) {
					CandidateAssessment a = all.get(i);
					double sum = 0;
					for (Component c : Component.values()) {
						sum += weights[c.ordinal()] / sumOfWeights * a.score(c);
					}
					assertThat(a.total()).isEqualTo(totals[i]).isCloseTo(sum, within(1e-12));
					if (a.eligible() && (best == null || fullOrder(a, all.get(best)) < 0)) {
						best = i;
					}
				}
				if (best == null) {
					assertThat(decision.outcome()).isEqualTo(Outcome.NO_ELIGIBLE_REP);
				}
				else {
					assertThat(decision.winnerRepId()).as("round %d", round).hasValue(all.get(best).repId());
					assertThat(all.get(best).rank()).isEqualTo(1);
					pruned++;
				}
			}
			assertThat(pruned).as("rounds with a winner").isGreaterThan(250);
		}

		/** WEIGHTED's order, written out here rather than taken from Ranking. */
		int fullOrder(CandidateAssessment a, CandidateAssessment b) {
			if (a.total() != b.total()) {
				return a.total() > b.total() ? -1 : 1;
			}
			if (a.loadRate() != b.loadRate()) {
				return a.loadRate() < b.loadRate() ? -1 : 1;
			}
			return Long.compare(a.repId(), b.repId());
		}
	}

	@Nested
	class Explanation {

		@Test
		void everyCandidateAppearsInInputOrderWithVerdictsScoresRankAndReason() {
			List<Candidate> reps = randomTeam(new Random(5), 120);
			LeadFacts lead = LEAD.withRequiredSkills(Set.of("a", "b")).withRequiredRegion(1L)
				.withCustomerLocation(GeoPointTests.PEOPLES_SQUARE);
			AllocationDecision d = engine.decide(lead, reps, AllocationPolicy.defaults(), NOW);

			assertThat(d.policyVersion()).isEqualTo(1);
			assertThat(d.strategy()).isEqualTo(Strategy.WEIGHTED);
			assertThat(d.decidedAt()).isEqualTo(NOW);
			assertThat(d.leadId()).isEqualTo(100);
			assertThat(d.candidates()).extracting(CandidateAssessment::repId)
				.containsExactlyElementsOf(reps.stream().map(Candidate::repId).toList());
			List<Integer> ranks = new ArrayList<>();
			for (CandidateAssessment a : d.candidates()) {
				assertThat(a.verdicts()).hasSize(5);
				assertThat(a.verdicts()).allSatisfy(v -> assertThat(v.reason().key())
					.isEqualTo("allocation.rule." + v.rule() + (v.allowed() ? ".allowed" : ".rejected")));
				assertThat(a.eligible()).isEqualTo(a.rejections().isEmpty());
				assertThat(a.scores()).hasSize(5);
				assertThat(a.whyNotWinner()).isNotNull();
				if (a.eligible()) {
					ranks.add(a.rank());
				}
				else {
					assertThat(a.rank()).isZero();
				}
			}
			assertThat(ranks).isNotEmpty();
			assertThat(ranks).containsExactlyInAnyOrderElementsOf(
					java.util.stream.IntStream.rangeClosed(1, ranks.size()).boxed().toList());
			CandidateAssessment winner = d.winner().orElseThrow();
			assertThat(winner.rank()).isEqualTo(1);
			assertThat(d.candidates()).filteredOn(CandidateAssessment::eligible)
				.allSatisfy(a -> assertThat(a.total()).isLessThanOrEqualTo(winner.total()));
			assertThat(d.outcomeReason())
				.isEqualTo(Reason.of("allocation.outcome.assigned", winner.repId(), "WEIGHTED"));
		}
	}

	/** Varied reps: some disabled, some at hard capacity, skills from a–e, regions 1–4, bases around Shanghai. */
	static List<Candidate> randomTeam(Random random, int size) {
		String[] skills = { "a", "b", "c", "d", "e" };
		List<Candidate> reps = new ArrayList<>();
		for (int i = 0; i < size; i++) {
			int closed = random.nextInt(12);
			reps.add(rep(1000 + i, "rep " + i).active(random.nextInt(10) != 0)
				.activeLeads(random.nextInt(18))
				.baselineOverride(random.nextInt(8) == 0 ? 4 : null)
				.skills(Set.copyOf(List.of(skills[random.nextInt(5)], skills[random.nextInt(5)])))
				.regionIds(Set.of((long) 1 + random.nextInt(4)))
				.serviceArea(random.nextInt(6) == 0 ? null
						: new ServiceArea(GeoPoint.of(31.2 + random.nextDouble() - 0.5, 121.47 + random.nextDouble() - 0.5),
								5 + random.nextInt(40)))
				.gradeA(closed == 0 ? 0 : random.nextInt(closed + 1), closed)
				.gradeAReceivedInWindow(random.nextInt(6))
				.lastAssignedAt(NOW.minusSeconds(random.nextInt(100_000)))
				.build());
		}
		return reps;
	}
}
