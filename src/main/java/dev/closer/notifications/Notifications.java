package dev.closer.notifications;

import java.util.Collection;

/**
 * Sends notifications. Both methods join the caller's transaction: the inbox row and one outbox
 * row per external delivery are written with the business change, so a rollback sends nothing and a
 * commit loses nothing. External channels are contacted only after commit, by a dispatcher with
 * retries; these methods never fail because a channel is down. A recipient who is disabled or has no
 * e-mail address gets a SKIPPED delivery (with the reason) instead of an e-mail.
 */
public interface Notifications {

	/** @throws IllegalArgumentException when the recipient does not exist */
	void send(Notification notification);

	/** @throws IllegalArgumentException when a recipient does not exist (then nothing is written) */
	void sendAll(Collection<Notification> notifications);
}
