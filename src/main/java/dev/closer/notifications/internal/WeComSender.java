package dev.closer.notifications.internal;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.stereotype.Component;

/** WeCom (企业微信) group robot: a markdown message; accepted when the reply has {@code errcode == 0}. */
@Component
class WeComSender implements ChannelSender {

	private final WebhookClient client;

	WeComSender(WebhookClient client) {
		this.client = client;
	}

	@Override
	public boolean supports(Destination destination) {
		return destination instanceof Webhook w && w.kind() == WebhookKind.WECOM;
	}

	@Override
	public void send(OutgoingMessage message, Destination destination) {
		Webhook hook = (Webhook) destination;
		WebhookClient.requireZero(client.post(URI.create(hook.url()), body(message)), "errcode");
	}

	String body(OutgoingMessage message) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("msgtype", "markdown");
		body.put("markdown", Map.of("content", content(message)));
		return client.toJson(body);
	}

	static String content(OutgoingMessage message) {
		StringBuilder text = new StringBuilder("**").append(message.subject()).append("**");
		if (!message.body().isBlank()) {
			text.append('\n').append(message.body());
		}
		if (message.url() != null) {
			text.append("\n[").append(message.url()).append("](").append(message.url()).append(')');
		}
		return text.toString();
	}
}
