package dev.closer.shared.files;

import java.time.Instant;

/**
 * A file in the store (SPEC P6): its SHA-256 checksum (hex), size in bytes, type detected from its content, the
 * name it was uploaded under (for display and download only), upload time and uploader.
 */
public record StoredFile(long id, String sha256, long size, FileType type, String originalName, Instant uploadedAt,
		long uploadedBy) {

	public String mediaType() {
		return type.mediaType();
	}
}
