package dev.closer.pipeline.internal;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.closer.activities.FollowUpRecorded;
import dev.closer.shared.time.SqlTime;

/**
 * A follow-up on a customer is news about its open opportunities (SPEC S3: "no update for 72 h"): their last
 * update moves to the follow-up's time (never back), in the recording transaction, so red/yellow and a red spell
 * restart as they would after an edit of the opportunity itself.
 */
@Component
class FollowUpUpdates {

	private final JdbcClient jdbc;

	FollowUpUpdates(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@EventListener
	void on(FollowUpRecorded event) {
		if (event.customerId() == null) {
			return;
		}
		jdbc.sql("""
				update opportunity set last_update_at = :at
				where customer_id = :c and status = 'OPEN' and last_update_at < :at""")
			.param("at", SqlTime.of(event.occurredAt())).param("c", event.customerId())
			.update();
	}
}
