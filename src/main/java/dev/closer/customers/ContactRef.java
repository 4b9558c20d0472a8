package dev.closer.customers;

/** A contact person of a customer, as other modules see it. */
public record ContactRef(long id, long customerId, String name, String title, boolean primary) {
}
