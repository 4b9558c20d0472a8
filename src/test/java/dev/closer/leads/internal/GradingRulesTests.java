package dev.closer.leads.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.closer.leads.Grade;
import dev.closer.leads.internal.GradingRules.Criterion;
import dev.closer.leads.internal.GradingRules.GradeRule;
import dev.closer.leads.internal.GradingRules.GradingInput;
import dev.closer.leads.internal.GradingRules.Kind;

/** SPEC L3: default A = budget confirmed + decision chain known + first contact due within 48 h. */
class GradingRulesTests {

	static final Instant NOW = Instant.parse("2026-03-02T02:00:00Z");

	static final GradingRules DEFAULTS = GradingRules.defaults();

	static GradingInput lead(BigDecimal budget, boolean confirmed, boolean chain, Duration dueIn) {
		return new GradingInput(budget, confirmed, chain, dueIn == null ? null : NOW.plus(dueIn), "web", "medical");
	}

	@Test
	void allThreeCriteriaMakeA() {
		assertThat(DEFAULTS.grade(lead(new BigDecimal("500000"), true, true, Duration.ofHours(24)), NOW, 7))
			.isEqualTo(new GradingRules.Graded(Grade.A, 7, List.of()));
	}

	@Test
	void theFortyEightHourEdgeIsInclusive() {
		assertThat(DEFAULTS.grade(lead(BigDecimal.TEN, true, true, Duration.ofHours(48)), NOW, 1).grade()).isEqualTo(Grade.A);
		assertThat(DEFAULTS.grade(lead(BigDecimal.TEN, true, true, Duration.ofHours(48).plusSeconds(1)), NOW, 1).grade())
			.isEqualTo(Grade.B);
	}

	@Test
	void aConfirmedBudgetNeedsAnAmount() {
		assertThat(DEFAULTS.grade(lead(null, true, true, Duration.ofHours(1)), NOW, 1).grade()).isEqualTo(Grade.B);
		assertThat(DEFAULTS.grade(lead(BigDecimal.ZERO, true, false, Duration.ofHours(1)), NOW, 1).grade())
			.isEqualTo(Grade.C);
	}

	@Test
	void oneStrongSignalMakesBAndNoneMakesCWithWhatAWouldNeed() {
		assertThat(DEFAULTS.grade(lead(BigDecimal.TEN, true, false, null), NOW, 1).grade()).isEqualTo(Grade.B);
		assertThat(DEFAULTS.grade(lead(null, false, true, null), NOW, 1).grade()).isEqualTo(Grade.B);
		var c = DEFAULTS.grade(lead(null, false, false, null), NOW, 1);
		assertThat(c.grade()).isEqualTo(Grade.C);
		assertThat(c.missingForA()).containsExactly("budget", "decisionChainKnown", "firstContactDueAt");
	}

	@Test
	void missingForANamesOnlyTheFieldsThatFail() {
		assertThat(DEFAULTS.missingFor(Grade.A, lead(BigDecimal.TEN, true, false, Duration.ofHours(3)), NOW))
			.containsExactly("decisionChainKnown");
	}

	@Test
	void customRulesAreData() {
		var rules = new GradingRules(List.of(new GradeRule(Grade.A,
				List.of(new Criterion(Kind.BUDGET_AT_LEAST, null, new BigDecimal("1000000"), null),
						new Criterion(Kind.INDUSTRY_IN, null, null, List.of("medical"))))));
		assertThat(rules.validate()).isEmpty();
		assertThat(rules.grade(lead(new BigDecimal("1000000"), false, false, null), NOW, 3).grade()).isEqualTo(Grade.A);
		assertThat(rules.grade(lead(new BigDecimal("999999.99"), false, false, null), NOW, 3).grade()).isEqualTo(Grade.C);
	}

	@Test
	void validationNamesEveryProblem() {
		assertThat(DEFAULTS.validate()).isEmpty();
		assertThat(new GradingRules(List.of()).validate()).containsExactly("error.grading.empty");
		var bad = new GradingRules(List.of(new GradeRule(Grade.B,
				List.of(new Criterion(Kind.FIRST_CONTACT_WITHIN_HOURS, 0, null, null),
						new Criterion(Kind.SOURCE_IN, null, null, List.of()))),
				new GradeRule(Grade.C, List.of(Criterion.of(Kind.DECISION_CHAIN_KNOWN)))));
		assertThat(bad.validate()).containsExactly("error.grading.hours", "error.grading.values", "error.grading.grade",
				"error.grading.noA");
	}
}
