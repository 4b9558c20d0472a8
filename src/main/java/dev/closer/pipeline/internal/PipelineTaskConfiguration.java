package dev.closer.pipeline.internal;

import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;

/** The red-opportunity check (SPEC S3) and the tender escalation (O6) as recurring db-scheduler tasks. */
@Configuration(proxyBeanMethods = false)
class PipelineTaskConfiguration {

	static final String TASK_NAME = "pipeline-health-tick";

	@Bean
	@ConditionalOnBooleanProperty(name = "closer.pipeline.health-tick-enabled", matchIfMissing = true)
	RecurringTask<Void> pipelineHealthTickTask(HealthTicker ticker,
			@Value("${closer.pipeline.health-tick-interval:5m}") Duration interval) {
		return Tasks.recurring(TASK_NAME, FixedDelay.of(interval)).execute((instance, context) -> ticker.notifyRed());
	}

	static final String TENDER_TASK_NAME = "pipeline-tender-tick";

	/** Overdue tender nodes escalate (SPEC O6): durable, one node at a time. */
	@Bean
	@ConditionalOnBooleanProperty(name = "closer.pipeline.tender-tick-enabled", matchIfMissing = true)
	RecurringTask<Void> pipelineTenderTickTask(TenderTicker ticker,
			@Value("${closer.pipeline.tender-tick-interval:5m}") Duration interval) {
		return Tasks.recurring(TENDER_TASK_NAME, FixedDelay.of(interval)).execute((instance, context) -> ticker.escalate());
	}
}
