package dev.closer.notifications.internal;

import org.springframework.stereotype.Component;

import dev.closer.shared.security.CurrentUser;
import dev.closer.shared.web.NavBadge;

/** The unread count beside "Inbox" in the navigation bar. */
@Component
class InboxBadge implements NavBadge {

	private final Inbox inbox;

	InboxBadge(Inbox inbox) {
		this.inbox = inbox;
	}

	@Override
	public String key() {
		return "inbox";
	}

	@Override
	public long count(CurrentUser user) {
		return inbox.unreadCount(user.id());
	}
}
