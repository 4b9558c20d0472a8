package dev.closer.shared.problem;

/**
 * Text input checks that end in a localised field error (422): stripped, blank taken as absent, too
 * long refused with the field named. One place for what every form and API body does with free text.
 */
public final class Fields {

	private Fields() {
	}

	/** The stripped text, or null when absent or blank; longer than {@code max} → {@code error.tooLong}. */
	public static String optional(String field, String value, int max) {
		String v = value == null ? null : value.strip();
		if (v == null || v.isEmpty()) {
			return null;
		}
		if (v.length() > max) {
			throw BusinessException.invalidField(field, "error.tooLong", max);
		}
		return v;
	}

	/** As {@link #optional}, but absent or blank → {@code error.required}. */
	public static String required(String field, String value, int max) {
		String v = optional(field, value, max);
		if (v == null) {
			throw BusinessException.invalidField(field, "error.required");
		}
		return v;
	}
}
