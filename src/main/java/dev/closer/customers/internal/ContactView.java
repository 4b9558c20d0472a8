package dev.closer.customers.internal;

import java.time.Instant;

/** A contact person of a customer. */
record ContactView(long id, long customerId, String name, String title, String phone, String email, String wechatId,
		boolean primary, String notes, Instant createdAt) {
}
