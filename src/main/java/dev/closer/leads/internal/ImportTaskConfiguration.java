package dev.closer.leads.internal;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;

/**
 * The db-scheduler task that processes one import (data: the job id). Stored in the database, it survives a
 * restart (a dead execution is revived and resumes from the checkpoint) and runs on one node of a cluster.
 */
@Configuration(proxyBeanMethods = false)
class ImportTaskConfiguration {

	static final String TASK_NAME = "lead-import";

	@Bean
	OneTimeTask<Long> leadImportTask(@Lazy ImportProcessor processor) {
		return Tasks.oneTime(TASK_NAME, Long.class).execute((instance, context) -> processor.process(instance.getData()));
	}
}
