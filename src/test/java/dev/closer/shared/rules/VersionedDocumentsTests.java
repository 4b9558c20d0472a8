package dev.closer.shared.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.closer.shared.audit.AuditLog;
import dev.closer.shared.problem.BusinessException;
import dev.closer.support.IntegrationTest;
import tools.jackson.databind.json.JsonMapper;

/**
 * SPEC P5 storage: versions numbered per document, defaults written once as version 1, history newest first,
 * partitions of a shared table kept apart, every save audited, oversize comments refused.
 */
@IntegrationTest
class VersionedDocumentsTests {

	/** A stand-in definition: any JSON shape the module stores. */
	record Doc(String text) {
	}

	@Autowired
	JdbcClient jdbc;

	@Autowired
	JsonMapper json;

	@Autowired
	Clock clock;

	@Autowired
	AuditLog audit;

	@Autowired
	PlatformTransactionManager transactions;

	@Autowired
	TransactionTemplate tx;

	private VersionedDocuments<Doc> store(String kind, Map<String, Doc> defaults) {
		return new VersionedDocuments<>(new VersionedDocuments.Spec<>("pipeline_rule", Map.of("rule_kind", kind), "code",
				Doc.class, "pipeline_rule", kind + ":", "error.pipelineTemplate.stale", defaults), jdbc, json, clock, audit,
				transactions);
	}

	@Test
	void versionsDefaultsHistoryPartitionsAndAudit() {
		String a = "T" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
		String b = "T" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
		Map<String, Doc> defaults = new LinkedHashMap<>();
		defaults.put(a, new Doc("first"));
		// kinds of their own, so the test's documents are the only ones in the partitions
		String one = "K" + UUID.randomUUID().toString().substring(0, 12);
		String two = "K" + UUID.randomUUID().toString().substring(0, 12);
		VersionedDocuments<Doc> tenders = store(one, defaults);
		VersionedDocuments<Doc> chains = store(two, Map.of());

		var v1 = tenders.current(a).orElseThrow();
		assertThat(v1.version()).isEqualTo(1);
		assertThat(v1.definition()).isEqualTo(new Doc("first"));
		assertThat(v1.createdBy()).isEqualTo("system");
		// a second store with the same defaults does not write them again
		assertThat(store(one, defaults).history(a)).hasSize(1);

		var v2 = tx.execute(s -> tenders.save(a, new Doc("second"), "清楚些"));
		assertThat(v2.version()).isEqualTo(2);
		assertThat(tenders.current(a).orElseThrow().definition().text()).isEqualTo("second");
		assertThat(tenders.history(a)).extracting(VersionedDocuments.Stored::version).containsExactly(2, 1);
		assertThat(tenders.version(a, 1).orElseThrow().definition().text()).isEqualTo("first");
		assertThat(tenders.byId(v1.id())).contains(v1);

		// a new key starts at 1; the other kind in the same table neither sees nor shares it
		assertThat(tx.execute(s -> tenders.save(b, new Doc("b"), null)).version()).isEqualTo(1);
		assertThat(chains.current(a)).isEmpty();
		assertThat(chains.byId(v1.id())).isEmpty();
		assertThat(tx.execute(s -> chains.save(a, new Doc("chain"), null)).version()).isEqualTo(1);
		assertThat(tenders.current(a).orElseThrow().version()).isEqualTo(2);
		assertThat(tenders.currentAll()).extracting(VersionedDocuments.Stored::key).containsExactly(a, b);

		assertThat(jdbc.sql("""
				select count(*) from audit_log where entity_type = 'pipeline_rule' and entity_id = :id
				  and action = 'update' and reason = 'v2: 清楚些'""").param("id", one + ":" + a)
			.query(Integer.class).single()).isOne();
		assertThatThrownBy(() -> tx.execute(s -> tenders.save(a, new Doc("x"), "x".repeat(501))))
			.isInstanceOfSatisfying(BusinessException.class, e -> assertThat(e.field()).isEqualTo("comment"));
		assertThat(tenders.history(a)).hasSize(2);
	}
}
