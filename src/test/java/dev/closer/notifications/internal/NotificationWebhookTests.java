package dev.closer.notifications.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;

import dev.closer.notifications.Channel;
import dev.closer.notifications.Notification;
import tools.jackson.databind.JsonNode;

/** WeCom, DingTalk and Feishu robots against a real local HTTP server, and the webhook admin API. */
class NotificationWebhookTests extends NotificationsTestSupport {

	static final String TITLE = "线索超时提醒";

	static final String BODY = "张伟 的 A 级线索 30 分钟未联系。";

	static final String URL = "https://closer.example.com/leads/7";

	@Autowired
	TeamWebhooks webhooks;

	@Test
	void weComGetsAMarkdownMessage() throws Exception {
		try (var server = WebhookTestServer.replying("{\"errcode\":0,\"errmsg\":\"ok\"}")) {
			long team = newTeam();
			TestUser user = newUser(team, true, true);
			tx.executeWithoutResult(s -> webhooks.add(team, WebhookKind.WECOM, server.url("/cgi-bin/webhook/send?key=k1"), null, true));

			sendIm(user);

			await("the robot is called", () -> server.hits().size() == 1);
			var hit = server.hits().get(0);
			assertThat(hit.method()).isEqualTo("POST");
			assertThat(hit.path()).isEqualTo("/cgi-bin/webhook/send");
			assertThat(hit.rawQuery()).isEqualTo("key=k1");
			assertThat(hit.contentType()).startsWith("application/json");
			assertThat(read(hit.body())).isEqualTo(read("""
					{"msgtype":"markdown","markdown":{"content":"**线索超时提醒**\\n张伟 的 A 级线索 30 分钟未联系。\\n[https://closer.example.com/leads/7](https://closer.example.com/leads/7)"}}"""));
			await("SENT", () -> onlyDelivery(user).status() == DeliveryStatus.SENT);
			assertThat(onlyDelivery(user).channel()).isEqualTo(Channel.IM);
		}
	}

	@Test
	void dingTalkIsSignedWithTheTimestampOfTheClock() throws Exception {
		try (var server = WebhookTestServer.replying("{\"errcode\":0,\"errmsg\":\"ok\"}")) {
			long team = newTeam();
			TestUser user = newUser(team, true, true);
			String secret = "SEC6a1b2c3d4e5f60718293a4b5c6d7e8f9";
			tx.executeWithoutResult(s -> webhooks.add(team, WebhookKind.DINGTALK, server.url("/robot/send?access_token=abc"), secret, true));
			Instant known = clock.instant().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS).plusMillis(123);
			clock.set(known);

			sendIm(user);

			await("the robot is called", () -> server.hits().size() == 1);
			var hit = server.hits().get(0);
			long timestamp = known.toEpochMilli();
			String expectedSign = URLEncoder.encode(base64Hmac(secret, timestamp + "\n" + secret), StandardCharsets.UTF_8);
			assertThat(hit.rawQuery()).isEqualTo("access_token=abc&timestamp=" + timestamp + "&sign=" + expectedSign);
			assertThat(read(hit.body())).isEqualTo(read("""
					{"msgtype":"markdown","markdown":{"title":"线索超时提醒","text":"#### 线索超时提醒\\n\\n张伟 的 A 级线索 30 分钟未联系。\\n\\n[https://closer.example.com/leads/7](https://closer.example.com/leads/7)"}}"""));
			await("SENT", () -> onlyDelivery(user).status() == DeliveryStatus.SENT);
		}
	}

	@Test
	void feishuCarriesTimestampAndSignInTheBody() throws Exception {
		try (var server = WebhookTestServer.replying("{\"code\":0,\"msg\":\"success\",\"data\":{}}")) {
			long team = newTeam();
			TestUser user = newUser(team, true, true);
			String secret = "feishu-secret-42";
			tx.executeWithoutResult(s -> webhooks.add(team, WebhookKind.FEISHU, server.url("/open-apis/bot/v2/hook/xyz"), secret, true));
			Instant known = clock.instant().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
			clock.set(known);

			sendIm(user);

			await("the robot is called", () -> server.hits().size() == 1);
			long seconds = known.getEpochSecond();
			String expectedSign = base64Hmac(seconds + "\n" + secret, "");
			assertThat(read(server.hits().get(0).body())).isEqualTo(read("""
					{"timestamp":"%d","sign":"%s","msg_type":"text","content":{"text":"线索超时提醒\\n张伟 的 A 级线索 30 分钟未联系。\\nhttps://closer.example.com/leads/7"}}"""
				.formatted(seconds, expectedSign)));
			await("SENT", () -> onlyDelivery(user).status() == DeliveryStatus.SENT);
		}
	}

	@Test
	void aNonZeroErrcodeIsAFailureAndIsRetriedAfterTheBackoff() throws Exception {
		try (var server = WebhookTestServer.replying("{\"errcode\":0,\"errmsg\":\"ok\"}")
			.thenReply("{\"errcode\":93000,\"errmsg\":\"invalid webhook url\"}")) {
			long team = newTeam();
			TestUser user = newUser(team, true, true);
			tx.executeWithoutResult(s -> webhooks.add(team, WebhookKind.WECOM, server.url("/send?key=k2"), null, true));

			sendIm(user);

			await("first attempt", () -> onlyDelivery(user).attempts() == 1);
			Deliveries.Delivery failed = onlyDelivery(user);
			assertThat(failed.status()).isEqualTo(DeliveryStatus.PENDING);
			assertThat(failed.lastError()).contains("93000");
			assertThat(failed.nextAttemptAt()).isEqualTo(clock.instant().plusSeconds(30));

			clock.advance(Duration.ofSeconds(30));
			dispatcher.dispatchDue();
			await("SENT on the second attempt", () -> onlyDelivery(user).status() == DeliveryStatus.SENT);
			assertThat(onlyDelivery(user).attempts()).isEqualTo(2);
			assertThat(onlyDelivery(user).lastError()).isNull();
			assertThat(server.hits()).hasSize(2);
		}
	}

	@Test
	void imWithoutAnEnabledWebhookIsSkippedWithTheReason() {
		TestUser noTeam = newUser(null, true, true);
		TestUser teamWithout = newUser(newTeam(), true, true);
		tx.executeWithoutResult(s -> {
			notifications.send(Notification.inbox(noTeam.id(), "test", TITLE, BODY, null).via(Channel.IM));
			notifications.send(Notification.inbox(teamWithout.id(), "test", TITLE, BODY, null).via(Channel.IM));
		});
		assertThat(onlyDelivery(noTeam).status()).isEqualTo(DeliveryStatus.SKIPPED);
		assertThat(onlyDelivery(noTeam).lastError()).isEqualTo(NotificationService.SKIP_NO_TEAM);
		assertThat(onlyDelivery(teamWithout).lastError()).isEqualTo(NotificationService.SKIP_NO_WEBHOOK);
		assertThat(inboxCount(noTeam.id())).isZero();
	}

	@Test
	void webhookAdminApiValidatesChangesNothingOnBadInputAndAudits() throws Exception {
		long team = newTeam();
		String auth = token(newAdmin());
		String base = "/api/admin/teams/" + team + "/webhooks";

		MockHttpServletResponse ftp = postJson(auth, base, "{\"kind\":\"WECOM\",\"url\":\"ftp://example.com/robot\"}");
		assertThat(ftp.getStatus()).isEqualTo(422);
		assertThat(ftp.getContentType()).startsWith("application/problem+json");
		JsonNode ftpProblem = read(ftp.getContentAsString());
		assertThat(ftpProblem.get("code").asString()).isEqualTo("error.webhook.url");
		assertThat(ftpProblem.get("errors").get(0).get("field").asString()).isEqualTo("url");
		assertThat(ftpProblem.get("detail").asString()).contains("http");

		assertThat(read(postJson(auth, base, "{\"kind\":\"WECOM\",\"url\":\"javascript:alert(1)\"}").getContentAsString())
			.get("code").asString()).isEqualTo("error.webhook.url");
		MockHttpServletResponse missing = postJson(auth, base, "{\"kind\":\"WECOM\"}");
		assertThat(missing.getStatus()).isEqualTo(400);
		assertThat(read(missing.getContentAsString()).get("errors").get(0).get("field").asString()).isEqualTo("url");
		MockHttpServletResponse kind = postJson(auth, base, "{\"kind\":\"SMS\",\"url\":\"https://example.com\"}");
		assertThat(kind.getStatus()).isEqualTo(400);
		assertThat(read(kind.getContentAsString()).get("code").asString()).isEqualTo("error.wrongType");
		assertThat(postJson(auth, "/api/admin/teams/" + Long.MAX_VALUE + "/webhooks",
				"{\"kind\":\"WECOM\",\"url\":\"https://example.com\"}").getStatus()).isEqualTo(404);
		assertThat(read(mvc.perform(get(base).header("Authorization", auth)).andReturn().getResponse().getContentAsString()))
			.isEmpty();

		MockHttpServletResponse created = postJson(auth, base,
				"{\"kind\":\"DINGTALK\",\"url\":\"https://oapi.dingtalk.com/robot/send?access_token=t0ken\",\"secret\":\"SECx\"}");
		assertThat(created.getStatus()).isEqualTo(201);
		JsonNode hook = read(created.getContentAsString());
		long id = hook.get("id").asLong();
		assertThat(hook.get("hasSecret").asBoolean()).isTrue();
		assertThat(created.getContentAsString()).doesNotContain("SECx").doesNotContain("t0ken");
		assertThat(hook.get("enabled").asBoolean()).isTrue();

		MockHttpServletResponse disabled = mvc.perform(put(base + "/" + id + "/enabled").header("Authorization", auth)
			.contentType(MediaType.APPLICATION_JSON).content("{\"enabled\":false}")).andReturn().getResponse();
		assertThat(read(disabled.getContentAsString()).get("enabled").asBoolean()).isFalse();
		assertThat(mvc.perform(delete(base + "/" + id).header("Authorization", auth)).andReturn().getResponse().getStatus())
			.isEqualTo(204);
		assertThat(mvc.perform(delete(base + "/" + id).header("Authorization", auth)).andReturn().getResponse().getStatus())
			.isEqualTo(404);
		assertThat(jdbc.sql("select action from audit_log where entity_type = 'team_webhook' and entity_id = :id order by id")
			.param("id", String.valueOf(id)).query(String.class).list()).containsExactly("create", "disable", "delete");
		assertThat(jdbc.sql("select after_value from audit_log where entity_type = 'team_webhook' and entity_id = :id and action = 'create'")
			.param("id", String.valueOf(id)).query(String.class).single()).doesNotContain("t0ken");

		TestUser rep = newUser(team, true, true);
		assertThat(mvc.perform(get(base).header("Authorization", token(rep))).andReturn().getResponse().getStatus())
			.isEqualTo(403);
	}

	private MockHttpServletResponse postJson(String auth, String path, String body) throws Exception {
		return mvc.perform(post(path).header("Authorization", auth).contentType(MediaType.APPLICATION_JSON).content(body))
			.andReturn().getResponse();
	}

	private void sendIm(TestUser user) {
		tx.executeWithoutResult(s -> notifications.send(new Notification(user.id(), "lead.sla", TITLE, BODY, "/leads/7",
				java.util.EnumSet.of(Channel.IM))));
	}

	private Deliveries.Delivery onlyDelivery(TestUser user) {
		var all = deliveriesOf(user.id());
		assertThat(all).hasSize(1);
		return all.get(0);
	}

	/** Computed here independently of the senders. */
	static String base64Hmac(String key, String data) throws Exception {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		return Base64.getEncoder().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
	}
}
