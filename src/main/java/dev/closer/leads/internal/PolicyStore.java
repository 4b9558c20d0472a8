package dev.closer.leads.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import dev.closer.leads.internal.allocation.PolicyViolation;
import dev.closer.shared.audit.AuditLog;
import dev.closer.shared.problem.BusinessException;
import dev.closer.shared.security.CurrentUser;
import dev.closer.shared.time.SqlTime;
import tools.jackson.databind.json.JsonMapper;

/**
 * Versioned allocation policies per team (SPEC L4, P5). A team without a saved policy uses the
 * defaults as its version 1 (written on first use, so every decision can point at a stored row).
 */
@Component
class PolicyStore {

	record Versioned(long id, long teamId, int version, PolicySettings settings, Instant createdAt, String createdBy,
			String comment) {
	}

	private final JdbcClient jdbc;

	private final java.util.Map<Long, PolicySettings> parsed = new java.util.concurrent.ConcurrentHashMap<>();

	private final JsonMapper json;

	private final Clock clock;

	private final AuditLog audit;

	private final org.springframework.transaction.support.TransactionTemplate savepoint;

	PolicyStore(JdbcClient jdbc, JsonMapper json, Clock clock, AuditLog audit,
			org.springframework.transaction.PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		this.json = json;
		this.clock = clock;
		this.audit = audit;
		this.savepoint = new org.springframework.transaction.support.TransactionTemplate(transactions);
		this.savepoint.setPropagationBehavior(org.springframework.transaction.TransactionDefinition.PROPAGATION_NESTED);
	}

	@Transactional
	public Versioned current(long teamId) {
		return latest(teamId).orElseGet(() -> {
			try {
				// in a savepoint: on PostgreSQL a failed insert would otherwise abort the caller's transaction
				savepoint.executeWithoutResult(s -> insert(teamId, 1, PolicySettings.defaults(), "system", "defaults"));
			}
			catch (org.springframework.dao.DuplicateKeyException raced) {
				// another transaction wrote version 1 first (unique team/version): use it
			}
			return latest(teamId).orElseThrow();
		});
	}

	/** {@link #current} of several teams: one query for those with a saved policy. */
	@Transactional
	public java.util.Map<Long, Versioned> current(java.util.Collection<Long> teamIds) {
		java.util.Map<Long, Versioned> found = new java.util.HashMap<>();
		if (teamIds.isEmpty()) {
			return found;
		}
		jdbc.sql("""
				select * from allocation_policy p where p.team_id in (:t)
				and p.version = (select max(q.version) from allocation_policy q where q.team_id = p.team_id)""")
			.param("t", teamIds).query(this::row).list().forEach(v -> found.put(v.teamId(), v));
		for (long teamId : teamIds) {
			if (!found.containsKey(teamId)) {
				found.put(teamId, current(teamId));
			}
		}
		return found;
	}

	/** Validates and stores a new version; the refusal names the first problem and its field. */
	@Transactional
	public Versioned save(long teamId, PolicySettings settings, String comment) {
		List<PolicyViolation> violations = settings.validate();
		if (!violations.isEmpty()) {
			PolicyViolation v = violations.get(0);
			throw BusinessException.invalidField(v.field(), v.messageKey(), v.args().toArray());
		}
		Versioned before = current(teamId);
		int version = before.version() + 1;
		insert(teamId, version, settings, CurrentUser.current().map(CurrentUser::username).orElse("system"), comment);
		Versioned saved = latest(teamId).orElseThrow();
		audit.record("allocation_policy", teamId, "update", before.settings(), settings,
				"v" + version + (comment == null ? "" : ": " + comment));
		return saved;
	}

	@Transactional(readOnly = true)
	public List<Versioned> history(long teamId) {
		return jdbc.sql("select * from allocation_policy where team_id = :t order by version desc")
			.param("t", teamId).query(this::row).list();
	}

	private Optional<Versioned> latest(long teamId) {
		return jdbc.sql("select * from allocation_policy where team_id = :t order by version desc limit 1")
			.param("t", teamId).query(this::row).optional();
	}

	private void insert(long teamId, int version, PolicySettings settings, String by, String comment) {
		jdbc.sql("""
				insert into allocation_policy (team_id, version, policy, created_at, created_by, comment)
				values (:t, :v, :p, :at, :by, :c)""")
			.param("t", teamId).param("v", version).param("p", json.writeValueAsString(settings))
			.param("at", SqlTime.of(Instant.now(clock))).param("by", by).param("c", comment)
			.update();
	}

	private Versioned row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
		long id = rs.getLong("id");
		PolicySettings settings = parsed.get(id);
		if (settings == null) {
			settings = json.readValue(rs.getString("policy"), PolicySettings.class);
			if (parsed.size() < 10_000) {
				parsed.put(id, settings); // a stored version never changes
			}
		}
		return new Versioned(id, rs.getLong("team_id"), rs.getInt("version"),
				settings, rs.getTimestamp("created_at").toInstant(),
				rs.getString("created_by"), rs.getString("comment"));
	}
}
