package dev.closer.notifications.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import dev.closer.identity.UserDirectory;
import dev.closer.identity.UserSummary;
import dev.closer.notifications.Channel;
import dev.closer.notifications.Notification;
import dev.closer.notifications.Notifications;

/**
 * Writes notifications into the inbox and the outbox inside the caller's transaction, and asks the
 * dispatcher to run once that transaction has committed.
 */
@Service
class NotificationService implements Notifications {

	static final String SKIP_DISABLED = "Recipient is disabled";

	static final String SKIP_NO_EMAIL = "Recipient has no e-mail address";

	static final String SKIP_NO_TEAM = "Recipient belongs to no team";

	static final String SKIP_NO_WEBHOOK = "Recipient's team has no enabled robot webhook";

	private final Inbox inbox;

	private final Deliveries deliveries;

	private final TeamWebhooks webhooks;

	private final UserDirectory users;

	private final DeliveryDispatcher dispatcher;

	private final Clock clock;

	NotificationService(Inbox inbox, Deliveries deliveries, TeamWebhooks webhooks, UserDirectory users,
			DeliveryDispatcher dispatcher, Clock clock) {
		this.inbox = inbox;
		this.deliveries = deliveries;
		this.webhooks = webhooks;
		this.users = users;
		this.dispatcher = dispatcher;
		this.clock = clock;
	}

	@Override
	@Transactional(propagation = Propagation.REQUIRED)
	public void send(Notification notification) {
		sendAll(List.of(notification));
	}

	@Override
	@Transactional(propagation = Propagation.REQUIRED)
	public void sendAll(Collection<Notification> notifications) {
		Instant now = clock.instant();
		boolean external = false;
		Map<Long, UserSummary> recipients = notifications.size() == 1
				? users.find(notifications.iterator().next().recipientId()).map(u -> Map.of(u.id(), u)).orElse(Map.of())
				: users.findAll(notifications.stream().map(Notification::recipientId).toList());
		List<Notification> inboxOnly = new java.util.ArrayList<>();
		for (Notification n : notifications) {
			UserSummary recipient = recipients.get(n.recipientId());
			if (recipient == null) {
				throw new IllegalArgumentException("No user " + n.recipientId());
			}
			if (!n.channels().contains(Channel.EMAIL) && !n.channels().contains(Channel.IM)) {
				if (n.channels().contains(Channel.POPUP) || n.channels().contains(Channel.INBOX)) {
					inboxOnly.add(n); // needs no id back: written in one batch below
				}
				continue;
			}
			boolean popup = n.channels().contains(Channel.POPUP);
			Long notificationId = popup || n.channels().contains(Channel.INBOX) ? inbox.insert(n, popup, now) : null;
			if (n.channels().contains(Channel.EMAIL)) {
				external |= email(notificationId, n, recipient, now);
			}
			if (n.channels().contains(Channel.IM)) {
				external |= im(notificationId, n, recipient, now);
			}
		}
		if (inboxOnly.size() == 1) {
			Notification n = inboxOnly.get(0);
			inbox.insert(n, n.channels().contains(Channel.POPUP), now);
		}
		else {
			inbox.insertAll(inboxOnly, now);
		}
		if (external) {
			dispatcher.kickAfterCommit();
		}
	}

	private boolean email(Long notificationId, Notification n, UserSummary recipient, Instant now) {
		String address = recipient.email();
		if (!recipient.active()) {
			deliveries.insert(notificationId, n, Channel.EMAIL, address, DeliveryStatus.SKIPPED, SKIP_DISABLED, now);
			return false;
		}
		if (address == null || address.isBlank()) {
			deliveries.insert(notificationId, n, Channel.EMAIL, null, DeliveryStatus.SKIPPED, SKIP_NO_EMAIL, now);
			return false;
		}
		deliveries.insert(notificationId, n, Channel.EMAIL, address.strip(), DeliveryStatus.PENDING, null, now);
		return true;
	}

	private boolean im(Long notificationId, Notification n, UserSummary recipient, Instant now) {
		if (!recipient.active()) {
			deliveries.insert(notificationId, n, Channel.IM, null, DeliveryStatus.SKIPPED, SKIP_DISABLED, now);
			return false;
		}
		if (recipient.teamId() == null) {
			deliveries.insert(notificationId, n, Channel.IM, null, DeliveryStatus.SKIPPED, SKIP_NO_TEAM, now);
			return false;
		}
		List<ChannelSender.Webhook> hooks = webhooks.enabledOf(recipient.teamId());
		if (hooks.isEmpty()) {
			deliveries.insert(notificationId, n, Channel.IM, null, DeliveryStatus.SKIPPED, SKIP_NO_WEBHOOK, now);
			return false;
		}
		for (ChannelSender.Webhook hook : hooks) {
			deliveries.insert(notificationId, n, Channel.IM, String.valueOf(hook.id()), DeliveryStatus.PENDING, null, now);
		}
		return true;
	}
}
