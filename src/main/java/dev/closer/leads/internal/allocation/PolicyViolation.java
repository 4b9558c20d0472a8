package dev.closer.leads.internal.allocation;

import java.util.Arrays;
import java.util.List;

/**
 * One reason an {@link AllocationPolicy} may not be saved. The caller turns it into a localised field
 * error (SPEC P5, N4).
 *
 * @param field the policy field at fault, e.g. {@code weights.region}
 * @param messageKey e.g. {@code error.policy.negativeWeight}
 * @param args message arguments (usually the field and the rejected value)
 */
public record PolicyViolation(String field, String messageKey, List<Object> args) {

	public PolicyViolation {
		args = List.copyOf(args);
	}

	static PolicyViolation of(String field, String messageKey, Object... args) {
		return new PolicyViolation(field, messageKey, Arrays.asList(args));
	}
}
