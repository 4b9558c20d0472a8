package dev.closer.customers;

import java.math.BigDecimal;

/**
 * A customer that counts as high value for the weekly dual review (SPEC F7): a key account, or one whose expected
 * annual value (CNY) reaches the caller's threshold. {@code expectedAnnualValue} may be null for a key account.
 */
public record HighValueCustomer(long id, String name, Long ownerId, long teamId, boolean keyAccount,
		BigDecimal expectedAnnualValue) {
}
