package dev.closer.notifications.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import dev.closer.notifications.Channel;
import dev.closer.notifications.internal.ChannelSender.Destination;
import dev.closer.notifications.internal.Deliveries.Delivery;

/**
 * Sends due outbox deliveries. Safe with any number of dispatchers (threads or app instances) on one
 * database: each delivery is claimed by a conditional update and only the claimant sends it. No
 * transaction is open while a channel is called. Runs from the recurring db-scheduler task and, right
 * after a transaction that queued deliveries commits, from a kick on a background thread.
 */
@Component
class DeliveryDispatcher implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(DeliveryDispatcher.class);

	private static final int MAX_ROUNDS = 20;

	private final Deliveries deliveries;

	private final TeamWebhooks webhooks;

	private final List<ChannelSender> senders;

	private final NotificationProperties properties;

	private final Clock clock;

	private final ExecutorService kicks = Executors.newSingleThreadExecutor(r -> {
		Thread t = new Thread(r, "notification-kick");
		t.setDaemon(true);
		return t;
	});

	private final AtomicBoolean kickRequested = new AtomicBoolean();

	private final AtomicBoolean kickRunning = new AtomicBoolean();

	DeliveryDispatcher(Deliveries deliveries, TeamWebhooks webhooks, List<ChannelSender> senders,
			NotificationProperties properties, Clock clock) {
		this.deliveries = deliveries;
		this.webhooks = webhooks;
		this.senders = senders;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Claims and sends every delivery due now (in rounds of {@code batch-size}).
	 * @return how many deliveries this call claimed
	 */
	int dispatchDue() {
		int claimedTotal = 0;
		for (int round = 0; round < MAX_ROUNDS; round++) {
			Instant now = clock.instant();
			List<Long> due = deliveries.dueIds(now, properties.batchSize());
			int claimed = 0;
			for (long id : due) {
				String token = UUID.randomUUID().toString();
				Instant claimNow = clock.instant();
				if (deliveries.claim(id, token, claimNow, claimNow.plus(properties.lease()))) {
					claimed++;
					deliver(id, token);
				}
			}
			claimedTotal += claimed;
			if (due.size() < properties.batchSize() || claimed == 0) {
				break;
			}
		}
		return claimedTotal;
	}

	/** Asks for a dispatch soon on the background thread; kicks arriving meanwhile are coalesced. */
	void kick() {
		if (!properties.dispatchEnabled()) {
			return;
		}
		kickRequested.set(true);
		if (kickRunning.compareAndSet(false, true)) {
			try {
				kicks.execute(this::drainKicks);
			}
			catch (RejectedExecutionException e) {
				kickRunning.set(false); // shutting down: the recurring task will pick the deliveries up
			}
		}
	}

	/**
	 * Kicks once the current transaction commits (once per transaction, however many deliveries it queued);
	 * nothing if it rolls back. Without a transaction, kicks now.
	 */
	void kickAfterCommit() {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			kick();
			return;
		}
		boolean registered = TransactionSynchronizationManager.getSynchronizations()
			.stream()
			.anyMatch(KickAfterCommit.class::isInstance);
		if (!registered) {
			TransactionSynchronizationManager.registerSynchronization(new KickAfterCommit(this));
		}
	}

	private record KickAfterCommit(DeliveryDispatcher dispatcher) implements TransactionSynchronization {

		@Override
		public void afterCommit() {
			dispatcher.kick();
		}
	}

	private void drainKicks() {
		try {
			while (kickRequested.getAndSet(false)) {
				dispatchDue();
			}
		}
		catch (RuntimeException e) {
			log.warn("Notification dispatch failed; the recurring task will retry", e);
		}
		finally {
			kickRunning.set(false);
			if (kickRequested.get()) {
				kick();
			}
		}
	}

	private void deliver(long id, String token) {
		Optional<Delivery> found = deliveries.find(id);
		if (found.isEmpty()) {
			return;
		}
		Delivery delivery = found.get();
		Destination destination;
		if (delivery.channel() == Channel.EMAIL) {
			destination = new ChannelSender.MailAddress(delivery.target());
		}
		else {
			Optional<ChannelSender.Webhook> hook = parseId(delivery.target()).flatMap(webhooks::find);
			if (hook.isEmpty()) {
				deliveries.markSkipped(id, token, "Webhook was deleted");
				return;
			}
			if (!hook.get().enabled()) {
				deliveries.markSkipped(id, token, "Webhook is disabled");
				return;
			}
			destination = hook.get();
		}
		OutgoingMessage message = new OutgoingMessage(delivery.subject(), delivery.body(),
				properties.absolute(delivery.link()));
		try {
			ChannelSender sender = senders.stream()
				.filter(s -> s.supports(destination))
				.findFirst()
				.orElseThrow(() -> new DeliveryFailedException("No sender for " + destination));
			sender.send(message, destination);
			if (!deliveries.markSent(id, token, clock.instant())) {
				log.warn("Delivery {} was sent but its claim had expired meanwhile", id);
			}
		}
		catch (Exception e) {
			int attempts = delivery.attempts() + 1;
			boolean giveUp = attempts >= properties.maxAttempts();
			Instant next = clock.instant().plus(properties.backoff(attempts));
			String error = describe(e);
			deliveries.markFailed(id, token, giveUp, giveUp ? clock.instant() : next, error);
			if (giveUp) {
				log.warn("Delivery {} ({}) failed for good after {} attempts: {}", id, delivery.channel(), attempts, error);
			}
			else {
				log.info("Delivery {} ({}) attempt {} failed, next at {}: {}", id, delivery.channel(), attempts, next, error);
			}
		}
	}

	private static Optional<Long> parseId(String target) {
		try {
			return Optional.of(Long.parseLong(target));
		}
		catch (NumberFormatException | NullPointerException e) {
			return Optional.empty();
		}
	}

	private static String describe(Exception e) {
		StringBuilder text = new StringBuilder(e instanceof DeliveryFailedException ? "" : e.getClass().getSimpleName() + ": ");
		text.append(e.getMessage());
		Throwable cause = e.getCause();
		if (cause != null && cause != e && cause.getMessage() != null) {
			text.append(" (").append(cause.getMessage()).append(')');
		}
		return text.toString();
	}

	@Override
	public void destroy() {
		kicks.shutdownNow();
	}
}
