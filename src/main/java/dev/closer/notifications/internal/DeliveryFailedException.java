package dev.closer.notifications.internal;

/** A channel did not accept a message; the message says why (it is shown to admins). */
class DeliveryFailedException extends RuntimeException {

	DeliveryFailedException(String message) {
		super(message);
	}
}
