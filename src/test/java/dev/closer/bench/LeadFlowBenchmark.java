package dev.closer.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.jayway.jsonpath.JsonPath;

/**
 * W5 (docs/BENCHMARKS.md): {@code GET /api/reports/lead-flow} for a month of 1,000,000 leads over 1,000 reps, on
 * PostgreSQL, through the real HTTP stack (Tomcat, bearer token, scope, query, names, JSON).
 * <p>
 * The heatmap reads only the {@code lead_flow_daily} rollup, so the benchmark writes the rollup rows such a month
 * produces, with {@code generate_series}, instead of a million lead rows: 100 teams in 10 regions, 10 reps each,
 * every rep receiving leads of all three grades every day (the densest rollup a month can have: 31 x 1,000 x 3 =
 * 93,000 rows), received counts summing to exactly 1,000,000 in the measured month; eleven earlier months the same,
 * so the month is read out of about 1.1 million rows. Not part of {@code ./mvnw verify}: run it on its own
 * database (see BENCHMARKS.md). Sends requests to this JVM's own port only; bounded in count.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Tag("slow")
class LeadFlowBenchmark {

	static final String MONTH = "2031-01";

	static final int WARMUP = Integer.getInteger("closer.bench.warmup", 20);

	static final int CALLS = Integer.getInteger("closer.bench.calls", 50);

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@Test
	void aMonthOfAMillionLeadsOverAThousandReps() throws Exception {
		Assumptions.assumeTrue(isPostgres(), "W5 is measured on PostgreSQL: set CLOSER_DB_URL");
		String database = jdbc.sql("select version()").query(String.class).single();
		long started = System.nanoTime();
		generate();
		System.out.printf("W5 data ready in %d s: %d rollup rows in all, %d in %s, %d leads received in %s%n",
				(System.nanoTime() - started) / 1_000_000_000L,
				jdbc.sql("select count(*) from lead_flow_daily").query(Long.class).single(),
				jdbc.sql("select count(*) from lead_flow_daily where \"day\" >= date '2031-01-01' and \"day\" < date '2031-02-01'")
					.query(Long.class).single(), MONTH,
				jdbc.sql("select sum(received) from lead_flow_daily f join team t on t.id = f.team_id"
						+ " where t.name like 'w5-team-%' and \"day\" >= date '2031-01-01' and \"day\" < date '2031-02-01'")
					.query(Long.class).single(), MONTH);
		assertThat(jdbc.sql("select sum(received) from lead_flow_daily f join team t on t.id = f.team_id"
				+ " where t.name like 'w5-team-%' and \"day\" >= date '2031-01-01' and \"day\" < date '2031-02-01'")
			.query(Long.class).single()).isEqualTo(1_000_000L);

		String admin = token("admin");
		String manager = token("w5-manager");
		long team = jdbc.sql("select id from team where name = 'w5-team-001'").query(Long.class).single();
		measure("admin, all teams, days", admin, "month=" + MONTH);
		measure("admin, all teams, weeks", admin, "month=" + MONTH + "&granularity=week");
		measure("admin, one team, days", admin, "month=" + MONTH + "&teamId=" + team);
		measure("manager, own team, days", manager, "month=" + MONTH);
		explain();
		System.out.println("database: " + database);
	}

	boolean isPostgres() {
		return jdbc.sql("select version()").query(String.class).single().startsWith("PostgreSQL");
	}

	/** Ten regions, 100 teams, 1,000 reps, one manager, and twelve months of rollup rows; once per database. */
	void generate() {
		if (jdbc.sql("select count(*) from team where name = 'w5-team-001'").query(Long.class).single() > 0) {
			return;
		}
		jdbc.sql("insert into region (name, created_at) select 'w5-region-' || lpad(g::text, 2, '0'), now() from generate_series(1, 10) g")
			.update();
		jdbc.sql("""
				insert into team (region_id, name, created_at)
				select r.id, 'w5-team-' || lpad(g::text, 3, '0'), now()
				from generate_series(1, 100) g join region r on r.name = 'w5-region-' || lpad(((g - 1) / 10 + 1)::text, 2, '0')""")
			.update();
		String hash = jdbc.sql("select password_hash from app_user where username = 'admin'").query(String.class).single();
		jdbc.sql("""
				insert into app_user (username, display_name, password_hash, status, team_id, time_zone, created_at)
				select 'w5-rep-' || lpad(g::text, 4, '0'), '销售' || lpad(g::text, 4, '0'), :hash, 'ACTIVE', t.id,
				       'Asia/Shanghai', now()
				from generate_series(1, 1000) g join team t on t.name = 'w5-team-' || lpad(((g - 1) / 10 + 1)::text, 3, '0')""")
			.param("hash", hash).update();
		jdbc.sql("insert into user_role (user_id, role) select id, 'REP' from app_user where username like 'w5-rep-%'")
			.update();
		jdbc.sql("""
				insert into app_user (username, display_name, password_hash, status, team_id, time_zone, created_at)
				select 'w5-manager', '经理 W5', :hash, 'ACTIVE', id, 'Asia/Shanghai', now() from team where name = 'w5-team-001'""")
			.param("hash", hash).update();
		jdbc.sql("insert into user_role (user_id, role) select id, 'MANAGER' from app_user where username = 'w5-manager'")
			.update();
		// per rep and day r = 32 leads, 33 on the first eight days of a month (31 days x 1,000 reps: exactly 1,000,000
		// in January), split A one fifth, B two fifths, C the rest; answered, late and re-allocated shares vary by rep and day
		jdbc.sql("""
				insert into lead_flow_daily ("day", rep_id, grade, team_id, received, responded, response_seconds,
				                             responded_2h, reallocated)
				select d.day, u.id, g.grade, u.team_id, x.n,
				       x.n - (u.id + extract(day from d.day)::int) % 3,
				       (x.n - (u.id + extract(day from d.day)::int) % 3) * (300 + (u.id * 7 + extract(day from d.day)::int * 13) % 3600),
				       (x.n - (u.id + extract(day from d.day)::int) % 3) - (u.id % 2),
				       (u.id + extract(day from d.day)::int) % 4 / 3
				from (select cast(s as date) as day from generate_series(timestamp '2030-02-01', timestamp '2031-01-31', interval '1 day') s) d
				cross join (select id, team_id from app_user where username like 'w5-rep-%') u
				cross join (values ('A'), ('B'), ('C')) g (grade)
				cross join lateral (select case when extract(day from d.day) <= 8 then 33 else 32 end as r) rr
				cross join lateral (select case g.grade when 'A' then rr.r / 5 when 'B' then rr.r * 2 / 5
				                                        else rr.r - rr.r / 5 - rr.r * 2 / 5 end as n) x""").update();
		jdbc.sql("analyze lead_flow_daily").update();
	}

	String token(String username) throws Exception {
		HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/auth/token"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + username + "\",\"password\":\"closer\"}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return "Bearer " + JsonPath.read(response.body(), "$.token");
	}

	void measure(String label, String token, String query) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/reports/lead-flow?" + query))
			.header("Authorization", token).header("Accept-Encoding", "identity").GET().build();
		int bytes = 0;
		int rows = 0;
		for (int i = 0; i < WARMUP; i++) {
			HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
			assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
			bytes = r.body().length();
			rows = JsonPath.<List<Object>>read(r.body(), "$.rows").size();
		}
		long[] nanos = new long[CALLS];
		for (int i = 0; i < CALLS; i++) {
			long t = System.nanoTime();
			HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
			nanos[i] = System.nanoTime() - t;
			assertThat(r.statusCode()).isEqualTo(200);
		}
		Arrays.sort(nanos);
		System.out.printf("W5 | %s | %d rep rows, %,d bytes of JSON | p50 %.1f ms | p99 %.1f ms | max %.1f ms | %d calls%n",
				label, rows, bytes, percentile(nanos, 0.50), percentile(nanos, 0.99), nanos[CALLS - 1] / 1e6, CALLS);
	}

	static double percentile(long[] sorted, double p) {
		int index = (int) Math.ceil(p * sorted.length) - 1;
		return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
	}

	/** The plans of the report's query for an admin (no condition) and the manager (own rows or the team), for the record. */
	void explain() {
		long team = jdbc.sql("select id from team where name = 'w5-team-001'").query(Long.class).single();
		long manager = jdbc.sql("select id from app_user where username = 'w5-manager'").query(Long.class).single();
		List<String> plans = new ArrayList<>();
		for (String filter : List.of("", " and (f.rep_id = " + manager + " or f.team_id in (" + team + "))")) {
			plans.add(String.join("\n", jdbc.sql("explain (analyze, buffers) select f.rep_id, f.team_id, f.\"day\","
					+ " sum(f.received), sum(f.responded), sum(f.response_seconds), sum(f.responded_2h), sum(f.reallocated)"
					+ " from lead_flow_daily f where f.\"day\" >= date '2031-01-01' and f.\"day\" < date '2031-02-01'" + filter
					+ " group by f.rep_id, f.team_id, f.\"day\"").query(String.class).list()));
		}
		plans.forEach(p -> System.out.println("W5 plan:\n" + p));
	}
}
