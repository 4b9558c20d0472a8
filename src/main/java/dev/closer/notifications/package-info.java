/**
 * Notifications (SPEC P4): tells users things through their inbox, e-mail and their team's IM robots,
 * delivered from a durable outbox with retries so that a failing channel never blocks the business
 * transaction. Depends on the identity module (users, teams) and the shared kernel.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Notifications")
package dev.closer.notifications;
