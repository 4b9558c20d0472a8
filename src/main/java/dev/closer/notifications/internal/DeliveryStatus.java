package dev.closer.notifications.internal;

/**
 * The life of an outbox delivery: PENDING (due at next_attempt_at) → SENDING (claimed by one dispatcher
 * until locked_until) → SENT, or back to PENDING with back-off after a failure, or FAILED after the last
 * attempt. SKIPPED deliveries were never possible (disabled recipient, no address, no webhook).
 */
enum DeliveryStatus {
	PENDING, SENDING, SENT, FAILED, SKIPPED
}
