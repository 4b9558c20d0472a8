package dev.closer.activities.internal;

import java.util.Locale;
import java.util.Optional;

/** How a follow-up happened (SPEC F1). */
enum Channel {
	CALL, WECHAT, EMAIL, VISIT, MEETING;

	static Optional<Channel> parse(String text) {
		if (text == null || text.isBlank()) {
			return Optional.empty();
		}
		try {
			return Optional.of(valueOf(text.strip().toUpperCase(Locale.ROOT)));
		}
		catch (IllegalArgumentException e) {
			return Optional.empty();
		}
	}
}
