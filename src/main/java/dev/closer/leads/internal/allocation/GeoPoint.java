package dev.closer.leads.internal.allocation;

/**
 * A WGS 84 latitude/longitude in degrees with great-circle (haversine) distances on a sphere of the IUGG
 * mean Earth radius, 6,371.0088 km.
 * <p>
 * The point keeps its unit vector on the sphere, computed once when created, because a decision measures
 * the distance from one customer to every rep: with the vectors at hand the haversine term
 * {@code hav(θ) = sin²(θ/2)} is a quarter of the squared chord, {@code |a − b|² / 4} (an identity, not an
 * approximation), so a distance needs no sine or cosine, only a square root and an arcsine, which for the
 * distances that matter (up to about 1,270 km) is a short series accurate to 3e-12 relative (a few
 * micrometres).
 */
public final class GeoPoint {

	/** IUGG mean Earth radius in km. */
	public static final double EARTH_RADIUS_KM = 6371.0088;

	private final double latitude;

	private final double longitude;

	/** Unit vector on the sphere. */
	final double x;

	final double y;

	final double z;

	private GeoPoint(double latitude, double longitude) {
		this.latitude = latitude;
		this.longitude = longitude;
		double phi = Math.toRadians(latitude);
		double lambda = Math.toRadians(longitude);
		double cosPhi = Math.cos(phi);
		this.x = cosPhi * Math.cos(lambda);
		this.y = cosPhi * Math.sin(lambda);
		this.z = Math.sin(phi);
	}

	/**
	 * @param latitude degrees in [−90, 90]
	 * @param longitude degrees in [−180, 180]
	 * @throws IllegalArgumentException when out of range or not finite
	 */
	public static GeoPoint of(double latitude, double longitude) {
		if (!(latitude >= -90 && latitude <= 90) || !(longitude >= -180 && longitude <= 180)) {
			throw new IllegalArgumentException("not a latitude/longitude: " + latitude + ", " + longitude);
		}
		return new GeoPoint(latitude, longitude);
	}

	public double latitude() {
		return latitude;
	}

	public double longitude() {
		return longitude;
	}

	/** Great-circle distance in km (haversine). */
	public double distanceKm(GeoPoint other) {
		return distanceKm(x, y, z, other.x, other.y, other.z);
	}

	/** Great-circle distance in km between two unit vectors. */
	static double distanceKm(double x1, double y1, double z1, double x2, double y2, double z2) {
		double dx = x1 - x2;
		double dy = y1 - y2;
		double dz = z1 - z2;
		// hav(θ) = chord² / 4 and θ = 2·asin(√hav(θ)), so θ = 2·asin(chord / 2)
		double halfChord = 0.5 * Math.sqrt(dx * dx + dy * dy + dz * dz);
		halfChord = halfChord < 1 ? halfChord : 1; // rounding can push antipodes a hair over 1
		return 2 * EARTH_RADIUS_KM * asin(halfChord);
	}

	/**
	 * Arcsine of {@code v} in [0, 1]: the Maclaurin series to the 9th power up to 0.1 (truncation error under
	 * 3e-12 relative), {@link Math#asin} above. JDK 17's {@code Math.asin} is a native call that would cost
	 * more than the rest of a candidate's scoring.
	 */
	static double asin(double v) {
		if (v > 0.1) {
			return Math.asin(v);
		}
		double v2 = v * v;
		return v * (1 + v2 * (1.0 / 6 + v2 * (3.0 / 40 + v2 * (5.0 / 112 + v2 * (35.0 / 1152)))));
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof GeoPoint p && Double.compare(latitude, p.latitude) == 0
				&& Double.compare(longitude, p.longitude) == 0;
	}

	@Override
	public int hashCode() {
		return 31 * Double.hashCode(latitude) + Double.hashCode(longitude);
	}

	@Override
	public String toString() {
		return latitude + "," + longitude;
	}
}
