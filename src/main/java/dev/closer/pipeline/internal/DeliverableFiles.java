package dev.closer.pipeline.internal;

import java.util.Set;

/** File types a deliverable requirement may allow (the shared file store's detected types). */
final class DeliverableFiles {

	static final Set<String> TYPE_NAMES = Set.of("JPEG", "PNG", "GIF", "WEBP", "PDF", "DOCX", "XLSX", "PPTX", "MP3",
			"WAV", "M4A", "TEXT");

	private DeliverableFiles() {
	}
}
