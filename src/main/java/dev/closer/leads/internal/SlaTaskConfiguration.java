package dev.closer.leads.internal;

import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;

/**
 * The SLA ticker as a recurring db-scheduler task: durable (its next run is a database row), and run
 * by one node of a cluster at a time. The clocks themselves are rows of {@code lead_sla_clock} with an
 * indexed due moment, so an idle run costs one index probe whatever the number of open leads.
 */
@Configuration(proxyBeanMethods = false)
class SlaTaskConfiguration {

	static final String TASK_NAME = "lead-sla-tick";

	@Bean
	@ConditionalOnBooleanProperty(name = "closer.sla.tick-enabled", matchIfMissing = true)
	RecurringTask<Void> leadSlaTickTask(SlaTicker ticker, @Value("${closer.sla.tick-interval:1s}") Duration interval) {
		return Tasks.recurring(TASK_NAME, FixedDelay.of(interval)).execute((instance, context) -> ticker.fireDue());
	}
}
