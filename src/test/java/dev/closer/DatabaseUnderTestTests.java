package dev.closer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.closer.support.IntegrationTest;

/** Guards CI: the PostgreSQL pass really runs the suite on PostgreSQL, the default pass on H2. */
@IntegrationTest
class DatabaseUnderTestTests {

	@Autowired
	JdbcClient jdbc;

	@Autowired
	javax.sql.DataSource dataSource;

	@Test
	void theSuiteRunsOnTheDatabaseItWasAskedFor() throws Exception {
		String expected = "postgres".equals(System.getProperty("closer.test.db")) ? "PostgreSQL" : "H2";
		try (var c = dataSource.getConnection()) {
			assertThat(c.getMetaData().getDatabaseProductName()).isEqualTo(expected);
		}
		assertThat(jdbc.sql("select count(*) from app_user where username = 'admin'").query(Long.class).single())
			.isEqualTo(1);
	}
}
