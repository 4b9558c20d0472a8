package dev.closer.activities.internal;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * SPEC P10: scores the most recent {@value #LIMIT} demo follow-ups (after {@code DemoActivitySeeder}, order 40) so the
 * quality dots and the managers' review queues have something to show. Scores only: no topic mentions, no alarms
 * (those would notify every demo manager at start). Runs once, when no follow-up has a score yet.
 */
@Component
@Order(45)
@ConditionalOnBooleanProperty(name = "closer.demo.enabled", matchIfMissing = true)
class DemoQualitySeeder implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(DemoQualitySeeder.class);

	static final int LIMIT = 300;

	private final JdbcClient jdbc;

	private final FollowUpQuality quality;

	private final TransactionTemplate tx;

	DemoQualitySeeder(JdbcClient jdbc, FollowUpQuality quality, PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		this.quality = quality;
		this.tx = new TransactionTemplate(transactions);
	}

	@Override
	public void run(ApplicationArguments args) {
		if (jdbc.sql("select count(*) from activity_quality").query(Long.class).single() > 0) {
			return;
		}
		List<Long> ids = jdbc.sql("select id from activity order by occurred_at desc, id desc limit :n")
			.param("n", LIMIT).query(Long.class).list();
		tx.executeWithoutResult(s -> ids.forEach(quality::scoreOnly));
		log.info("Demo: scored {} recent follow-ups", ids.size());
	}
}
