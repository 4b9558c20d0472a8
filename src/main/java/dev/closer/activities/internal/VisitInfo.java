package dev.closer.activities.internal;

import java.util.List;
import java.util.Map;

/**
 * A visit's essentials (SPEC F3) as read: the values of the visit template version it used, shown with labels,
 * the labels of required fields still empty, the number of photos, and whether it is complete (no required
 * field empty and at least one photo): the daily report waits for that.
 */
record VisitInfo(int templateVersion, Map<String, Object> values, List<ActivityView.Shown> shown,
		List<String> missingFields, int photos, boolean complete) {

	static VisitInfo of(int templateVersion, Map<String, Object> values, List<ActivityView.Shown> shown,
			List<String> missingFields, int photos) {
		return new VisitInfo(templateVersion, values, shown, List.copyOf(missingFields), photos,
				missingFields.isEmpty() && photos > 0);
	}

	VisitInfo withPhotos(int count) {
		return of(templateVersion, values, shown, missingFields, count);
	}

	/** What it lacks, the photo first (named {@code photoLabel}). */
	public List<String> missing(String photoLabel) {
		List<String> all = new java.util.ArrayList<>();
		if (photoMissing()) {
			all.add(photoLabel);
		}
		all.addAll(missingFields);
		return all;
	}

	public boolean photoMissing() {
		return photos == 0;
	}
}
