package dev.closer.leads.internal.allocation;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A message key with its arguments: what the UI localises and the audit stores. The engine never formats
 * text; keys are stable so stored decisions stay readable after wording changes.
 *
 * @param key message key, e.g. {@code allocation.rule.activeAccount.rejected}
 * @param args arguments for the message, in order; never {@code null} elements
 */
public record Reason(String key, List<Object> args) {

	public Reason {
		Objects.requireNonNull(key, "key");
		args = List.copyOf(args);
	}

	public static Reason of(String key, Object... args) {
		return new Reason(key, Arrays.asList(args));
	}

	@Override
	public String toString() {
		return args.isEmpty() ? key : key + args;
	}
}
