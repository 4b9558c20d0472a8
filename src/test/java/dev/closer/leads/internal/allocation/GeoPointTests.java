package dev.closer.leads.internal.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;

import org.junit.jupiter.api.Test;

/** Haversine distances against known values and the textbook formula. */
class GeoPointTests {

	static final GeoPoint PEOPLES_SQUARE = GeoPoint.of(31.2304, 121.4737);

	static final GeoPoint WEST_LAKE = GeoPoint.of(30.2590, 120.1300);

	static final GeoPoint BEIJING = GeoPoint.of(39.9042, 116.4074);

	static final GeoPoint GUANGZHOU = GeoPoint.of(23.1291, 113.2644);

	/** The textbook haversine with sines and cosines, to check the chord form against. */
	static double textbook(GeoPoint a, GeoPoint b) {
		double p1 = Math.toRadians(a.latitude());
		double p2 = Math.toRadians(b.latitude());
		double dp = p2 - p1;
		double dl = Math.toRadians(b.longitude() - a.longitude());
		double h = Math.pow(Math.sin(dp / 2), 2) + Math.cos(p1) * Math.cos(p2) * Math.pow(Math.sin(dl / 2), 2);
		return 2 * GeoPoint.EARTH_RADIUS_KM * Math.asin(Math.sqrt(h));
	}

	@Test
	void shanghaiPeoplesSquareToHangzhouWestLakeIsAbout168Km() {
		// Δlat 0.971° ≈ 108.0 km north-south, Δlon 1.344° ≈ 128.4 km east-west at 30.7° N: √(108² + 128.4²) ≈ 167.8
		assertThat(PEOPLES_SQUARE.distanceKm(WEST_LAKE)).isCloseTo(167.8, within(0.5));
		assertThat(WEST_LAKE.distanceKm(PEOPLES_SQUARE)).isEqualTo(PEOPLES_SQUARE.distanceKm(WEST_LAKE));
	}

	@Test
	void knownCityDistances() {
		assertThat(BEIJING.distanceKm(PEOPLES_SQUARE)).isCloseTo(1067.3, within(1.0));
		assertThat(BEIJING.distanceKm(GUANGZHOU)).isCloseTo(1888.6, within(1.0));
	}

	@Test
	void oneDegreeOfLatitudeAndOfLongitudeAtTheEquatorIs111Km() {
		assertThat(GeoPoint.of(0, 0).distanceKm(GeoPoint.of(1, 0))).isCloseTo(111.195, within(0.001));
		assertThat(GeoPoint.of(0, 0).distanceKm(GeoPoint.of(0, 1))).isCloseTo(111.195, within(0.001));
	}

	@Test
	void samePointIsZeroAndAntipodesAreHalfTheCircumference() {
		assertThat(PEOPLES_SQUARE.distanceKm(GeoPoint.of(31.2304, 121.4737))).isZero();
		assertThat(GeoPoint.of(0, 0).distanceKm(GeoPoint.of(0, 180)))
			.isCloseTo(Math.PI * GeoPoint.EARTH_RADIUS_KM, within(1e-6));
	}

	@Test
	void chordFormAgreesWithTheTextbookFormulaFromMetresToContinents() {
		Random random = new Random(7);
		for (int i = 0; i < 10_000; i++) {
			GeoPoint a = GeoPoint.of(random.nextDouble() * 170 - 85, random.nextDouble() * 360 - 180);
			double spread = i % 3 == 0 ? 0.001 : i % 3 == 1 ? 2 : 60;
			GeoPoint b = GeoPoint.of(Math.max(-90, Math.min(90, a.latitude() + (random.nextDouble() - 0.5) * spread)),
					Math.max(-180, Math.min(180, a.longitude() + (random.nextDouble() - 0.5) * spread)));
			double expected = textbook(a, b);
			assertThat(a.distanceKm(b)).as("%s → %s", a, b).isCloseTo(expected, within(1e-9 * expected + 1e-9));
		}
	}

	@Test
	void arcsineSeriesMatchesMathAsinBelowTheSwitchPoint() {
		for (double v = 0; v <= 0.1; v += 0.0005) {
			assertThat(GeoPoint.asin(v)).isCloseTo(Math.asin(v), within(3e-12 * Math.max(v, 1e-3)));
		}
		assertThat(GeoPoint.asin(0.5)).isEqualTo(Math.asin(0.5));
	}

	@Test
	void rejectsImpossibleCoordinates() {
		assertThatIllegalArgumentException().isThrownBy(() -> GeoPoint.of(91, 0));
		assertThatIllegalArgumentException().isThrownBy(() -> GeoPoint.of(0, -181));
		assertThatIllegalArgumentException().isThrownBy(() -> GeoPoint.of(Double.NaN, 0));
	}
}
