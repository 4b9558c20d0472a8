package dev.closer.notifications.internal;

/**
 * Sends one message to one destination of one kind. Called by the dispatcher outside any database
 * transaction. Returning normally means the channel accepted the message; any exception is a failed
 * attempt (its message is recorded and the delivery retried).
 */
interface ChannelSender {

	boolean supports(Destination destination);

	void send(OutgoingMessage message, Destination destination) throws Exception;

	/** Where a delivery goes, resolved from its channel and target when it is sent. */
	sealed interface Destination permits MailAddress, Webhook {
	}

	record MailAddress(String address) implements Destination {
	}

	record Webhook(long id, long teamId, WebhookKind kind, String url, String secret, boolean enabled)
			implements Destination {
	}
}
