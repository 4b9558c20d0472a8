package dev.closer.leads.internal.flow;

/**
 * The counts of one cell, rep, team or total, and what is derived from them. Mean first response counts only
 * answered leads ({@code responseSeconds / responded}); the share answered within 2 h is over all received leads,
 * so a lead not answered yet counts as not within 2 h; the re-allocation rate is {@code reallocated / received}.
 * A derived figure without a denominator is {@code null}.
 */
record Figures(long received, long responded, long responseSeconds, long responded2h, long reallocated,
		Double meanFirstResponseSeconds, Double answeredWithin2hRate, Double reallocationRate) {

	static final Figures NONE = of(0, 0, 0, 0, 0);

	static Figures of(long received, long responded, long responseSeconds, long responded2h, long reallocated) {
		return new Figures(received, responded, responseSeconds, responded2h, reallocated,
				responded == 0 ? null : round((double) responseSeconds / responded, 10),
				received == 0 ? null : round((double) responded2h / received, 10_000),
				received == 0 ? null : round((double) reallocated / received, 10_000));
	}

	boolean empty() {
		return received == 0 && responded == 0 && reallocated == 0;
	}

	private static double round(double value, int scale) {
		return Math.round(value * scale) / (double) scale;
	}

	/** Sums rows into figures. */
	static final class Tally {

		long received;

		long responded;

		long responseSeconds;

		long responded2h;

		long reallocated;

		void add(long received, long responded, long responseSeconds, long responded2h, long reallocated) {
			this.received += received;
			this.responded += responded;
			this.responseSeconds += responseSeconds;
			this.responded2h += responded2h;
			this.reallocated += reallocated;
		}

		Figures figures() {
			return of(received, responded, responseSeconds, responded2h, reallocated);
		}
	}
}
