package dev.closer.shared.web;

import java.util.Map;

import dev.closer.shared.security.CurrentUser;

/**
 * A block on the "my day" landing page. Each module that has work for the user contributes one:
 * a Thymeleaf fragment and the model it renders with.
 */
public interface MyDaySection {

	/** Lower comes first. */
	int order();

	/** Fragment reference, e.g. {@code "notifications/inbox :: myDay"}. */
	String fragment();

	/** Whether this user gets the block at all (e.g. only managers); hidden blocks take no room. */
	default boolean visibleTo(CurrentUser user) {
		return true;
	}

	/** Model attributes for the fragment, for this user. */
	Map<String, Object> model(CurrentUser user);
}
