package dev.closer.activities.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.closer.shared.problem.BusinessException;

/**
 * The reproducible part of the weekly dual review draw (SPEC F7), pure: ISO weeks in the company zone, the seed of a
 * (team, week) and the sample. The seed is the first eight bytes (big-endian) of SHA-256 of {@code "teamId:2026-W47"};
 * the candidates (follow-up ids) are sorted ascending, shuffled with {@code java.util.Random(seed)} by
 * {@link Collections#shuffle(List, Random)}, and the first {@code size} are drawn (returned ascending). The same
 * candidates, seed and size therefore always give the same sample, on any node and any day.
 */
final class DualReviewSampler {

	/** The company zone: weeks start on Monday 00:00 in Shanghai. */
	static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

	private static final Pattern WEEK = Pattern.compile("(\\d{4})-W(\\d{2})");

	private DualReviewSampler() {
	}

	/** An ISO week ({@code 2026-W47}) and its Monday. */
	record IsoWeek(String code, LocalDate monday) {

		LocalDate nextMonday() {
			return monday.plusWeeks(1);
		}

		IsoWeek previous() {
			return of(monday.minusWeeks(1));
		}

		static IsoWeek of(LocalDate day) {
			LocalDate monday = day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
			return new IsoWeek(String.format("%d-W%02d", monday.get(IsoFields.WEEK_BASED_YEAR),
					monday.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)), monday);
		}

		/** Parses {@code 2026-W47}; anything else (or a week the year does not have) is a 422 on {@code field}. */
		static IsoWeek parse(String text, String field) {
			Matcher m = text == null ? null : WEEK.matcher(text.strip().toUpperCase(java.util.Locale.ROOT));
			if (m == null || !m.matches()) {
				throw BusinessException.invalidField(field, "error.dualReview.week", String.valueOf(text));
			}
			try {
				LocalDate monday = LocalDate.parse(m.group(1) + "-W" + m.group(2) + "-1", DateTimeFormatter.ISO_WEEK_DATE);
				IsoWeek week = of(monday);
				if (!week.code().equals(m.group(1) + "-W" + m.group(2))) {
					throw BusinessException.invalidField(field, "error.dualReview.week", text);
				}
				return week;
			}
			catch (DateTimeParseException e) {
				throw BusinessException.invalidField(field, "error.dualReview.week", text);
			}
		}
	}

	/** The recorded seed of a team's draw for a week. */
	static long seed(long teamId, String isoWeek) {
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256")
				.digest((teamId + ":" + isoWeek).getBytes(StandardCharsets.UTF_8));
			long seed = 0;
			for (int i = 0; i < 8; i++) {
				seed = (seed << 8) | (hash[i] & 0xff);
			}
			return seed;
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	/** {@code size} of the candidates, chosen by the seeded shuffle, ascending. */
	static List<Long> sample(List<Long> candidates, long seed, int size) {
		List<Long> shuffled = new ArrayList<>(candidates);
		Collections.sort(shuffled);
		Collections.shuffle(shuffled, new Random(seed));
		List<Long> drawn = new ArrayList<>(shuffled.subList(0, Math.min(size, shuffled.size())));
		Collections.sort(drawn);
		return drawn;
	}
}
