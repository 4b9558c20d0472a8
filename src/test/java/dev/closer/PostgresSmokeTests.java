package dev.closer;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.closer.identity.UserDirectory;

/**
 * Boots the whole application on a fresh PostgreSQL database (Flyway from zero, demo seed) in every
 * test run, whichever database the rest of the suite uses. Without a reachable PostgreSQL this test
 * skips with a message on a laptop, and FAILS when {@code CI=true}.
 */
class PostgresSmokeTests {

	static final String SERVER = System.getenv().getOrDefault("CLOSER_TEST_PG", "jdbc:postgresql://127.0.0.1:5432/");

	static final String USER = System.getenv().getOrDefault("CLOSER_TEST_PG_USER", "postgres");

	static final String PASSWORD = System.getenv().getOrDefault("CLOSER_TEST_PG_PASSWORD", "");

	static Connection admin() {
		try {
			return DriverManager.getConnection(SERVER + "postgres", USER, PASSWORD);
		}
		catch (SQLException e) {
			boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
			String message = "PostgreSQL not reachable at " + SERVER + " (" + e.getMessage()
					+ "); set CLOSER_TEST_PG to test on PostgreSQL";
			if (ci) {
				throw new AssertionError("CI=true requires PostgreSQL: " + message, e);
			}
			Assumptions.abort(message);
			return null;
		}
	}

	@Test
	void theApplicationMigratesSeedsAndServesOnAFreshPostgresDatabase() throws Exception {
		String db = "closer_smoke_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		try (Connection c = admin()) {
			c.createStatement().execute("create database " + db);
		}
		try (ConfigurableApplicationContext app = new SpringApplicationBuilder(CloserApplication.class)
			.properties("spring.datasource.url=" + SERVER + db, "spring.datasource.username=" + USER,
					"spring.datasource.password=" + PASSWORD, "server.port=0", "closer.demo.enabled=true")
			.run()) {
			JdbcClient jdbc = app.getBean(JdbcClient.class);
			assertThat(jdbc.sql("select count(*) from region").query(Long.class).single()).isEqualTo(3);
			assertThat(jdbc.sql("select count(*) from team").query(Long.class).single()).isEqualTo(6);
			assertThat(jdbc.sql("select count(*) from app_user").query(Long.class).single()).isEqualTo(40);
			assertThat(app.getBean(UserDirectory.class).findByUsername("admin")).isPresent();
			assertThat(jdbc.sql("select version()").query(String.class).single()).startsWith("PostgreSQL");
		}
		finally {
			try (Connection c = admin()) {
				c.createStatement().execute("drop database if exists " + db + " with (force)");
			}
		}
	}
}
