package dev.closer.activities.internal;

import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;

/**
 * The weekly dual review draw (SPEC F7) as a recurring db-scheduler task: durable and run by one node at a time. Each
 * run checks whether the rule's draw moment of this week has passed and which teams lack a draw for the previous week;
 * once a week is done on a node, later runs of that week cost no query at all.
 */
@Configuration(proxyBeanMethods = false)
class DualReviewTaskConfiguration {

	static final String TASK_NAME = "dual-review-draw";

	@Bean
	@ConditionalOnBooleanProperty(name = "closer.dual-review.draw-enabled", matchIfMissing = true)
	RecurringTask<Void> dualReviewDrawTask(DualReviewDraws draws,
			@Value("${closer.dual-review.check-interval:10m}") Duration interval) {
		return Tasks.recurring(TASK_NAME, FixedDelay.of(interval)).execute((instance, context) -> draws.drawDue());
	}
}
