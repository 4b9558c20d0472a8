package dev.closer.leads.internal.allocation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * W1: one allocation decision over 1,000 eligible reps (target ≤ 20 µs mean). Not a test: run with
 * {@code ./mvnw -B -Pbenchmarks -DskipTests test} (see docs/BENCHMARKS.md).
 * <p>
 * The data is varied the way a large team is: loads 0–15 of a baseline of 8 (some overridden), 1–4 skills
 * each, 1–3 regions, bases scattered ±1° around Shanghai with 10–60 km radii, grade-A histories from none to
 * 20 closed, fairness counts 0–6, assignment times over the last week. Every rep is eligible, so every rep is
 * scored and none is skipped early.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class AllocationBenchmark {

	static final String[] SKILLS = { "medical-devices", "imaging", "saas", "manufacturing", "education",
			"hardware", "services", "lab" };

	final AllocationEngine engine = new AllocationEngine();

	final Instant now = Instant.parse("2026-03-02T09:00:00Z");

	AllocationPolicy policy;

	/** Region match alone counts: no rep can be ruled out before its distance is measured. */
	AllocationPolicy regionOnly;

	LeadFacts lead;

	List<Candidate> candidates;

	@Setup
	public void setUp() {
		Random random = new Random(20260302L);
		policy = AllocationPolicy.defaults();
		regionOnly = policy.toBuilder().weights(new Weights(0, 0, 1, 0, 0)).build();
		lead = LeadFacts.of(1, 10, LeadGrade.A)
			.withRequiredSkills(Set.of("medical-devices", "imaging"))
			.withRequiredRegion(7L)
			.withCustomerLocation(GeoPoint.of(31.2304, 121.4737))
			.withPreviousOwner(5L, now.minus(Duration.ofDays(2)));
		List<Candidate> reps = new ArrayList<>(1000);
		for (int i = 0; i < 1000; i++) {
			Set<String> skills = new HashSet<>();
			skills.add(random.nextBoolean() ? "medical-devices" : "imaging");
			int extra = random.nextInt(4);
			for (int s = 0; s < extra; s++) {
				skills.add(SKILLS[random.nextInt(SKILLS.length)]);
			}
			Set<Long> regions = new HashSet<>();
			regions.add(7L);
			int moreRegions = random.nextInt(3);
			for (int r = 0; r < moreRegions; r++) {
				regions.add((long) random.nextInt(20));
			}
			int closed = random.nextInt(21);
			reps.add(Candidate.builder(1000 + i, "Rep " + i)
				.activeLeads(random.nextInt(16))
				.baselineOverride(random.nextInt(10) == 0 ? 4 + random.nextInt(8) : null)
				.skills(skills)
				.regionIds(regions)
				.serviceArea(31.2304 + random.nextDouble() * 2 - 1, 121.4737 + random.nextDouble() * 2 - 1,
						10 + random.nextInt(51))
				.gradeA(closed == 0 ? 0 : random.nextInt(closed + 1), closed)
				.gradeAReceivedInWindow(random.nextInt(7))
				.lastAssignedAt(random.nextInt(20) == 0 ? null : now.minusSeconds(random.nextInt(7 * 24 * 3600)))
				.build());
		}
		candidates = List.copyOf(reps);
		AllocationDecision check = engine.decide(lead, candidates, policy, now);
		if (check.candidates().stream().filter(CandidateAssessment::eligible).count() != 1000) {
			throw new IllegalStateException("benchmark data must make every rep eligible");
		}
	}

	/** W1: the decision the service takes inside its transaction. */
	@Benchmark
	public AllocationDecision decide() {
		return engine.decide(lead, candidates, policy, now);
	}

	/**
	 * For reference: the worst case for W1, where the region term must be computed for every rep (with the
	 * default weights most reps are ruled out before it; see AllocationEngine, pass 3).
	 */
	@Benchmark
	public AllocationDecision decideEveryRepMeasured() {
		return engine.decide(lead, candidates, regionOnly, now);
	}

	/** For reference: a decision plus its full explanation (ranks, "why not" lines) as persisted for L5. */
	@Benchmark
	public List<CandidateAssessment> decideAndExplain() {
		return engine.decide(lead, candidates, policy, now).candidates();
	}
}
