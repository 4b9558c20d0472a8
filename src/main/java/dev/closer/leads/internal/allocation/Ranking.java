package dev.closer.leads.internal.allocation;

import java.time.Instant;
import java.util.List;

/**
 * The strategies' total orders over candidates, by index into a decision's arrays. Every order ends with the
 * lower rep id, so equal inputs always give the same winner and ranks.
 * <ul>
 * <li>WEIGHTED, MANUAL: higher total, then lower load rate, then lower rep id.</li>
 * <li>ROUND_ROBIN: earlier last assignment (never assigned first), then lower rep id.</li>
 * <li>TERRITORY: lower load rate (more spare capacity), then higher total, then lower rep id.</li>
 * </ul>
 */
final class Ranking {

	private Ranking() {
	}

	/** Negative when candidate {@code i} comes before {@code j}. */
	static int compare(Strategy strategy, List<Candidate> candidates, AllocationPolicy policy, double[] totals, int i,
			int j) {
		int c;
		switch (strategy) {
			case ROUND_ROBIN -> c = compareLastAssigned(candidates.get(i).lastAssignedAt(),
					candidates.get(j).lastAssignedAt());
			case TERRITORY -> {
				c = Double.compare(candidates.get(i).loadRate(policy), candidates.get(j).loadRate(policy));
				if (c == 0) {
					c = Double.compare(totals[j], totals[i]);
				}
			}
			default -> {
				c = Double.compare(totals[j], totals[i]);
				if (c == 0) {
					c = Double.compare(candidates.get(i).loadRate(policy), candidates.get(j).loadRate(policy));
				}
			}
		}
		return c != 0 ? c : Long.compare(candidates.get(i).repId(), candidates.get(j).repId());
	}

	static int compareLastAssigned(Instant a, Instant b) {
		if (a == null) {
			return b == null ? 0 : -1;
		}
		return b == null ? 1 : a.compareTo(b);
	}
}
