package dev.closer.customers.internal;

import java.math.BigDecimal;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * SPEC P10 for F7: after the demo customers exist ({@code DemoCustomerSeeder}, order 30), every seventh becomes a key
 * account and every third gets an expected annual value between 200,000 and 3,000,000 CNY (deterministic, by id), so
 * the weekly dual review has high-value customers. Runs once, when no customer has either yet.
 */
@Component
@Order(32)
@ConditionalOnBooleanProperty(name = "closer.demo.enabled", matchIfMissing = true)
class DemoCustomerValueSeeder implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(DemoCustomerValueSeeder.class);

	private final JdbcClient jdbc;

	private final TransactionTemplate tx;

	DemoCustomerValueSeeder(JdbcClient jdbc, TransactionTemplate tx) {
		this.jdbc = jdbc;
		this.tx = tx;
	}

	@Override
	public void run(ApplicationArguments args) {
		if (jdbc.sql("select count(*) from customer where key_account = true or expected_annual_value is not null")
			.query(Long.class).single() > 0) {
			return;
		}
		List<Long> ids = jdbc.sql("select id from customer order by id limit 1000").query(Long.class).list();
		tx.executeWithoutResult(s -> {
			for (int i = 0; i < ids.size(); i++) {
				boolean key = i % 7 == 3;
				BigDecimal value = i % 3 == 0 ? BigDecimal.valueOf(200_000L + (i * 137_000L) % 2_800_000L, 0) : null;
				if (key || value != null) {
					jdbc.sql("update customer set key_account = :k, expected_annual_value = :v where id = :id")
						.param("k", key).param("v", value == null ? null : value.setScale(2)).param("id", ids.get(i))
						.update();
				}
			}
		});
		log.info("Demo: marked key accounts and expected annual values on {} customers", ids.size());
	}
}
