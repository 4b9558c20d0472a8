package dev.closer.leads.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/** What allocation knows of a rep beyond identity: skills, regions served, base and radius, own baseline. */
record RepProfile(Set<String> skills, Set<Long> regions, Double latitude, Double longitude, Double radiusKm,
		Integer baseline) {

	static final RepProfile NONE = new RepProfile(Set.of(), Set.of(), null, null, null, null);

	static RepProfile from(ResultSet rs) throws SQLException {
		return new RepProfile(split(rs.getString("skills")),
				split(rs.getString("regions")).stream().map(Long::valueOf).collect(Collectors.toSet()),
				rs.getObject("base_latitude", Double.class), rs.getObject("base_longitude", Double.class),
				rs.getObject("radius_km", Double.class), rs.getObject("baseline", Integer.class));
	}

	static Set<String> split(String csv) {
		if (csv == null || csv.isBlank()) {
			return Set.of();
		}
		return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
	}
}
