package dev.closer.leads.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import dev.closer.shared.audit.AuditLog;
import dev.closer.shared.problem.BusinessException;
import dev.closer.shared.security.CurrentUser;
import dev.closer.shared.time.SqlTime;
import tools.jackson.databind.json.JsonMapper;

/**
 * Versioned grading rules (SPEC L3, P5): every save is a new version, validated first; each graded
 * lead records the version it was graded with. The defaults become version 1 on first use.
 */
@Component
class GradingRuleStore {

	record Versioned(long version, GradingRules rules, Instant createdAt, String createdBy) {
	}

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final Clock clock;

	private final AuditLog audit;

	GradingRuleStore(JdbcClient jdbc, JsonMapper json, Clock clock, AuditLog audit) {
		this.jdbc = jdbc;
		this.json = json;
		this.clock = clock;
		this.audit = audit;
	}

	/** Versions never change once written: each is parsed once (intake reads the current one per batch). */
	private final java.util.Map<Long, GradingRules> parsed = new java.util.concurrent.ConcurrentHashMap<>();

	private GradingRules parsed(long version, String rules) {
		GradingRules known = parsed.get(version);
		if (known == null) {
			known = json.readValue(rules, GradingRules.class);
			if (parsed.size() < 1000) {
				parsed.put(version, known);
			}
		}
		return known;
	}

	@Transactional
	public Versioned current() {
		// two instances racing here both insert the same defaults; the later version simply wins
		return latest().orElseGet(() -> {
			insert(GradingRules.defaults(), "system", "defaults");
			return latest().orElseThrow();
		});
	}

	@Transactional
	public Versioned save(GradingRules rules, String comment) {
		List<String> errors = rules.validate();
		if (!errors.isEmpty()) {
			throw BusinessException.invalid(errors.get(0));
		}
		Versioned before = current();
		long version = insert(rules, CurrentUser.current().map(CurrentUser::username).orElse("system"), comment);
		audit.record("grading_rules", version, "update", before.rules(), rules, comment);
		return latest().orElseThrow();
	}

	@Transactional(readOnly = true)
	public List<Versioned> history() {
		return jdbc.sql("select * from lead_grading_rules order by version desc")
			.query((rs, n) -> new Versioned(rs.getLong("version"), json.readValue(rs.getString("rules"), GradingRules.class),
					rs.getTimestamp("created_at").toInstant(), rs.getString("created_by")))
			.list();
	}

	private java.util.Optional<Versioned> latest() {
		return jdbc.sql("select * from lead_grading_rules order by version desc limit 1")
			.query((rs, n) -> new Versioned(rs.getLong("version"), parsed(rs.getLong("version"), rs.getString("rules")),
					rs.getTimestamp("created_at").toInstant(), rs.getString("created_by")))
			.optional();
	}

	private long insert(GradingRules rules, String by, String comment) {
		var keys = new org.springframework.jdbc.support.GeneratedKeyHolder();
		jdbc.sql("insert into lead_grading_rules (rules, created_at, created_by, comment) values (:r, :at, :by, :c)")
			.param("r", json.writeValueAsString(rules)).param("at", SqlTime.of(Instant.now(clock))).param("by", by)
			.param("c", comment)
			.update(keys, "version");
		return keys.getKeyAs(Long.class);
	}
}
