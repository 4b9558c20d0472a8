package dev.closer.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * W2 load driver: {@code POST /api/leads} end to end against a running Closer, N concurrent clients for
 * a fixed time, 10 % of submissions repeating an earlier contact (duplicates). Prints throughput and
 * latency percentiles. Bounded in time and count; talks to the given base URL only (localhost).
 * <p>
 * {@code java -cp target/test-classes dev.closer.bench.IntakeLoadDriver http://127.0.0.1:8080 32 60 <teamId,teamId,...>}
 */
public final class IntakeLoadDriver {

	public static void main(String[] args) throws Exception {
		String base = args.length > 0 ? args[0] : "http://127.0.0.1:8080";
		int clients = args.length > 1 ? Integer.parseInt(args[1]) : 32;
		int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 60;
		long[] teams = java.util.Arrays.stream((args.length > 3 ? args[3] : "1").split(","))
			.mapToLong(Long::parseLong).toArray();
		// a second run against the same database must not repeat the first run's phone numbers or company names
		// (they would all be duplicates, a cheaper path): give each run its own offset
		long phoneOffset = args.length > 4 ? Long.parseLong(args[4]) : 0;
		if (!URI.create(base).getHost().matches("127\\.0\\.0\\.1|localhost")) {
			throw new IllegalArgumentException("load is only ever sent to this machine");
		}
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		String token = token(http, base);
		long warmupEnd = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		long end = warmupEnd + Duration.ofSeconds(seconds).toNanos();
		AtomicBoolean stop = new AtomicBoolean();
		AtomicLong errors = new AtomicLong();
		AtomicLong duplicates = new AtomicLong();
		List<long[]> perClient = new ArrayList<>();
		List<Thread> threads = new ArrayList<>();
		for (int c = 0; c < clients; c++) {
			long[] latencies = new long[2_000_000];
			perClient.add(latencies);
			int client = c;
			Thread t = new Thread(() -> {
				int n = 0;
				int i = 0;
				List<String> seen = new ArrayList<>();
				while (!stop.get() && n < latencies.length) {
					String phone;
					if (!seen.isEmpty() && ThreadLocalRandom.current().nextInt(10) == 0) {
						phone = seen.get(ThreadLocalRandom.current().nextInt(seen.size()));
						duplicates.incrementAndGet();
					}
					else {
						// unique per client and request (run it on a fresh database)
						phone = String.format("138%08d", client * 2_000_000L + phoneOffset + i++);
						if (seen.size() < 1000) {
							seen.add(phone);
						}
					}
					long team = teams[(client + i) % teams.length];
					String body = "{\"teamId\":" + team + ",\"contactName\":\"压测" + client + "\",\"phone\":\"" + phone
							+ "\",\"company\":\"压测公司" + client + "-" + (phoneOffset + i) + "\",\"industry\":\"medical\",\"sourceChannel\":\"load\"}";
					long t0 = System.nanoTime();
					try {
						HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/leads"))
							.header("Authorization", token).header("Content-Type", "application/json")
							.timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
								HttpResponse.BodyHandlers.discarding());
						if (r.statusCode() != 201) {
							errors.incrementAndGet();
						}
					}
					catch (Exception e) {
						errors.incrementAndGet();
					}
					long t1 = System.nanoTime();
					if (t0 >= warmupEnd && t1 <= end) {
						latencies[n++] = t1 - t0;
					}
					if (t1 > end) {
						break;
					}
				}
				latencies[latencies.length - 1] = n; // count in the last slot
			});
			threads.add(t);
			t.start();
		}
		for (Thread t : threads) {
			t.join();
		}
		long total = 0;
		for (long[] l : perClient) {
			total += l[l.length - 1];
		}
		long[] all = new long[(int) total];
		int k = 0;
		for (long[] l : perClient) {
			int n = (int) l[l.length - 1];
			System.arraycopy(l, 0, all, k, n);
			k += n;
		}
		Arrays.sort(all);
		System.out.printf("clients=%d seconds=%d requests=%d throughput=%.1f/s errors=%d duplicates~%d%n", clients,
				seconds, total, total / (double) seconds, errors.get(), duplicates.get());
		System.out.printf("latency ms: p50=%.1f p95=%.1f p99=%.1f max=%.1f%n", pct(all, 0.50), pct(all, 0.95),
				pct(all, 0.99), all.length == 0 ? 0 : all[all.length - 1] / 1e6);
	}

	static double pct(long[] sorted, double p) {
		if (sorted.length == 0) {
			return 0;
		}
		return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
	}

	static String token(HttpClient http, String base) throws Exception {
		HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/auth/token"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"admin\",\"password\":\"closer\"}")).build(),
				HttpResponse.BodyHandlers.ofString());
		String body = r.body();
		int i = body.indexOf("\"token\":\"") + 9;
		return "Bearer " + body.substring(i, body.indexOf('"', i));
	}
}
