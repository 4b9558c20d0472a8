/**
 * Customers (SPEC F, C7 base): leads converted into customers (companies) with contacts, deduplicated by
 * company name, phone and e-mail; ownership and team scope like leads; owner history; the customer space
 * (profile, contacts, timeline). Depends on leads (conversion), identity, notifications and the shared kernel.
 * Other modules add to a customer's timeline through {@link dev.closer.customers.CustomerTimelineSource}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Customers")
package dev.closer.customers;
