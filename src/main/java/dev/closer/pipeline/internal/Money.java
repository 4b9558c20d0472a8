package dev.closer.pipeline.internal;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

import dev.closer.shared.problem.BusinessException;

/** Amount and date input checks (SPEC O1: amounts in CNY, exact decimals). Each failure names the field and the rule. */
final class Money {

	/** numeric(19,2): at most 17 digits before the point. */
	static final BigDecimal LIMIT = new BigDecimal("100000000000000000");

	private Money() {
	}

	/** Null or blank → null; otherwise a number ≥ 0 with at most 2 decimals below 10^17, else 422 on {@code field}. */
	static BigDecimal amount(String field, String text) {
		if (text == null || text.isBlank()) {
			return null;
		}
		BigDecimal value;
		try {
			value = new BigDecimal(text.strip());
		}
		catch (NumberFormatException e) {
			throw BusinessException.invalidField(field, "error.opportunity.amountNumber", text.strip());
		}
		if (value.signum() < 0) {
			throw BusinessException.invalidField(field, "error.opportunity.amountNegative", value.toPlainString());
		}
		if (value.stripTrailingZeros().scale() > 2) {
			throw BusinessException.invalidField(field, "error.opportunity.amountScale", value.toPlainString());
		}
		if (value.compareTo(LIMIT) >= 0) {
			throw BusinessException.invalidField(field, "error.opportunity.amountTooLarge", value.toPlainString());
		}
		return value.setScale(2);
	}

	static LocalDate date(String field, String text) {
		if (text == null || text.isBlank()) {
			return null;
		}
		try {
			return LocalDate.parse(text.strip());
		}
		catch (DateTimeParseException e) {
			throw BusinessException.invalidField(field, "error.opportunity.date", text.strip());
		}
	}
}
