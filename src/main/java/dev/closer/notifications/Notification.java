package dev.closer.notifications;

import java.util.EnumSet;
import java.util.Set;

/**
 * Something to tell one user.
 *
 * @param recipientId the user (app_user id)
 * @param category what kind of notice, e.g. {@code "lead.overload"}; at most 64 characters
 * @param title one line; cut to 200 characters
 * @param body the text; cut to 4000 characters
 * @param link an app-relative URL (one leading {@code /}, no backslash or whitespace, so it can never
 *     redirect off-site) to the record concerned, or null
 * @param channels where it goes; at least one
 */
public record Notification(long recipientId, String category, String title, String body, String link,
		Set<Channel> channels) {

	static final int TITLE_MAX = 200;

	static final int BODY_MAX = 4000;

	public Notification {
		if (recipientId <= 0) {
			throw new IllegalArgumentException("recipientId must be positive");
		}
		if (category == null || category.isBlank() || category.length() > 64) {
			throw new IllegalArgumentException("category must have 1 to 64 characters");
		}
		if (title == null || title.isBlank()) {
			throw new IllegalArgumentException("title is required");
		}
		if (link != null && (!link.startsWith("/") || link.startsWith("//") || link.length() > 500
				|| link.chars().anyMatch(c -> c == '\\' || Character.isWhitespace(c) || Character.isISOControl(c)))) {
			throw new IllegalArgumentException("link must be an app-relative URL of at most 500 characters");
		}
		if (channels == null || channels.isEmpty()) {
			throw new IllegalArgumentException("choose at least one channel");
		}
		title = cut(title.strip(), TITLE_MAX);
		body = cut(body == null ? "" : body, BODY_MAX);
		channels = Set.copyOf(channels);
	}

	/** An inbox-only notification. */
	public static Notification inbox(long recipientId, String category, String title, String body, String link) {
		return new Notification(recipientId, category, title, body, link, EnumSet.of(Channel.INBOX));
	}

	/** Inbox and e-mail. */
	public static Notification inboxAndEmail(long recipientId, String category, String title, String body,
			String link) {
		return new Notification(recipientId, category, title, body, link, EnumSet.of(Channel.INBOX, Channel.EMAIL));
	}

	/** Every channel: inbox, e-mail and the recipient's team robots. */
	public static Notification everywhere(long recipientId, String category, String title, String body,
			String link) {
		return new Notification(recipientId, category, title, body, link, EnumSet.of(Channel.INBOX, Channel.EMAIL, Channel.IM));
	}

	/** The same notification on other channels. */
	public Notification via(Channel first, Channel... more) {
		return new Notification(recipientId, category, title, body, link, EnumSet.of(first, more));
	}

	private static String cut(String s, int max) {
		return s.length() <= max ? s : s.substring(0, max - 1) + "…";
	}
}
