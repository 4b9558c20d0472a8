package dev.closer.activities.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import dev.closer.activities.internal.DualReviewSampler.IsoWeek;
import dev.closer.activities.internal.TemplateDefinition.Problem;
import dev.closer.shared.problem.BusinessException;

/** SPEC F7, pure: the seed of a (team, week), the seeded sample, ceil(rate × n) with the minimum, ISO weeks, rule validation. */
class DualReviewSamplerTests {

	static DualReviewRule rule(String rate, int minimum) {
		return new DualReviewRule(new BigDecimal("1000000"), true, new BigDecimal(rate), minimum, "MONDAY", 9,
				"MEAN_QUALITY", 90);
	}

	@Test
	void theSampleSizeIsTheCeilingOfTheRateWithTheMinimumAndNeverMoreThanTheCandidates() {
		DualReviewRule fivePercent = rule("5", 1);
		assertThat(fivePercent.sampleSize(0)).isZero();
		assertThat(fivePercent.sampleSize(1)).isEqualTo(1);
		assertThat(fivePercent.sampleSize(20)).isEqualTo(1);
		assertThat(fivePercent.sampleSize(21)).isEqualTo(2);
		assertThat(fivePercent.sampleSize(40)).isEqualTo(2);
		assertThat(fivePercent.sampleSize(41)).isEqualTo(3);
		assertThat(fivePercent.sampleSize(100)).isEqualTo(5);
		assertThat(fivePercent.sampleSize(101)).isEqualTo(6);
		assertThat(rule("5", 3).sampleSize(2)).isEqualTo(2);
		assertThat(rule("5", 3).sampleSize(30)).isEqualTo(3);
		assertThat(rule("5", 0).sampleSize(1)).isEqualTo(1);
		assertThat(rule("100", 1).sampleSize(7)).isEqualTo(7);
		assertThat(rule("2.5", 1).sampleSize(80)).isEqualTo(2);
		assertThat(rule("2.5", 1).sampleSize(81)).isEqualTo(3);
	}

	@Test
	void theSeedIsTheFirstEightBytesOfSha256OfTeamAndWeek() throws Exception {
		byte[] hash = java.security.MessageDigest.getInstance("SHA-256")
			.digest("42:2026-W47".getBytes(java.nio.charset.StandardCharsets.UTF_8));
		long expected = java.nio.ByteBuffer.wrap(hash, 0, 8).getLong();
		assertThat(DualReviewSampler.seed(42, "2026-W47")).isEqualTo(expected);
		assertThat(DualReviewSampler.seed(42, "2026-W48")).isNotEqualTo(expected);
		assertThat(DualReviewSampler.seed(43, "2026-W47")).isNotEqualTo(expected);
	}

	@Test
	void theSameCandidatesAndSeedAlwaysGiveTheSameSampleWhateverTheirOrder() {
		List<Long> candidates = LongStream.rangeClosed(1000, 1060).boxed().toList();
		long seed = DualReviewSampler.seed(7, "2026-W46");
		List<Long> first = DualReviewSampler.sample(candidates, seed, 4);
		List<Long> reversed = new ArrayList<>(candidates);
		Collections.reverse(reversed);
		assertThat(DualReviewSampler.sample(reversed, seed, 4)).isEqualTo(first);
		assertThat(first).hasSize(4).isSorted().allMatch(candidates::contains).doesNotHaveDuplicates();
		// pinned to java.util.Random(seed) shuffling the ascending ids
		List<Long> expected = new ArrayList<>(candidates);
		Collections.shuffle(expected, new Random(seed));
		assertThat(first).containsExactlyInAnyOrderElementsOf(expected.subList(0, 4));
		assertThat(DualReviewSampler.sample(candidates, DualReviewSampler.seed(7, "2026-W45"), 4)).isNotEqualTo(first);
		assertThat(DualReviewSampler.sample(candidates, seed, 100)).hasSize(61);
		assertThat(DualReviewSampler.sample(List.of(), seed, 1)).isEmpty();
	}

	@Test
	void isoWeeksStartOnMondayAndParseStrictly() {
		IsoWeek w = IsoWeek.of(LocalDate.of(2026, 11, 22)); // a Sunday
		assertThat(w.code()).isEqualTo("2026-W47");
		assertThat(w.monday()).isEqualTo(LocalDate.of(2026, 11, 16));
		assertThat(w.previous().code()).isEqualTo("2026-W46");
		assertThat(IsoWeek.of(LocalDate.of(2027, 1, 1)).code()).isEqualTo("2026-W53");
		assertThat(IsoWeek.parse("2026-w47", "week").monday()).isEqualTo(LocalDate.of(2026, 11, 16));
		assertThatThrownBy(() -> IsoWeek.parse("2025-W53", "week")).isInstanceOf(BusinessException.class);
		assertThatThrownBy(() -> IsoWeek.parse("2026-47", "week")).isInstanceOf(BusinessException.class);
		assertThatThrownBy(() -> IsoWeek.parse(null, "week")).isInstanceOf(BusinessException.class);
	}

	@Test
	void theRuleIsValidated() {
		assertThat(rule("5", 1).problems()).isEmpty();
		assertThat(fields(new DualReviewRule(new BigDecimal("-1"), true, BigDecimal.ZERO, -1, "FUNDAY", 24, "LUCK", 3)))
			.containsExactly("highValueThreshold", "sampleRatePercent", "minimumSample", "drawDay", "drawHour", "seniorBy",
					"seniorWindowDays");
		assertThat(fields(rule("100.01", 1))).containsExactly("sampleRatePercent");
		assertThat(fields(rule("0.001", 1))).containsExactly("sampleRatePercent");
		assertThat(fields(new DualReviewRule(new BigDecimal("0.005"), true, BigDecimal.ONE, 1, "monday", 0,
				"MOST_FOLLOW_UPS", 365))).containsExactly("highValueThreshold");
	}

	private static List<String> fields(DualReviewRule r) {
		return r.problems().stream().map(Problem::field).toList();
	}
}
