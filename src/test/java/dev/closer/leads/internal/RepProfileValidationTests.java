package dev.closer.leads.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import dev.closer.shared.problem.BusinessException;

/** The rules a rep profile must meet before it is stored, at their edges (SPEC L4). */
class RepProfileValidationTests {

	static final Set<Long> REGIONS = Set.of(1L, 2L, 3L);

	static RepProfileSettings of(List<String> skills, List<Long> regions, Double lat, Double lon, Double radius,
			Integer baseline) {
		return new RepProfileSettings(skills, regions, lat, lon, radius, baseline);
	}

	static RepProfileSettings area(Double lat, Double lon, Double radius) {
		return of(List.of(), List.of(), lat, lon, radius, null);
	}

	static void refused(RepProfileSettings p, Set<Long> regions, String field, String key, Object... args) {
		assertThatThrownBy(() -> RepProfiles.validate(p, regions)).isInstanceOfSatisfying(BusinessException.class, e -> {
			assertThat(e.field()).isEqualTo(field);
			assertThat(e.messageKey()).isEqualTo(key);
			assertThat(e.args()).containsExactly(args);
		});
	}

	static void refused(RepProfileSettings p, String field, String key, Object... args) {
		refused(p, REGIONS, field, key, args);
	}

	@Test
	void skillsAreTrimmedAndDeduplicatedButNeverReCasedBecauseTheEngineComparesExactly() {
		RepProfileSettings clean = RepProfiles.validate(
				of(List.of(" medical ", "medical", "Medical", "设备-1", "\tsaas"), List.of(2L, 1L, 2L), null, null, null,
						null),
				REGIONS);
		assertThat(clean.skills()).containsExactly("medical", "Medical", "设备-1", "saas");
		assertThat(clean.regionIds()).containsExactly(2L, 1L);
		assertThat(RepProfiles.validate(of(null, null, null, null, null, null), REGIONS))
			.isEqualTo(RepProfileSettings.EMPTY);
	}

	@Test
	void atMostFiftySkillsOfOneToSixtyFourCharactersCountedAfterDeduplication() {
		List<String> fifty = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			fifty.add("skill-" + i);
		}
		List<String> fiftyAndARepeat = new ArrayList<>(fifty);
		fiftyAndARepeat.add(" skill-7 ");
		assertThat(RepProfiles.validate(of(fiftyAndARepeat, List.of(), null, null, null, null), REGIONS).skills())
			.hasSize(50);
		List<String> fiftyOne = new ArrayList<>(fifty);
		fiftyOne.add("skill-50");
		refused(of(fiftyOne, List.of(), null, null, null, null), "skills", "error.repProfile.tooManySkills", "50", "51");

		String sixtyFour = "医".repeat(64); // characters, not bytes
		assertThat(RepProfiles.validate(of(List.of(sixtyFour, "x".repeat(64)), List.of(), null, null, null, null),
				REGIONS).skills()).containsExactly(sixtyFour, "x".repeat(64));
		refused(of(List.of("x".repeat(65)), List.of(), null, null, null, null), "skills", "error.repProfile.skillLength",
				"64", "x".repeat(65));
		refused(of(List.of("  "), List.of(), null, null, null, null), "skills", "error.repProfile.skillLength", "64", "");
		refused(of(java.util.Arrays.asList("ok", null), List.of(), null, null, null, null), "skills",
				"error.repProfile.skillLength", "64", "");
		// the stored form is comma-separated, and the editor splits on both commas: neither may be inside a skill
		refused(of(List.of("a,b"), List.of(), null, null, null, null), "skills", "error.repProfile.skillSeparator", "a,b");
		refused(of(List.of("a，b"), List.of(), null, null, null, null), "skills", "error.repProfile.skillSeparator", "a，b");
		refused(of(List.of("a\nb"), List.of(), null, null, null, null), "skills", "error.repProfile.skillSeparator", "a\nb");
	}

	@Test
	void regionsMustBeKnownAndAtMostFifty() {
		Set<Long> many = LongStream.rangeClosed(1, 60).boxed().collect(Collectors.toSet());
		List<Long> fifty = LongStream.rangeClosed(1, 50).boxed().toList();
		assertThat(RepProfiles.validate(of(List.of(), fifty, null, null, null, null), many).regionIds()).hasSize(50);
		List<Long> fiftyOne = LongStream.rangeClosed(1, 51).boxed().toList();
		refused(of(List.of(), fiftyOne, null, null, null, null), many, "regionIds", "error.repProfile.tooManyRegions",
				"50", "51");
		refused(of(List.of(), List.of(1L, 4L), null, null, null, null), "regionIds", "error.region.unknown", "4");
		refused(of(List.of(), java.util.Arrays.asList(1L, null), null, null, null, null), "regionIds",
				"error.region.unknown", "null");
	}

	@Test
	void latitudeAndLongitudeInRangeAndTogetherWithTheRadius() {
		assertThat(RepProfiles.validate(area(90.0, 180.0, 20_000.0), REGIONS).latitude()).isEqualTo(90.0);
		assertThat(RepProfiles.validate(area(-90.0, -180.0, 0.001), REGIONS).radiusKm()).isEqualTo(0.001);
		refused(area(31.2, null, 10.0), "longitude", "error.repProfile.coordinatesTogether");
		refused(area(null, 121.4, 10.0), "latitude", "error.repProfile.coordinatesTogether");
		refused(area(90.0001, 0.0, 10.0), "latitude", "error.repProfile.latitudeRange", "90.0001");
		refused(area(-90.5, 0.0, 10.0), "latitude", "error.repProfile.latitudeRange", "-90.5");
		refused(area(Double.NaN, 0.0, 10.0), "latitude", "error.repProfile.latitudeRange", "NaN");
		refused(area(0.0, 180.0001, 10.0), "longitude", "error.repProfile.longitudeRange", "180.0001");
		refused(area(0.0, -181.0, 10.0), "longitude", "error.repProfile.longitudeRange", "-181");
		refused(area(0.0, 0.0, 0.0), "radiusKm", "error.repProfile.radiusRange", "0");
		refused(area(0.0, 0.0, -5.0), "radiusKm", "error.repProfile.radiusRange", "-5");
		refused(area(0.0, 0.0, 20_000.5), "radiusKm", "error.repProfile.radiusRange", "20000.5");
		refused(area(0.0, 0.0, Double.POSITIVE_INFINITY), "radiusKm", "error.repProfile.radiusRange", "Infinity");
		// a part of a service area is refused: the engine would silently ignore it
		refused(area(31.2, 121.4, null), "radiusKm", "error.repProfile.areaTogether");
		refused(area(null, null, 30.0), "latitude", "error.repProfile.areaTogether");
		assertThat(RepProfiles.validate(area(null, null, null), REGIONS)).isEqualTo(RepProfileSettings.EMPTY);
	}

	@Test
	void baselineIsOneToAThousandOrEmpty() {
		assertThat(RepProfiles.validate(of(List.of(), List.of(), null, null, null, 1), REGIONS).baseline()).isEqualTo(1);
		assertThat(RepProfiles.validate(of(List.of(), List.of(), null, null, null, 1000), REGIONS).baseline())
			.isEqualTo(1000);
		assertThat(RepProfiles.validate(of(List.of(), List.of(), null, null, null, null), REGIONS).baseline()).isNull();
		refused(of(List.of(), List.of(), null, null, null, 0), "baseline", "error.repProfile.baselineRange", "1000", "0");
		refused(of(List.of(), List.of(), null, null, null, 1001), "baseline", "error.repProfile.baselineRange", "1000",
				"1001");
		refused(of(List.of(), List.of(), null, null, null, -8), "baseline", "error.repProfile.baselineRange", "1000", "-8");
	}

	@Test
	void theEditorFormSplitsOnBothCommasAndLinesAndRefusesWhatIsNoNumber() {
		var form = new RepProfilePageController.Form("medical， saas,,\n设备-1 ,", List.of("2"), " 31.5 ", "121", "30", " 6 ");
		RepProfileSettings settings = form.toSettings();
		assertThat(settings.skills()).containsExactly("medical", "saas", "设备-1");
		assertThat(settings).isEqualTo(new RepProfileSettings(List.of("medical", "saas", "设备-1"), List.of(2L), 31.5,
				121.0, 30.0, 6));
		assertThat(RepProfilePageController.Form.of(settings))
			.isEqualTo(new RepProfilePageController.Form("medical, saas, 设备-1", List.of("2"), "31.5", "121", "30", "6"));
		assertThat(new RepProfilePageController.Form("", List.of(), "", " ", "", "").toSettings())
			.isEqualTo(RepProfileSettings.EMPTY);
		assertThatThrownBy(() -> new RepProfilePageController.Form("", List.of(), "north", "", "", "").toSettings())
			.isInstanceOfSatisfying(BusinessException.class, e -> {
				assertThat(e.field()).isEqualTo("latitude");
				assertThat(e.messageKey()).isEqualTo("error.repProfile.notANumber");
			});
		assertThatThrownBy(() -> new RepProfilePageController.Form("", List.of(), "", "", "", "2.5").toSettings())
			.isInstanceOfSatisfying(BusinessException.class, e -> {
				assertThat(e.field()).isEqualTo("baseline");
				assertThat(e.args()).containsExactly("1000", "2.5");
			});
		assertThatThrownBy(() -> new RepProfilePageController.Form("", List.of("x"), "", "", "", "").toSettings())
			.isInstanceOfSatisfying(BusinessException.class, e -> assertThat(e.field()).isEqualTo("regionIds"));
	}
}
