package dev.closer.notifications.internal;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Posts JSON to robot webhooks with bounded timeouts and reads their JSON reply. Shared by the WeCom,
 * DingTalk and Feishu senders.
 */
@Component
class WebhookClient {

	static final int MAX_REPLY_IN_ERROR = 500;

	private final RestClient http;

	private final JsonMapper json;

	WebhookClient(RestClient.Builder builder, JsonMapper json, NotificationProperties properties) {
		HttpClient client = HttpClient.newBuilder()
			.connectTimeout(properties.connectTimeout())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
		JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(client);
		factory.setReadTimeout(properties.readTimeout());
		this.http = builder.requestFactory(factory).build();
		this.json = json;
	}

	/** The request body as JSON text (key order as given). */
	String toJson(Map<String, ?> body) {
		return json.writeValueAsString(body);
	}

	/**
	 * Posts the body and returns the reply parsed as JSON.
	 * @throws DeliveryFailedException on a non-2xx status or a reply that is not JSON
	 */
	JsonNode post(URI url, String body) {
		Reply reply = http.post()
			.uri(url)
			.contentType(new MediaType(MediaType.APPLICATION_JSON, StandardCharsets.UTF_8))
			.accept(MediaType.APPLICATION_JSON)
			.body(body.getBytes(StandardCharsets.UTF_8))
			.exchange((request, response) -> new Reply(response.getStatusCode().value(),
					new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8)));
		if (reply.status() < 200 || reply.status() > 299) {
			throw new DeliveryFailedException("HTTP " + reply.status() + ": " + shorten(reply.body()));
		}
		try {
			return json.readTree(reply.body());
		}
		catch (RuntimeException e) {
			throw new DeliveryFailedException("HTTP " + reply.status() + ", reply is not JSON: " + shorten(reply.body()));
		}
	}

	/** Fails unless the reply's {@code field} is the number 0 (robots answer HTTP 200 with an error code). */
	static void requireZero(JsonNode reply, String... fields) {
		for (String field : fields) {
			JsonNode code = reply.get(field);
			if (code != null && code.isNumber()) {
				if (code.asLong() == 0) {
					return;
				}
				throw new DeliveryFailedException("Robot refused: " + shorten(reply.toString()));
			}
		}
		throw new DeliveryFailedException("Robot reply without " + String.join("/", fields) + ": "
				+ shorten(reply.toString()));
	}

	/** Base64 of HmacSHA256(key, data). */
	static String hmacSha256Base64(byte[] key, byte[] data) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			return Base64.getEncoder().encodeToString(mac.doFinal(data));
		}
		catch (java.security.GeneralSecurityException e) {
			throw new IllegalStateException("HmacSHA256 unavailable", e);
		}
	}

	static String shorten(String text) {
		if (text == null) {
			return "";
		}
		return text.length() <= MAX_REPLY_IN_ERROR ? text : text.substring(0, MAX_REPLY_IN_ERROR) + "…";
	}

	private record Reply(int status, String body) {
	}
}
