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

	@Test
	void batchedInsertsAreRewrittenToMultiRowInsertsOnPostgresqlOnly() {
		var hikari = (com.zaxxer.hikari.HikariDataSource) dataSource;
		boolean postgres = "postgres".equals(System.getProperty("closer.test.db"));
		assertThat(hikari.getDataSourceProperties().getProperty("reWriteBatchedInserts"))
			.isEqualTo(postgres ? "true" : null);
		// a batch with generated keys still maps each key to its row, in order
		var keys = new org.springframework.jdbc.support.GeneratedKeyHolder();
		var named = new org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate(dataSource);
		String prefix = "batch-" + System.nanoTime() + "-";
		var rows = java.util.stream.IntStream.range(0, 50)
			.mapToObj(i -> new org.springframework.jdbc.core.namedparam.MapSqlParameterSource("n", prefix + i)
				.addValue("at", java.time.OffsetDateTime.now()))
			.toArray(org.springframework.jdbc.core.namedparam.SqlParameterSource[]::new);
		named.batchUpdate("""
				insert into audit_log (occurred_at, actor_name, entity_type, entity_id, action)
				values (:at, 'test', 'test.batch', :n, 'batch')""", rows, keys, new String[] { "id" });
		for (int i = 0; i < 50; i++) {
			long id = ((Number) keys.getKeyList().get(i).values().iterator().next()).longValue();
			assertThat(jdbc.sql("select entity_id from audit_log where id = :id").param("id", id).query(String.class).single())
				.isEqualTo(prefix + i);
		}
	}
}
