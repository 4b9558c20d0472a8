package dev.closer.shared.audit;

import java.time.Instant;

/** One line of the append-only audit log (SPEC P3): who changed what, from what, to what, and why. */
public record AuditEntry(long id, Instant occurredAt, Long actorId, String actorName, String entityType,
		String entityId, String action, String before, String after, String reason) {
}
