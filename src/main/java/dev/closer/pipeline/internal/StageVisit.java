package dev.closer.pipeline.internal;

import java.time.Instant;

/** One stay of an opportunity in a stage (SPEC O4); {@code leftAt} is null for the current one. */
record StageVisit(long id, long opportunityId, String stageCode, int stageIndex, Instant enteredAt, String enteredHow,
		String enteredBy, String reason, Instant leftAt) {
}
