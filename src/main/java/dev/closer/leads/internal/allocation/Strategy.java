package dev.closer.leads.internal.allocation;

/** How a team's leads are allocated (SPEC L4, L6). Part of the versioned {@link AllocationPolicy}. */
public enum Strategy {

	/** Highest weighted score wins; ties go to the lower load rate, then the lower rep id. */
	WEIGHTED,

	/** The eligible rep assigned least recently wins (never assigned counts as oldest); ties by rep id. */
	ROUND_ROBIN,

	/**
	 * The lead's region decides who may take it (every eligible rep serves it); among them the most spare
	 * capacity wins, then the higher weighted total, then the lower rep id. A lead without a region gets no
	 * winner under this strategy.
	 */
	TERRITORY,

	/** The engine assigns nobody; it still assesses every candidate as advice for the manager. */
	MANUAL
}
