package dev.closer.notifications.internal;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;

/** The recurring db-scheduler task that dispatches due deliveries (one instance in the cluster runs it at a time). */
@Configuration(proxyBeanMethods = false)
class DispatchConfiguration {

	static final String TASK_NAME = "notification-dispatch";

	@Bean
	@ConditionalOnBooleanProperty(name = "closer.notifications.dispatch-enabled", matchIfMissing = true)
	RecurringTask<Void> notificationDispatchTask(DeliveryDispatcher dispatcher, NotificationProperties properties) {
		return Tasks.recurring(TASK_NAME, FixedDelay.of(properties.pollInterval()))
			.execute((instance, context) -> dispatcher.dispatchDue());
	}
}
