package dev.closer.identity;

/** Published when an account is enabled or disabled (by an admin or by HR sync). */
public record AccountStatusChanged(long userId, AccountStatus from, AccountStatus to, String reason) {
}
