package dev.closer.shared.web;

import dev.closer.shared.security.CurrentUser;

/**
 * A count shown beside a navigation entry (e.g. unread notifications). Modules contribute
 * implementations; the layout shows them without depending on those modules.
 */
public interface NavBadge {

	/** The key the layout looks the badge up by, e.g. {@code "inbox"}. */
	String key();

	long count(CurrentUser user);
}
