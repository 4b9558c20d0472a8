package dev.closer.notifications.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server on 127.0.0.1 standing in for a robot webhook: records every request and answers
 * with the queued replies, then with {@code defaultReply}.
 */
class WebhookTestServer implements AutoCloseable {

	record Hit(String method, String path, String rawQuery, String contentType, String body) {
	}

	private final HttpServer server;

	private final List<Hit> hits = new CopyOnWriteArrayList<>();

	private final Queue<String> replies = new ConcurrentLinkedQueue<>();

	private final String defaultReply;

	private final long delayMillis;

	WebhookTestServer(String defaultReply, long delayMillis) throws IOException {
		this.defaultReply = defaultReply;
		this.delayMillis = delayMillis;
		server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
		server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
		server.createContext("/", exchange -> {
			String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
			hits.add(new Hit(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
					exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders().getFirst("Content-Type"), body));
			if (delayMillis > 0) {
				try {
					Thread.sleep(delayMillis);
				}
				catch (InterruptedException e) {
					Thread.currentThread().interrupt();
				}
			}
			String reply = replies.poll();
			byte[] bytes = (reply == null ? defaultReply : reply).getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
			exchange.sendResponseHeaders(200, bytes.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(bytes);
			}
		});
		server.start();
	}

	static WebhookTestServer replying(String defaultReply) throws IOException {
		return new WebhookTestServer(defaultReply, 0);
	}

	WebhookTestServer thenReply(String reply) {
		replies.add(reply);
		return this;
	}

	String url(String pathAndQuery) {
		return "http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery;
	}

	List<Hit> hits() {
		return hits;
	}

	@Override
	public void close() {
		server.stop(0);
		((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
	}
}
