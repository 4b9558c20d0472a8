package dev.closer.activities.internal;

import java.time.Instant;

/** A file attached to a follow-up (SPEC F1, F3, P6): a visit photo or an attachment, with its checksum. */
record ActivityFile(long fileId, long activityId, String purpose, String name, String type, long size, String sha256,
		Instant uploadedAt) {

	public boolean photo() {
		return "PHOTO".equals(purpose);
	}

	public String url() {
		return "/activities/" + activityId + "/files/" + fileId;
	}

	/** The size for people, e.g. 1.2 MB or 830 KB. */
	public String sizeLabel() {
		return size >= 1024 * 1024 ? String.format(java.util.Locale.ROOT, "%.1f MB", size / 1048576.0)
				: Math.max(1, size / 1024) + " KB";
	}
}
