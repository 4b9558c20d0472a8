package dev.closer.leads.internal;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.closer.leads.Grade;

/**
 * Grading criteria as data (SPEC L3, P5). Rules are tried in order; the first grade whose criteria
 * all hold wins; otherwise C. Default: A = budget confirmed + decision chain known + first contact due
 * within 48 h; B = budget confirmed or decision chain known (as two rules).
 */
record GradingRules(List<GradeRule> rules) {

	enum Kind {
		/** The customer confirmed a budget (flag set and an amount given). */
		BUDGET_CONFIRMED,
		/** The decision chain is known. */
		DECISION_CHAIN_KNOWN,
		/** A first-contact due time is set and lies within {@code hours} of intake. */
		FIRST_CONTACT_WITHIN_HOURS,
		/** Budget of at least {@code amount}. */
		BUDGET_AT_LEAST,
		/** Source channel is one of {@code values}. */
		SOURCE_IN,
		/** Industry is one of {@code values}. */
		INDUSTRY_IN
	}

	record Criterion(Kind kind, Integer hours, BigDecimal amount, List<String> values) {

		static Criterion of(Kind kind) {
			return new Criterion(kind, null, null, null);
		}

		/** The lead field(s) this criterion reads, named as in the API, for "missing field" errors. */
		String field() {
			return switch (kind) {
				case BUDGET_CONFIRMED -> "budget";
				case DECISION_CHAIN_KNOWN -> "decisionChainKnown";
				case FIRST_CONTACT_WITHIN_HOURS -> "firstContactDueAt";
				case BUDGET_AT_LEAST -> "budget";
				case SOURCE_IN -> "sourceChannel";
				case INDUSTRY_IN -> "industry";
			};
		}

		boolean holds(GradingInput lead, Instant now) {
			return switch (kind) {
				case BUDGET_CONFIRMED -> lead.budgetConfirmed() && lead.budget() != null && lead.budget().signum() > 0;
				case DECISION_CHAIN_KNOWN -> lead.decisionChainKnown();
				case FIRST_CONTACT_WITHIN_HOURS -> lead.firstContactDueAt() != null
						&& !lead.firstContactDueAt().isAfter(now.plus(Duration.ofHours(hours)));
				case BUDGET_AT_LEAST -> lead.budget() != null && lead.budget().compareTo(amount) >= 0;
				case SOURCE_IN -> lead.sourceChannel() != null && values.contains(lead.sourceChannel());
				case INDUSTRY_IN -> lead.industry() != null && values.contains(lead.industry());
			};
		}
	}

	record GradeRule(Grade grade, List<Criterion> all) {
	}

	/** What grading reads of a lead. */
	record GradingInput(BigDecimal budget, boolean budgetConfirmed, boolean decisionChainKnown,
			Instant firstContactDueAt, String sourceChannel, String industry) {
	}

	/** A grade with the rule version it came from and, for A, what was missing when it was not reached. */
	record Graded(Grade grade, long version, List<String> missingForA) {
	}

	static GradingRules defaults() {
		return new GradingRules(List.of(
				new GradeRule(Grade.A, List.of(Criterion.of(Kind.BUDGET_CONFIRMED), Criterion.of(Kind.DECISION_CHAIN_KNOWN),
						new Criterion(Kind.FIRST_CONTACT_WITHIN_HOURS, 48, null, null))),
				new GradeRule(Grade.B, List.of(Criterion.of(Kind.BUDGET_CONFIRMED))),
				new GradeRule(Grade.B, List.of(Criterion.of(Kind.DECISION_CHAIN_KNOWN)))));
	}

	Graded grade(GradingInput lead, Instant now, long version) {
		for (GradeRule rule : rules) {
			if (rule.all().stream().allMatch(c -> c.holds(lead, now))) {
				return new Graded(rule.grade(), version, List.of());
			}
		}
		return new Graded(Grade.C, version, missingFor(Grade.A, lead, now));
	}

	/** The fields that keep a lead from the first rule of {@code grade}. */
	List<String> missingFor(Grade grade, GradingInput lead, Instant now) {
		return rules.stream()
			.filter(r -> r.grade() == grade)
			.findFirst()
			.map(r -> r.all().stream().filter(c -> !c.holds(lead, now)).map(Criterion::field).distinct().toList())
			.orElse(List.of());
	}

	/** Validation on save (P5): message keys with arguments; empty when valid. */
	List<String> validate() {
		List<String> errors = new ArrayList<>();
		if (rules == null || rules.isEmpty()) {
			errors.add("error.grading.empty");
			return errors;
		}
		for (GradeRule rule : rules) {
			if (rule.grade() == null || rule.grade() == Grade.C) {
				errors.add("error.grading.grade");
			}
			if (rule.all() == null || rule.all().isEmpty()) {
				errors.add("error.grading.noCriteria");
				continue;
			}
			for (Criterion c : rule.all()) {
				if (c.kind() == null) {
					errors.add("error.grading.kind");
				}
				else if (c.kind() == Kind.FIRST_CONTACT_WITHIN_HOURS && (c.hours() == null || c.hours() <= 0)) {
					errors.add("error.grading.hours");
				}
				else if (c.kind() == Kind.BUDGET_AT_LEAST && (c.amount() == null || c.amount().signum() < 0)) {
					errors.add("error.grading.amount");
				}
				else if ((c.kind() == Kind.SOURCE_IN || c.kind() == Kind.INDUSTRY_IN)
						&& (c.values() == null || c.values().isEmpty())) {
					errors.add("error.grading.values");
				}
			}
		}
		if (rules.stream().noneMatch(r -> r.grade() == Grade.A)) {
			errors.add("error.grading.noA");
		}
		return errors;
	}
}
