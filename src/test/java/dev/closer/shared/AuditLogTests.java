package dev.closer.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionTemplate;

import dev.closer.shared.audit.AuditLog;
import dev.closer.support.IntegrationTest;

/** SPEC P3: written with the change, searchable, never editable. */
@IntegrationTest
class AuditLogTests {

	@Autowired
	AuditLog audit;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TransactionTemplate tx;

	@Test
	void recordsInTheCallersTransactionAndRollsBackWithIt() {
		String id = UUID.randomUUID().toString();
		tx.executeWithoutResult(s -> audit.record("test", id, "create", null, Map.of("x", 1), "because"));
		try {
			tx.executeWithoutResult(s -> {
				audit.record("test", id, "update", Map.of("x", 1), Map.of("x", 2), null);
				throw new IllegalStateException("business change failed");
			});
		}
		catch (IllegalStateException expected) {
			// the change and its audit line are gone together
		}
		var page = audit.search(new AuditLog.AuditQuery("test", id, null, null, null, null, null), 0, 10);
		assertThat(page.items()).singleElement().satisfies(e -> {
			assertThat(e.action()).isEqualTo("create");
			assertThat(e.after()).isEqualTo("{\"x\":1}");
			assertThat(e.reason()).isEqualTo("because");
			assertThat(e.actorName()).isEqualTo("system");
		});
		assertThat(audit.search(new AuditLog.AuditQuery(null, null, null, null, "because", null, null), 0, 10).total())
			.isGreaterThanOrEqualTo(1);
	}

	@Test
	void refusesToRecordOutsideATransaction() {
		assertThatThrownBy(() -> audit.record("test", "1", "x", null, null, null))
			.isInstanceOf(IllegalTransactionStateException.class);
	}

	@Test
	void theDatabaseRefusesToEditOrDeleteHistory() {
		String id = UUID.randomUUID().toString();
		tx.executeWithoutResult(s -> audit.record("test", id, "create", null, "v", null));
		assertThatThrownBy(() -> jdbc.sql("update audit_log set reason = 'forged' where entity_id = :id")
			.param("id", id).update()).isInstanceOf(DataAccessException.class).hasMessageContaining("append-only");
		assertThatThrownBy(() -> jdbc.sql("delete from audit_log where entity_id = :id").param("id", id).update())
			.isInstanceOf(DataAccessException.class).hasMessageContaining("append-only");
		assertThat(jdbc.sql("select count(*) from audit_log where entity_id = :id").param("id", id).query(Long.class)
			.single()).isEqualTo(1);
	}
}
