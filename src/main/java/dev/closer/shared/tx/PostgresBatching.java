package dev.closer.shared.tx;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

import com.zaxxer.hikari.HikariDataSource;

/**
 * On PostgreSQL, lets the driver send a JDBC batch of inserts as multi-row inserts
 * ({@code reWriteBatchedInserts}): batched intake and imports write a thousand rows per table at once (W3:
 * 100,000 leads in 59 s instead of 62–64 s). Applied before the pool starts; other databases are untouched, and
 * a setting already given in the URL or properties is kept.
 */
@Component
class PostgresBatching implements BeanPostProcessor {

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof HikariDataSource hikari && hikari.getJdbcUrl() != null
				&& hikari.getJdbcUrl().startsWith("jdbc:postgresql:") && !hikari.getJdbcUrl().contains("reWriteBatchedInserts")
				&& !hikari.getDataSourceProperties().containsKey("reWriteBatchedInserts")) {
			hikari.addDataSourceProperty("reWriteBatchedInserts", "true");
		}
		return bean;
	}
}
