package dev.closer.notifications.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.closer.notifications.Channel;
import dev.closer.notifications.Notification;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import dev.closer.shared.time.SqlTime;
import tools.jackson.databind.JsonNode;

/** E-mail through a real SMTP server (GreenMail): delivery, SMTP down with back-off, FAILED and retry. */
class NotificationEmailTests extends NotificationsTestSupport {

	@Test
	void sendsTheEmailAfterCommitWithSubjectRecipientAndSender() throws Exception {
		TestUser user = newUser(newTeam(), true, true);

		tx.executeWithoutResult(s -> notifications.send(Notification.inboxAndEmail(user.id(), "lead.assigned",
				"新线索：上海瑞金医院", "一条 A 级线索已分配给你。", "/leads/42")));

		await("the e-mail arrives", () -> messageTo(user.email()).isPresent());
		MimeMessage mail = messageTo(user.email()).orElseThrow();
		assertThat(mail.getSubject()).isEqualTo("新线索：上海瑞金医院");
		assertThat(mail.getRecipients(Message.RecipientType.TO)).extracting(a -> ((InternetAddress) a).getAddress())
			.containsExactly(user.email());
		assertThat(((InternetAddress) mail.getFrom()[0]).getAddress()).isEqualTo(MAIL_FROM);
		assertThat(com.icegreen.greenmail.util.GreenMailUtil.getBody(mail)).contains("https://closer.example.com/leads/42");

		await("the delivery is SENT", () -> deliveriesOf(user.id()).get(0).status() == DeliveryStatus.SENT);
		Deliveries.Delivery delivery = deliveriesOf(user.id()).get(0);
		assertThat(delivery.channel()).isEqualTo(Channel.EMAIL);
		assertThat(delivery.target()).isEqualTo(user.email());
		assertThat(delivery.attempts()).isEqualTo(1);
		assertThat(delivery.sentAt()).isNotNull();
		assertThat(inboxCount(user.id())).isEqualTo(1);
	}

	@Test
	void disabledRecipientsAndRecipientsWithoutAddressGetASkippedDeliveryWithTheReason() {
		long team = newTeam();
		TestUser disabled = newUser(team, true, false);
		TestUser noEmail = newUser(team, false, true);

		tx.executeWithoutResult(s -> notifications.sendAll(List.of(
				Notification.inboxAndEmail(disabled.id(), "test", "t1", "b", null),
				Notification.inboxAndEmail(noEmail.id(), "test", "t2", "b", null))));

		assertThat(deliveriesOf(disabled.id())).singleElement().satisfies(d -> {
			assertThat(d.status()).isEqualTo(DeliveryStatus.SKIPPED);
			assertThat(d.lastError()).isEqualTo(NotificationService.SKIP_DISABLED);
		});
		assertThat(deliveriesOf(noEmail.id())).singleElement().satisfies(d -> {
			assertThat(d.status()).isEqualTo(DeliveryStatus.SKIPPED);
			assertThat(d.lastError()).isEqualTo(NotificationService.SKIP_NO_EMAIL);
		});
		assertThat(inboxCount(disabled.id())).isEqualTo(1);
		assertThat(inboxCount(noEmail.id())).isEqualTo(1);
	}

	@Test
	void smtpDownRetriesWithBackoffThenFailsAndAnAdminCanRetry() throws Exception {
		TestUser user = newUser(newTeam(), true, true);
		TestUser admin = newAdmin();
		String businessRow = unique("business");
		SMTP.stop();

		// the business change and the notification commit together although SMTP is down
		tx.executeWithoutResult(s -> {
			jdbc.sql("insert into region (name, created_at) values (:n, :at)")
				.param("n", businessRow).param("at", SqlTime.of(clock.instant())).update();
			notifications.send(Notification.inboxAndEmail(user.id(), "test.smtp", "SMTP down", "body", null));
		});
		assertThat(jdbc.sql("select count(*) from region where name = :n").param("n", businessRow).query(Long.class)
			.single()).isEqualTo(1);
		long id = deliveriesOf(user.id()).get(0).id();

		// first attempt (kicked after commit) fails: PENDING again, due after the base back-off
		await("first attempt", () -> delivery(id).attempts() == 1);
		Deliveries.Delivery first = delivery(id);
		assertThat(first.status()).isEqualTo(DeliveryStatus.PENDING);
		assertThat(first.lastError()).isNotBlank();
		assertThat(first.nextAttemptAt()).isEqualTo(clock.instant().plus(Duration.ofSeconds(30)));

		// not due before the back-off has passed
		clock.advance(Duration.ofSeconds(29));
		dispatcher.dispatchDue();
		assertThat(delivery(id).attempts()).isEqualTo(1);

		Duration[] expected = { Duration.ofSeconds(60), Duration.ofSeconds(120), Duration.ofSeconds(240),
				Duration.ofSeconds(480), Duration.ofSeconds(960), Duration.ofSeconds(1920) };
		clock.advance(Duration.ofSeconds(1));
		for (int attempt = 2; attempt <= 7; attempt++) {
			dispatchUntilAttempts(id, attempt);
			Deliveries.Delivery d = delivery(id);
			assertThat(d.status()).isEqualTo(DeliveryStatus.PENDING);
			assertThat(Duration.between(clock.instant(), d.nextAttemptAt())).isEqualTo(expected[attempt - 2]);
			clock.set(d.nextAttemptAt());
		}
		dispatchUntilAttempts(id, 8);
		assertThat(delivery(id).status()).isEqualTo(DeliveryStatus.FAILED);

		// visible to admins, with the error
		String auth = token(admin);
		JsonNode page = read(mvc.perform(get("/api/admin/notifications/deliveries").param("status", "FAILED")
			.param("channel", "EMAIL").param("size", "200").header("Authorization", auth))
			.andReturn().getResponse().getContentAsString());
		JsonNode failed = find(page.get("items"), id);
		assertThat(failed).isNotNull();
		assertThat(failed.get("attempts").asInt()).isEqualTo(8);
		assertThat(failed.get("lastError").asString()).isNotBlank();
		// and not to others
		assertThat(mvc.perform(get("/api/admin/notifications/deliveries").header("Authorization", token(user)))
			.andReturn().getResponse().getStatus()).isEqualTo(403);

		// SMTP back: "retry now" sends it
		SMTP.start();
		int retried = mvc.perform(post("/api/admin/notifications/deliveries/{id}/retry", id).header("Authorization", auth))
			.andReturn().getResponse().getStatus();
		assertThat(retried).isEqualTo(200);
		await("sent after the retry", () -> delivery(id).status() == DeliveryStatus.SENT);
		await("the e-mail arrives", () -> messageTo(user.email()).isPresent());
		assertThat(jdbc.sql("select count(*) from audit_log where entity_type = 'notification_delivery' and entity_id = :id")
			.param("id", String.valueOf(id)).query(Long.class).single()).isEqualTo(1);

		// a delivery that is not FAILED cannot be retried
		var conflict = mvc.perform(post("/api/admin/notifications/deliveries/{id}/retry", id).header("Authorization", auth))
			.andReturn().getResponse();
		assertThat(conflict.getStatus()).isEqualTo(409);
		assertThat(read(conflict.getContentAsString()).get("code").asString()).isEqualTo("error.delivery.notFailed");
		assertThat(mvc.perform(post("/api/admin/notifications/deliveries/{id}/retry", Long.MAX_VALUE)
			.header("Authorization", auth)).andReturn().getResponse().getStatus()).isEqualTo(404);
	}

	private void dispatchUntilAttempts(long id, int attempts) {
		dispatcher.dispatchDue();
		await("attempt " + attempts, () -> delivery(id).attempts() == attempts && delivery(id).status() != DeliveryStatus.SENDING);
	}

	private static JsonNode find(JsonNode items, long id) {
		for (JsonNode item : items) {
			if (item.get("id").asLong() == id) {
				return item;
			}
		}
		return null;
	}

	static Optional<MimeMessage> messageTo(String address) {
		return Arrays.stream(SMTP.getReceivedMessages()).filter(m -> {
			try {
				return Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().contains(address));
			}
			catch (jakarta.mail.MessagingException e) {
				return false;
			}
		}).findFirst();
	}
}
