package dev.closer.activities.internal;

import java.util.List;

import org.springframework.web.multipart.MultipartFile;

/** Files that come with a follow-up (SPEC F1, F3): visit photos and attachments (form parts; empty ones dropped). */
record Uploads(List<MultipartFile> photos, List<MultipartFile> attachments) {

	static final Uploads NONE = new Uploads(List.of(), List.of());

	Uploads {
		photos = present(photos);
		attachments = present(attachments);
	}

	private static List<MultipartFile> present(List<MultipartFile> files) {
		return files == null ? List.of() : files.stream().filter(f -> f != null && !f.isEmpty()).toList();
	}
}
