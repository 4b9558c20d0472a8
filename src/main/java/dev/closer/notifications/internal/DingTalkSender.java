package dev.closer.notifications.internal;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.stereotype.Component;

/**
 * DingTalk (钉钉) custom robot: a markdown message. With a secret ("加签") the URL gets
 * {@code &timestamp=<ms>&sign=<urlencode(base64(HmacSHA256(secret, timestamp + "\n" + secret)))>}.
 * Accepted when the reply has {@code errcode == 0}.
 */
@Component
class DingTalkSender implements ChannelSender {

	private final WebhookClient client;

	private final Clock clock;

	DingTalkSender(WebhookClient client, Clock clock) {
		this.client = client;
		this.clock = clock;
	}

	@Override
	public boolean supports(Destination destination) {
		return destination instanceof Webhook w && w.kind() == WebhookKind.DINGTALK;
	}

	@Override
	public void send(OutgoingMessage message, Destination destination) {
		Webhook hook = (Webhook) destination;
		URI url = URI.create(signedUrl(hook.url(), hook.secret(), clock.millis()));
		WebhookClient.requireZero(client.post(url, body(message)), "errcode");
	}

	String body(OutgoingMessage message) {
		StringBuilder text = new StringBuilder("#### ").append(message.subject());
		if (!message.body().isBlank()) {
			text.append("\n\n").append(message.body());
		}
		if (message.url() != null) {
			text.append("\n\n[").append(message.url()).append("](").append(message.url()).append(')');
		}
		Map<String, Object> markdown = new LinkedHashMap<>();
		markdown.put("title", message.subject());
		markdown.put("text", text.toString());
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("msgtype", "markdown");
		body.put("markdown", markdown);
		return client.toJson(body);
	}

	static String signedUrl(String url, String secret, long timestampMillis) {
		if (secret == null || secret.isBlank()) {
			return url;
		}
		return url + (url.contains("?") ? "&" : "?") + "timestamp=" + timestampMillis + "&sign=" + sign(secret, timestampMillis);
	}

	/** The URL-encoded signature for a timestamp in milliseconds. */
	static String sign(String secret, long timestampMillis) {
		String data = timestampMillis + "\n" + secret;
		String base64 = WebhookClient.hmacSha256Base64(secret.getBytes(StandardCharsets.UTF_8),
				data.getBytes(StandardCharsets.UTF_8));
		return URLEncoder.encode(base64, StandardCharsets.UTF_8);
	}
}
