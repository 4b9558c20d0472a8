package dev.closer.leads.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import dev.closer.CloserApplication;
import dev.closer.support.MutableClock;

/**
 * SPEC S4 durability: the application is stopped mid-countdown and started again (the step fires
 * once, by the real db-scheduler task), and two instances share one database (each step fires once,
 * even when both tickers run at the same moment). Runs on H2 (one in-memory database shared by both
 * instances) and on PostgreSQL when CLOSER_DB_URL is set.
 */
class SlaDurabilityTests {

	private static final String URL = System.getenv("CLOSER_DB_URL") != null ? System.getenv("CLOSER_DB_URL")
			: "jdbc:h2:mem:sla-durable-" + UUID.randomUUID()
					+ ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";

	private final MutableClock clock = new MutableClock(
			Instant.now().plus(Duration.ofDays(7300)).plusSeconds((long) (Math.random() * 86_400 * 300))
				.truncatedTo(ChronoUnit.SECONDS));

	private ConfigurableApplicationContext start(boolean tick) {
		ConfigurableApplicationContext app = new SpringApplicationBuilder(CloserApplication.class)
			.initializers(ctx -> ctx.getBeanFactory().registerSingleton("durabilityTestClock", clock))
			.run("--spring.datasource.url=" + URL, "--server.port=0", "--closer.demo.enabled=false",
					"--closer.sla.tick-enabled=" + tick, "--closer.sla.tick-interval=200ms",
					"--db-scheduler.polling-interval=200ms", "--closer.notifications.dispatch-enabled=false",
					"--spring.main.banner-mode=off");
		return app;
	}

	/** Clocks that exist before the test (demo, other tests on a shared database) must not fire in its future. */
	@org.junit.jupiter.api.BeforeEach
	void parkOtherClocks() throws Exception {
		if (System.getenv("CLOSER_DB_URL") == null) {
			return; // a fresh in-memory H2 database of this class's own
		}
		try (java.sql.Connection c = java.sql.DriverManager.getConnection(URL, System.getenv("CLOSER_DB_USER"),
				System.getenv().getOrDefault("CLOSER_DB_PASSWORD", ""))) {
			try (var s = c.createStatement()) {
				s.executeUpdate("update lead_sla_clock set next_due_at = null where next_due_at is not null");
			}
		}
		catch (java.sql.SQLException e) {
			if (!String.valueOf(e.getMessage()).contains("lead_sla_clock")) {
				throw e; // (a database not migrated yet has no clocks to park)
			}
		}
	}

	@Test
	void aStepDueWhileTheServerWasDownFiresOnceAfterTheRestart() throws Exception {
		long lead;
		long rep;
		try (ConfigurableApplicationContext first = start(true)) {
			rep = team(first, 1).get(1);
			lead = assignedLead(first, team(first, 0).get(0) /* unused */, rep);
			clock.advance(Duration.ofMinutes(10));
			Thread.sleep(600); // the ticker runs meanwhile: nothing is due yet
			assertThat(events(first, lead)).isZero();
		}
		clock.advance(Duration.ofMinutes(25)); // the 30-minute step fell due while no server ran
		try (ConfigurableApplicationContext second = start(true)) {
			awaitTrue(() -> events(second, lead) == 1);
			Thread.sleep(1_000); // several more ticks
			assertThat(events(second, lead)).isEqualTo(1);
			assertThat(reminders(second, rep)).isEqualTo(1);
		}
	}

	@Test
	void twoInstancesOnOneDatabaseFireEachStepExactlyOnce() throws Exception {
		try (ConfigurableApplicationContext a = start(true); ConfigurableApplicationContext b = start(true)) {
			List<Long> ids = team(a, 3);
			long team = ids.get(0);
			List<Long> leads = new ArrayList<>();
			for (int i = 0; i < 30; i++) {
				leads.add(assignedLead(i % 2 == 0 ? a : b, team, ids.get(1 + i % 3)));
			}
			clock.advance(Duration.ofHours(4)); // three steps due on every lead
			// besides both scheduled tickers, both instances sweep by hand at the same moment
			ExecutorService pool = Executors.newFixedThreadPool(4);
			List<Future<Integer>> sweeps = new ArrayList<>();
			for (ConfigurableApplicationContext app : List.of(a, b, a, b)) {
				sweeps.add(pool.submit((Callable<Integer>) () -> app.getBean(SlaTicker.class).fireDue()));
			}
			for (Future<Integer> sweep : sweeps) {
				sweep.get();
			}
			pool.shutdown();
			awaitTrue(() -> leads.stream().allMatch(l -> events(a, l) == 3));
			Thread.sleep(1_000);
			for (long l : leads) {
				assertThat(events(b, l)).as("lead %d", l).isEqualTo(3);
				// nothing failed and was pushed back for a retry: the next moment is recycling, 24 h after assignment
				assertThat(b.getBean(JdbcClient.class).sql("""
						select next_due_at from lead_sla_clock where lead_id = :l""").param("l", l)
					.query(java.sql.Timestamp.class).single().toInstant())
					.isEqualTo(b.getBean(JdbcClient.class).sql("select assigned_at from lead_sla_clock where lead_id = :l")
						.param("l", l).query(java.sql.Timestamp.class).single().toInstant().plus(Duration.ofHours(24)));
			}
			long reminders = 0;
			for (int r = 1; r <= 3; r++) {
				reminders += reminders(a, ids.get(r));
			}
			assertThat(reminders).isEqualTo(30);
		}
	}

	private static long events(ConfigurableApplicationContext app, long lead) {
		return app.getBean(JdbcClient.class).sql("select count(*) from lead_sla_event where lead_id = :l")
			.param("l", lead).query(Long.class).single();
	}

	private static long reminders(ConfigurableApplicationContext app, long rep) {
		return app.getBean(JdbcClient.class)
			.sql("select count(*) from notification where recipient_id = :u and category = 'lead.sla.remind'")
			.param("u", rep).query(Long.class).single();
	}

	/** A new team with {@code reps} active reps: [teamId, repId...]. */
	private List<Long> team(ConfigurableApplicationContext app, int reps) {
		JdbcClient jdbc = app.getBean(JdbcClient.class);
		OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
		String tag = UUID.randomUUID().toString().substring(0, 8);
		jdbc.sql("insert into region (name, created_at) values (:n, :now)").param("n", "r-" + tag).param("now", now)
			.update();
		long region = jdbc.sql("select id from region where name = :n").param("n", "r-" + tag).query(Long.class).single();
		jdbc.sql("insert into team (region_id, name, created_at) values (:r, :n, :now)").param("r", region)
			.param("n", "t-" + tag).param("now", now).update();
		long team = jdbc.sql("select id from team where name = :n").param("n", "t-" + tag).query(Long.class).single();
		List<Long> ids = new ArrayList<>(List.of(team));
		for (int i = 0; i < reps; i++) {
			String username = "d" + tag + i;
			jdbc.sql("""
					insert into app_user (username, display_name, password_hash, status, team_id, time_zone, created_at)
					values (:u, :u, '{noop}x', 'ACTIVE', :t, 'Asia/Shanghai', :now)""")
				.param("u", username).param("t", team).param("now", now).update();
			long id = jdbc.sql("select id from app_user where username = :u").param("u", username).query(Long.class)
				.single();
			jdbc.sql("insert into user_role (user_id, role) values (:id, 'REP')").param("id", id).update();
			ids.add(id);
		}
		return ids;
	}

	/** A grade-A lead allocated by the real allocator (so the clock starts the way it does in production). */
	private long assignedLead(ConfigurableApplicationContext app, long team, long rep) {
		JdbcClient jdbc = app.getBean(JdbcClient.class);
		long teamId = jdbc.sql("select team_id from app_user where id = :id").param("id", rep).query(Long.class).single();
		OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
		return new TransactionTemplate(app.getBean(org.springframework.transaction.PlatformTransactionManager.class))
			.execute(s -> {
				var keys = new org.springframework.jdbc.support.GeneratedKeyHolder();
				jdbc.sql("""
						insert into lead (team_id, status, grade, grading_version, contact_name, created_at, updated_at)
						values (:t, 'POOL', 'A', 1, 'durable', :now, :now)""")
					.param("t", teamId).param("now", now).update(keys, "id");
				long id = keys.getKeyAs(Long.class);
				app.getBean(LeadAllocator.class).allocate(id, "test");
				assertThat(jdbc.sql("select owner_id from lead where id = :id").param("id", id).query(Long.class).single())
					.isNotNull();
				return id;
			});
	}

	private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("condition not met within 30 s");
			}
			Thread.sleep(100);
		}
	}
}
