package dev.closer.notifications.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the notifications module ({@code closer.notifications.*}).
 *
 * @param mailFrom the From address of e-mails
 * @param baseUrl the public address of Closer, to turn app-relative links into absolute ones in e-mails and IM
 * @param pollInterval how often the dispatcher looks for due deliveries (deliveries are also kicked after commit)
 * @param backoffBase the delay after the first failed attempt; doubles with each further failure
 * @param backoffMax the longest delay between two attempts
 * @param maxAttempts after this many failed attempts a delivery is FAILED (an admin may retry it)
 * @param lease how long a claimed delivery stays reserved to its dispatcher before another may take it over
 * @param batchSize deliveries claimed per round
 * @param connectTimeout HTTP connect timeout of webhook calls
 * @param readTimeout HTTP read timeout of webhook calls
 * @param dispatchEnabled whether this instance sends deliveries (recurring task and after-commit kicks);
 *     off, deliveries are still queued and another instance sends them
 * @param popupPoll how often open pages ask for new pop-ups
 */
@ConfigurationProperties("closer.notifications")
record NotificationProperties(@DefaultValue("closer@localhost") String mailFrom,
		@DefaultValue("http://localhost:8080") String baseUrl, @DefaultValue("15s") Duration pollInterval,
		@DefaultValue("30s") Duration backoffBase, @DefaultValue("1h") Duration backoffMax,
		@DefaultValue("8") int maxAttempts, @DefaultValue("2m") Duration lease, @DefaultValue("50") int batchSize,
		@DefaultValue("5s") Duration connectTimeout, @DefaultValue("10s") Duration readTimeout,
		@DefaultValue("true") boolean dispatchEnabled, @DefaultValue("15s") Duration popupPoll) {

	NotificationProperties {
		if (maxAttempts < 1 || batchSize < 1 || popupPoll.toMillis() < 500) {
			throw new IllegalArgumentException("closer.notifications.max-attempts and batch-size must be positive, popup-poll at least 500 ms");
		}
		baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
	}

	/**
	 * The wait before the next attempt after {@code failedAttempts} failures: base, 2 × base, 4 × base …,
	 * never more than {@link #backoffMax}.
	 */
	Duration backoff(int failedAttempts) {
		int doublings = Math.max(0, Math.min(failedAttempts - 1, 30));
		Duration delay = backoffBase.multipliedBy(1L << doublings);
		return delay.compareTo(backoffMax) > 0 ? backoffMax : delay;
	}

	/** An absolute URL for an app-relative link, or null. */
	String absolute(String link) {
		return link == null ? null : baseUrl + link;
	}
}
