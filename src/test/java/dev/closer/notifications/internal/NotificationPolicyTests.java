package dev.closer.notifications.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.closer.notifications.Channel;
import dev.closer.notifications.Notification;
import dev.closer.shared.problem.BusinessException;

/** Fast unit tests: back-off ladder, notification validation, webhook URL rule, signatures. */
class NotificationPolicyTests {

	static NotificationProperties defaults() {
		return new NotificationProperties("closer@localhost", "http://localhost:8080/", Duration.ofSeconds(15),
				Duration.ofSeconds(30), Duration.ofHours(1), 8, Duration.ofMinutes(2), 50, Duration.ofSeconds(5),
				Duration.ofSeconds(10), true, Duration.ofSeconds(15));
	}

	@Test
	void backoffDoublesFromThirtySecondsAndIsCappedAtOneHour() {
		NotificationProperties p = defaults();
		assertThat(IntStream.rangeClosed(1, 9).mapToObj(p::backoff).map(Duration::toSeconds))
			.containsExactly(30L, 60L, 120L, 240L, 480L, 960L, 1920L, 3600L, 3600L);
		assertThat(p.backoff(1000)).isEqualTo(Duration.ofHours(1));
		assertThat(p.absolute("/leads/1")).isEqualTo("http://localhost:8080/leads/1");
	}

	@Test
	void notificationsRefuseForeignLinksAndCutLongText() {
		assertThatThrownBy(() -> Notification.inbox(1, "c", "t", "b", "https://evil.example/")).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> Notification.inbox(1, "c", "t", "b", "//evil.example/")).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> Notification.inbox(1, "c", "t", "b", "/\\evil.example/")).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> Notification.inbox(1, "c", "t", "b", "/a b")).isInstanceOf(IllegalArgumentException.class);
		assertThat(Notification.inbox(1, "c", "t", "b", "/leads/1?tab=notes").link()).isEqualTo("/leads/1?tab=notes");
		assertThatThrownBy(() -> Notification.inbox(1, "c", " ", "b", null)).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> Notification.inbox(0, "c", "t", "b", null)).isInstanceOf(IllegalArgumentException.class);
		Notification n = Notification.inbox(1, "c", "x".repeat(300), "y".repeat(5000), null);
		assertThat(n.title()).hasSize(200).endsWith("…");
		assertThat(n.body()).hasSize(4000);
		assertThat(n.via(Channel.EMAIL, Channel.IM).channels()).containsExactlyInAnyOrder(Channel.EMAIL, Channel.IM);
	}

	@Test
	void webhookUrlsMustBeHttpOrHttpsWithAHost() {
		assertThat(TeamWebhooks.validUrl(" https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=1 "))
			.isEqualTo("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=1");
		assertThat(TeamWebhooks.validUrl("http://10.0.0.5:8080/hook")).isEqualTo("http://10.0.0.5:8080/hook");
		for (String bad : new String[] { "ftp://x/y", "javascript:alert(1)", "https://", "file:///etc/passwd", "not a url",
				"https://user:pw@example.com/" }) {
			assertThatThrownBy(() -> TeamWebhooks.validUrl(bad)).as(bad).isInstanceOf(BusinessException.class)
				.satisfies(e -> assertThat(((BusinessException) e).field()).isEqualTo("url"));
		}
		assertThat(TeamWebhooks.withoutQuery("https://oapi.dingtalk.com/robot/send?access_token=t")).isEqualTo(
				"https://oapi.dingtalk.com/robot/send?…");
	}

	@Test
	void dingTalkSignatureAppendsTimestampAndUrlEncodedSign() throws Exception {
		String url = DingTalkSender.signedUrl("https://oapi.dingtalk.com/robot/send?access_token=a", "SECx", 1700000000000L);
		String expected = java.net.URLEncoder.encode(NotificationWebhookTests.base64Hmac("SECx", "1700000000000\nSECx"),
				java.nio.charset.StandardCharsets.UTF_8);
		assertThat(url).isEqualTo("https://oapi.dingtalk.com/robot/send?access_token=a&timestamp=1700000000000&sign=" + expected);
		assertThat(DingTalkSender.signedUrl("https://x/y", null, 1L)).isEqualTo("https://x/y");
		assertThat(FeishuSender.sign("s", 1700000000L))
			.isEqualTo(NotificationWebhookTests.base64Hmac("1700000000\ns", ""));
	}
}
