package dev.closer.pipeline.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import dev.closer.shared.audit.AuditLog;
import dev.closer.shared.problem.BusinessException;
import dev.closer.shared.security.CurrentUser;
import dev.closer.shared.time.SqlTime;

/**
 * Red/yellow thresholds for opportunities (SPEC S3, P5): an open opportunity without a blocker reason and without an
 * update for {@code redHours} (default 72) is red, from {@code yellowHours} (default 48) yellow. Versioned rows; the
 * defaults are version 1 on first use; each save is validated (1 ≤ yellow &lt; red ≤ 8760) and audited.
 */
@Component
class HealthPolicies {

	enum Light {
		NONE, YELLOW, RED
	}

	record Policy(int version, int yellowHours, int redHours, Instant createdAt, String createdBy, String comment) {

		Light light(String status, String blocker, Instant lastUpdate, Instant now) {
			if (!"OPEN".equals(status) || (blocker != null && !blocker.isBlank())) {
				return Light.NONE;
			}
			Duration idle = Duration.between(lastUpdate, now);
			if (idle.compareTo(Duration.ofHours(redHours)) >= 0) {
				return Light.RED;
			}
			if (idle.compareTo(Duration.ofHours(yellowHours)) >= 0) {
				return Light.YELLOW;
			}
			return Light.NONE;
		}
	}

	private final JdbcClient jdbc;

	private final Clock clock;

	private final AuditLog audit;

	private final TransactionTemplate savepoint;

	HealthPolicies(JdbcClient jdbc, Clock clock, AuditLog audit, PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.audit = audit;
		this.savepoint = new TransactionTemplate(transactions);
		this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
	}

	@Transactional(readOnly = true)
	public Policy current() {
		return jdbc.sql("select * from pipeline_health_policy order by version desc limit 1")
			.query(HealthPolicies::row).optional()
			.orElse(new Policy(0, 48, 72, Instant.EPOCH, "system", "defaults"));
	}

	@Transactional(readOnly = true)
	public List<Policy> history() {
		return jdbc.sql("select * from pipeline_health_policy order by version desc").query(HealthPolicies::row).list();
	}

	@Transactional
	public Policy save(Integer yellowHours, Integer redHours, String comment) {
		if (yellowHours == null || yellowHours < 1 || yellowHours > 8760) {
			throw BusinessException.invalidField("yellowHours", "error.pipelineHealth.hours", String.valueOf(yellowHours));
		}
		if (redHours == null || redHours < 1 || redHours > 8760) {
			throw BusinessException.invalidField("redHours", "error.pipelineHealth.hours", String.valueOf(redHours));
		}
		if (yellowHours >= redHours) {
			throw BusinessException.invalidField("yellowHours", "error.pipelineHealth.order", yellowHours, redHours);
		}
		if (comment != null && comment.length() > 500) {
			throw BusinessException.invalidField("comment", "error.tooLong", 500);
		}
		Policy before = current();
		int version = before.version() + 1;
		String by = CurrentUser.current().map(CurrentUser::username).orElse("system");
		try {
			savepoint.executeWithoutResult(s -> jdbc.sql("""
					insert into pipeline_health_policy (version, yellow_hours, red_hours, created_at, created_by, comment)
					values (:v, :y, :r, :at, :by, :c)""")
				.param("v", version).param("y", yellowHours).param("r", redHours)
				.param("at", SqlTime.of(Instant.now(clock))).param("by", by).param("c", comment).update());
		}
		catch (DuplicateKeyException raced) {
			throw BusinessException.conflict("error.pipelineTemplate.stale", "health policy");
		}
		audit.record("pipeline_health_policy", version, "update",
				Map.of("yellowHours", before.yellowHours(), "redHours", before.redHours()),
				Map.of("yellowHours", yellowHours, "redHours", redHours), comment);
		return current();
	}

	private static Policy row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
		return new Policy(rs.getInt("version"), rs.getInt("yellow_hours"), rs.getInt("red_hours"),
				OpportunityQueries.instant(rs, "created_at"), rs.getString("created_by"), rs.getString("comment"));
	}
}
