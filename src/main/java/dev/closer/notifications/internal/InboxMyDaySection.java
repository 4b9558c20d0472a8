package dev.closer.notifications.internal;

import java.util.Map;

import org.springframework.stereotype.Component;

import dev.closer.shared.security.CurrentUser;
import dev.closer.shared.web.MyDaySection;

/** "My day" block: the five newest unread notifications. */
@Component
class InboxMyDaySection implements MyDaySection {

	static final int SHOWN = 5;

	private final Inbox inbox;

	InboxMyDaySection(Inbox inbox) {
		this.inbox = inbox;
	}

	@Override
	public int order() {
		return 100;
	}

	@Override
	public String fragment() {
		return "notifications/inbox :: myDay";
	}

	@Override
	public Map<String, Object> model(CurrentUser user) {
		return Map.of("items",
				inbox.newestUnread(user.id(), SHOWN).stream().map(item -> InboxController.Row.of(item, user.zoneId())).toList(),
				"unread", inbox.unreadCount(user.id()));
	}
}
