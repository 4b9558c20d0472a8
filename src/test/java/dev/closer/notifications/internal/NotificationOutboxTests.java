package dev.closer.notifications.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.closer.notifications.Channel;
import dev.closer.notifications.Notification;
import dev.closer.shared.time.SqlTime;

/** The outbox: all or nothing with the caller's transaction, and exactly-once under racing dispatchers. */
class NotificationOutboxTests extends NotificationsTestSupport {

	@Autowired
	TeamWebhooks webhooks;

	@Test
	void aRolledBackCallerLeavesNoInboxRowAndNoDelivery() throws Exception {
		try (var server = WebhookTestServer.replying("{\"errcode\":0}")) {
			long team = newTeam();
			TestUser user = newUser(team, true, true);
			tx.executeWithoutResult(s -> webhooks.add(team, WebhookKind.WECOM, server.url("/send?key=r"), null, true));

			assertThatThrownBy(() -> tx.executeWithoutResult(s -> {
				notifications.send(Notification.everywhere(user.id(), "test.rollback", "回滚", "body", null));
				assertThat(inboxCount(user.id())).isEqualTo(1); // written inside the transaction…
				throw new IllegalStateException("business rule broken after send");
			})).isInstanceOf(IllegalStateException.class);

			assertThat(inboxCount(user.id())).isZero(); // …and gone with it
			assertThat(deliveriesOf(user.id())).isEmpty();
			dispatcher.dispatchDue();
			Thread.sleep(200);
			assertThat(server.hits()).isEmpty();
			assertThat(EmailMessages.to(user.email())).isEmpty();
		}
	}

	@Test
	void sendAllIsAllOrNothingWhenARecipientDoesNotExist() {
		TestUser user = newUser(newTeam(), true, true);
		assertThatThrownBy(() -> tx.executeWithoutResult(s -> notifications.sendAll(List.of(
				Notification.inboxAndEmail(user.id(), "test", "ok", "b", null),
				Notification.inbox(Long.MAX_VALUE, "test", "nobody", "b", null)))))
			.isInstanceOf(IllegalArgumentException.class);
		assertThat(inboxCount(user.id())).isZero();
		assertThat(deliveriesOf(user.id())).isEmpty();
	}

	@Test
	void racingDispatchersSendEachDeliveryExactlyOnce() throws Exception {
		int count = 20;
		try (var server = new WebhookTestServer("{\"errcode\":0,\"errmsg\":\"ok\"}", 20)) {
			long team = newTeam();
			TestUser user = newUser(team, true, true);
			tx.executeWithoutResult(s -> webhooks.add(team, WebhookKind.WECOM, server.url("/send?key=race"), null, true));
			Instant later = clock.instant().plus(Duration.ofMinutes(10));
			// queue the deliveries due only later, so that the after-commit kick leaves them to the race below
			tx.executeWithoutResult(s -> {
				List<Notification> batch = new ArrayList<>();
				for (int i = 0; i < count; i++) {
					batch.add(new Notification(user.id(), "test.race", "race " + i, "n" + i, null, EnumSet.of(Channel.IM)));
				}
				notifications.sendAll(batch);
				jdbc.sql("update notification_delivery set next_attempt_at = :later where recipient_id = :r")
					.param("later", SqlTime.of(later)).param("r", user.id()).update();
			});
			Thread.sleep(300);
			assertThat(server.hits()).isEmpty();
			clock.set(later);

			ExecutorService pool = Executors.newFixedThreadPool(2);
			CountDownLatch start = new CountDownLatch(1);
			List<Future<Integer>> runs = new ArrayList<>();
			for (int t = 0; t < 2; t++) {
				runs.add(pool.submit(() -> {
					start.await();
					return dispatcher.dispatchDue();
				}));
			}
			start.countDown();
			for (Future<Integer> run : runs) {
				run.get(30, TimeUnit.SECONDS);
			}
			pool.shutdown();

			await("all SENT", () -> deliveriesOf(user.id()).stream().allMatch(d -> d.status() == DeliveryStatus.SENT));
			assertThat(server.hits()).hasSize(count);
			Set<String> bodies = server.hits().stream().map(h -> read(h.body()).get("markdown").get("content").asString())
				.collect(Collectors.toSet());
			assertThat(bodies).hasSize(count);
			assertThat(deliveriesOf(user.id())).allSatisfy(d -> assertThat(d.attempts()).isEqualTo(1));
		}
	}

	@Test
	void ofTwoClaimsOnTheSameDueRowExactlyOneWins() throws Exception {
		TestUser user = newUser(null, true, true);
		Instant later = clock.instant().plus(Duration.ofMinutes(10));
		tx.executeWithoutResult(s -> {
			notifications.send(Notification.inboxAndEmail(user.id(), "test.claim", "claim", "b", null));
			jdbc.sql("update notification_delivery set next_attempt_at = :later where recipient_id = :r")
				.param("later", SqlTime.of(later)).param("r", user.id()).update();
		});
		long id = deliveriesOf(user.id()).get(0).id();
		Instant now = later;
		for (int round = 0; round < 20; round++) {
			CountDownLatch start = new CountDownLatch(1);
			ExecutorService pool = Executors.newFixedThreadPool(2);
			List<Future<Boolean>> claims = new ArrayList<>();
			Instant at = now;
			for (int t = 0; t < 2; t++) {
				claims.add(pool.submit(() -> {
					start.await();
					return deliveries.claim(id, UUID.randomUUID().toString(), at, at.plus(Duration.ofMinutes(2)));
				}));
			}
			start.countDown();
			int won = 0;
			for (Future<Boolean> claim : claims) {
				won += claim.get(10, TimeUnit.SECONDS) ? 1 : 0;
			}
			pool.shutdown();
			assertThat(won).as("round " + round).isEqualTo(1);
			// the claim holds until its lease expires; then exactly one may take it over
			assertThat(deliveries.claim(id, "late", at.plus(Duration.ofMinutes(1)), at.plus(Duration.ofMinutes(3)))).isFalse();
			now = at.plus(Duration.ofMinutes(2)).plusMillis(1);
		}
		// leave the row to a real dispatch: the lease has expired, so it is due again
		clock.set(now);
		dispatcher.dispatchDue();
		await("sent", () -> delivery(id).status() == DeliveryStatus.SENT);
	}

	/** Reads what GreenMail received. */
	static final class EmailMessages {

		static List<jakarta.mail.internet.MimeMessage> to(String address) {
			return java.util.Arrays.stream(SMTP.getReceivedMessages()).filter(m -> {
				try {
					return java.util.Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().contains(address));
				}
				catch (jakarta.mail.MessagingException e) {
					return false;
				}
			}).toList();
		}
	}
}
