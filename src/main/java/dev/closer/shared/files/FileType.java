package dev.closer.shared.files;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The kinds of file Closer accepts (SPEC P6), each known by its content, never by its name: photos, documents
 * (deliverables, attachments) and call recordings. A use names the set it allows, e.g. {@link #IMAGES} for a
 * visit photo.
 */
public enum FileType {

	JPEG("image/jpeg", "jpg"), PNG("image/png", "png"), GIF("image/gif", "gif"), WEBP("image/webp", "webp"),
	HEIC("image/heic", "heic"),

	PDF("application/pdf", "pdf"),
	DOCX("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
	XLSX("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
	PPTX("application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx"),
	DOC("application/msword", "doc"), XLS("application/vnd.ms-excel", "xls"),
	PPT("application/vnd.ms-powerpoint", "ppt"),
	TEXT("text/plain", "txt"),

	MP3("audio/mpeg", "mp3"), WAV("audio/wav", "wav"), M4A("audio/mp4", "m4a");

	/** Photos. */
	public static final Set<FileType> IMAGES = Collections.unmodifiableSet(EnumSet.of(JPEG, PNG, GIF, WEBP, HEIC));

	/** Office documents and PDF. */
	public static final Set<FileType> DOCUMENTS = Collections
		.unmodifiableSet(EnumSet.of(PDF, DOCX, XLSX, PPTX, DOC, XLS, PPT, TEXT));

	/** Call recordings. */
	public static final Set<FileType> AUDIO = Collections.unmodifiableSet(EnumSet.of(MP3, WAV, M4A));

	/** Anything the store knows. */
	public static final Set<FileType> ANY = Collections.unmodifiableSet(EnumSet.allOf(FileType.class));

	private final String mediaType;

	private final String extension;

	FileType(String mediaType, String extension) {
		this.mediaType = mediaType;
		this.extension = extension;
	}

	public String mediaType() {
		return mediaType;
	}

	/** The usual file extension, without the dot. */
	public String extension() {
		return extension;
	}

	/** Whether a browser may show it inline (images, PDF); everything else is served as a download. */
	public boolean inline() {
		return IMAGES.contains(this) && this != HEIC || this == PDF;
	}

	/** By name (any case) or usual extension: "pdf", "JPEG", "jpg". */
	public static Optional<FileType> parse(String s) {
		if (s == null || s.isBlank()) {
			return Optional.empty();
		}
		String v = s.strip().toUpperCase(Locale.ROOT);
		for (FileType t : values()) {
			if (t.name().equals(v) || t.extension.equalsIgnoreCase(v)) {
				return Optional.of(t);
			}
		}
		return Optional.empty();
	}
}
