package dev.closer.activities.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.closer.activities.internal.TemplateDefinition.Problem;

/**
 * The weekly dual review rule (SPEC F7; rules are data, P5), stored as one version per save (kind DUAL_REVIEW).
 * <ul>
 * <li>{@code highValueThreshold}: a customer whose expected annual value (CNY) reaches it is high value (default
 * 1,000,000); {@code keyAccounts}: key accounts are high value whatever their value (default true);</li>
 * <li>{@code sampleRatePercent}: the share of the candidates drawn, rounded up (default 5, at most two decimals,
 * above 0 and at most 100); {@code minimumSample}: at least this many when there is any candidate (default 1);</li>
 * <li>{@code drawDay} and {@code drawHour}: when, in the company zone (Asia/Shanghai), the previous ISO week is
 * drawn (default Monday 9:00);</li>
 * <li>{@code seniorBy}: how the senior rep is chosen among the team's active reps other than the author:
 * MEAN_QUALITY (the highest mean quality score of their follow-ups in the {@code seniorWindowDays} before the end of
 * the drawn week; more scored follow-ups, then the lower user id, break ties; reps without a score come last) or
 * MOST_FOLLOW_UPS (the most follow-ups in that window).</li>
 * </ul>
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record DualReviewRule(BigDecimal highValueThreshold, Boolean keyAccounts, BigDecimal sampleRatePercent,
		Integer minimumSample, String drawDay, Integer drawHour, String seniorBy, Integer seniorWindowDays) {

	static final List<String> SENIOR_RULES = List.of("MEAN_QUALITY", "MOST_FOLLOW_UPS");

	static final BigDecimal VALUE_MAX = new BigDecimal("99999999999999999.99");

	boolean countsKeyAccounts() {
		return !Boolean.FALSE.equals(keyAccounts);
	}

	DayOfWeek day() {
		return DayOfWeek.valueOf(drawDay.toUpperCase(Locale.ROOT));
	}

	/** The sample size for {@code candidates}: ceil(rate × n), at least the minimum (never more than n). */
	int sampleSize(int candidates) {
		if (candidates <= 0) {
			return 0;
		}
		int byRate = sampleRatePercent.multiply(BigDecimal.valueOf(candidates))
			.divide(BigDecimal.valueOf(100), 0, RoundingMode.CEILING)
			.intValueExact();
		return Math.min(candidates, Math.max(byRate, minimumSample));
	}

	/** Everything wrong with this rule. */
	List<Problem> problems() {
		List<Problem> problems = new ArrayList<>();
		if (highValueThreshold == null || highValueThreshold.signum() < 0 || highValueThreshold.compareTo(VALUE_MAX) > 0
				|| highValueThreshold.stripTrailingZeros().scale() > 2) {
			problems.add(new Problem("highValueThreshold", "error.dualReview.threshold"));
		}
		if (sampleRatePercent == null || sampleRatePercent.signum() <= 0
				|| sampleRatePercent.compareTo(BigDecimal.valueOf(100)) > 0
				|| sampleRatePercent.stripTrailingZeros().scale() > 2) {
			problems.add(new Problem("sampleRatePercent", "error.dualReview.rate"));
		}
		if (minimumSample == null || minimumSample < 0 || minimumSample > 100) {
			problems.add(new Problem("minimumSample", "error.quality.between", 0, 100));
		}
		try {
			if (drawDay == null) {
				throw new IllegalArgumentException();
			}
			day();
		}
		catch (IllegalArgumentException e) {
			problems.add(new Problem("drawDay", "error.dualReview.day", String.valueOf(drawDay)));
		}
		if (drawHour == null || drawHour < 0 || drawHour > 23) {
			problems.add(new Problem("drawHour", "error.quality.between", 0, 23));
		}
		if (seniorBy == null || !SENIOR_RULES.contains(seniorBy)) {
			problems.add(new Problem("seniorBy", "error.dualReview.seniorBy", String.valueOf(seniorBy),
					String.join(", ", SENIOR_RULES)));
		}
		if (seniorWindowDays == null || seniorWindowDays < 7 || seniorWindowDays > 365) {
			problems.add(new Problem("seniorWindowDays", "error.quality.between", 7, 365));
		}
		return problems;
	}
}
