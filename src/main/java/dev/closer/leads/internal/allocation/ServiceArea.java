package dev.closer.leads.internal.allocation;

import java.util.Objects;

/**
 * Where a rep works from and how far they cover: customers within {@code radiusKm} (plus the policy's
 * tolerance) of {@code base} are inside their area (SPEC L4 (c)).
 */
public record ServiceArea(GeoPoint base, double radiusKm) {

	public ServiceArea {
		Objects.requireNonNull(base, "base");
		if (!(radiusKm >= 0) || Double.isInfinite(radiusKm)) {
			throw new IllegalArgumentException("radius must be a finite non-negative km value: " + radiusKm);
		}
	}
}
