package dev.closer.leads.internal.flow;

import java.util.Locale;

import org.springframework.http.HttpStatus;

import dev.closer.shared.problem.BusinessException;

/** Columns of the heatmap: one per day of the month, or one per ISO week (Monday to Sunday) cut to the month. */
enum Granularity {
	DAY, WEEK;

	static Granularity parse(String value) {
		if (value == null || value.isBlank()) {
			return DAY;
		}
		return switch (value.trim().toLowerCase(Locale.ROOT)) {
			case "day" -> DAY;
			case "week" -> WEEK;
			default -> throw new BusinessException(HttpStatus.BAD_REQUEST, "granularity", "error.leadFlow.granularity",
					value);
		};
	}

	String param() {
		return name().toLowerCase(Locale.ROOT);
	}
}
