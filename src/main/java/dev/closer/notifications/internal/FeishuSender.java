package dev.closer.notifications.internal;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.stereotype.Component;

/**
 * Feishu (飞书) custom bot: a text message. With a secret the body carries {@code timestamp} (seconds)
 * and {@code sign = base64(HmacSHA256(key = timestamp + "\n" + secret, data = empty))}. Accepted when the
 * reply has {@code code == 0} (or the legacy {@code StatusCode == 0}).
 */
@Component
class FeishuSender implements ChannelSender {

	private final WebhookClient client;

	private final Clock clock;

	FeishuSender(WebhookClient client, Clock clock) {
		this.client = client;
		this.clock = clock;
	}

	@Override
	public boolean supports(Destination destination) {
		return destination instanceof Webhook w && w.kind() == WebhookKind.FEISHU;
	}

	@Override
	public void send(OutgoingMessage message, Destination destination) {
		Webhook hook = (Webhook) destination;
		String body = body(message, hook.secret(), clock.instant().getEpochSecond());
		WebhookClient.requireZero(client.post(URI.create(hook.url()), body), "code", "StatusCode");
	}

	String body(OutgoingMessage message, String secret, long timestampSeconds) {
		Map<String, Object> body = new LinkedHashMap<>();
		if (secret != null && !secret.isBlank()) {
			body.put("timestamp", String.valueOf(timestampSeconds));
			body.put("sign", sign(secret, timestampSeconds));
		}
		body.put("msg_type", "text");
		body.put("content", Map.of("text", text(message)));
		return client.toJson(body);
	}

	static String text(OutgoingMessage message) {
		StringBuilder text = new StringBuilder(message.subject());
		if (!message.body().isBlank()) {
			text.append('\n').append(message.body());
		}
		if (message.url() != null) {
			text.append('\n').append(message.url());
		}
		return text.toString();
	}

	static String sign(String secret, long timestampSeconds) {
		String key = timestampSeconds + "\n" + secret;
		return WebhookClient.hmacSha256Base64(key.getBytes(StandardCharsets.UTF_8), new byte[0]);
	}
}
