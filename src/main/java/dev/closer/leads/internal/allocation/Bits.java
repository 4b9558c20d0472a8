package dev.closer.leads.internal.allocation;

import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Gives the first 64 distinct values of a small closed vocabulary (skill codes, sales-region ids) each a bit of a
 * {@code long}, for the life of the JVM, so that "has the rep this skill / region" is one AND on a field of the
 * candidate instead of a search through a set. The numbering depends on the order values are first seen, which
 * never matters: both sides of a comparison are numbered by the same registry. A value seen after the 64 bits
 * are taken gets no bit ({@code 0} mask); a requirement that has such a value is matched through the sets
 * instead (see {@link DecisionContext}). Thread-safe; bounded to 64 entries.
 */
final class Bits<T> {

	static final Bits<String> SKILLS = new Bits<>();

	static final Bits<Long> REGIONS = new Bits<>();

	private final ConcurrentHashMap<T, Long> masks = new ConcurrentHashMap<>();

	/** The value's single-bit mask, or {@code 0} when all 64 bits were taken before it was first seen. */
	long mask(T value) {
		Long mask = masks.get(value);
		if (mask != null) {
			return mask;
		}
		if (masks.size() >= Long.SIZE) {
			return 0;
		}
		synchronized (this) {
			mask = masks.get(value);
			if (mask != null) {
				return mask;
			}
			int taken = masks.size();
			if (taken >= Long.SIZE) {
				return 0;
			}
			masks.put(value, 1L << taken);
			return 1L << taken;
		}
	}

	/** The union of the values' masks (values without a bit add nothing). */
	long maskOf(Collection<T> values) {
		long bits = 0;
		for (T value : values) {
			bits |= mask(value);
		}
		return bits;
	}

	/** Whether every value has a bit, so that a mask test answers exactly for all of them. */
	boolean allHaveBits(Collection<T> values) {
		for (T value : values) {
			if (mask(value) == 0) {
				return false;
			}
		}
		return true;
	}
}
