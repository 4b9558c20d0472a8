package dev.closer.leads.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import dev.closer.leads.internal.allocation.PolicyViolation;
import dev.closer.leads.internal.sla.SlaPolicy;
import dev.closer.leads.internal.sla.SlaPolicyDocument;
import dev.closer.shared.audit.AuditLog;
import dev.closer.shared.calendar.BusinessCalendars;
import dev.closer.shared.problem.BusinessException;
import dev.closer.shared.problem.NotFoundException;
import dev.closer.shared.security.CurrentUser;
import dev.closer.shared.time.SqlTime;
import tools.jackson.databind.json.JsonMapper;

/**
 * Versioned response-SLA policies per team (SPEC S1-S3, P5). A team without a saved policy uses the
 * defaults as its version 1 (written on first use, so every clock can point at a stored row). Stored
 * versions never change, so they are cached by id; a clock keeps the version it started with.
 */
@Component
class SlaPolicyStore {

	record Versioned(long id, long teamId, int version, SlaPolicy policy, Instant createdAt, String createdBy,
			String comment) {

		SlaPolicyDocument document() {
			return SlaPolicyDocument.of(policy);
		}
	}

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final Clock clock;

	private final AuditLog audit;

	private final BusinessCalendars calendars;

	private final TransactionTemplate savepoint;

	private final Map<Long, Versioned> byId = new ConcurrentHashMap<>();

	SlaPolicyStore(JdbcClient jdbc, JsonMapper json, Clock clock, AuditLog audit, BusinessCalendars calendars,
			PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		this.json = json;
		this.clock = clock;
		this.audit = audit;
		this.calendars = calendars;
		this.savepoint = new TransactionTemplate(transactions);
		this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
	}

	@Transactional
	public Versioned current(long teamId) {
		Current cached = current.get(teamId);
		if (cached != null && System.nanoTime() - cached.readAt() < CURRENT_TTL_NANOS) {
			return cached.version();
		}
		Versioned v = readCurrent(teamId);
		current.put(teamId, new Current(v, System.nanoTime()));
		return v;
	}

	/**
	 * Every assignment asks for its team's current version: it is kept for {@value #CURRENT_TTL_SECONDS} s
	 * (replaced at once on this node by a save; other nodes follow within that time, SPEC P5 "without
	 * restart").
	 */
	static final int CURRENT_TTL_SECONDS = 10;

	private static final long CURRENT_TTL_NANOS = CURRENT_TTL_SECONDS * 1_000_000_000L;

	private record Current(Versioned version, long readAt) {
	}

	private final Map<Long, Current> current = new ConcurrentHashMap<>();

	private Versioned readCurrent(long teamId) {
		return latest(teamId).orElseGet(() -> {
			try {
				// in a savepoint: on PostgreSQL a failed insert would otherwise abort the caller's transaction
				savepoint.executeWithoutResult(s -> insert(teamId, 1, SlaPolicy.defaults(), "system", "defaults"));
			}
			catch (org.springframework.dao.DuplicateKeyException raced) {
				// another transaction wrote version 1 first: use it
			}
			return latest(teamId).orElseThrow();
		});
	}

	/** A stored version (immutable, cached). */
	Versioned byId(long id) {
		Versioned cached = byId.get(id);
		if (cached != null) {
			return cached;
		}
		Versioned v = jdbc.sql("select * from sla_policy where id = :id").param("id", id).query(this::row).optional()
			.orElseThrow(() -> new NotFoundException("sla_policy", id));
		byId.put(id, v);
		return v;
	}

	/** Validates and stores a new version; the refusal names the first problem and its field. */
	@Transactional
	public Versioned save(long teamId, SlaPolicyDocument document, String comment) {
		if (document == null) {
			throw BusinessException.invalidField("policy", "error.required");
		}
		SlaPolicyDocument.Parsed parsed = document.parse();
		if (!parsed.valid()) {
			PolicyViolation v = parsed.violations().get(0);
			throw BusinessException.invalidField(v.field(), v.messageKey(), v.args().toArray());
		}
		SlaPolicy policy = parsed.policy();
		if (policy.calendarId() != null && calendars.calendars().stream().noneMatch(c -> c.id() == policy.calendarId())) {
			throw BusinessException.invalidField("calendarId", "error.sla.unknownCalendar", policy.calendarId());
		}
		if (comment != null && comment.length() > 500) {
			throw BusinessException.invalidField("comment", "error.tooLong", 500);
		}
		Versioned before = current(teamId);
		int version = jdbc.sql("select max(version) from sla_policy where team_id = :t").param("t", teamId)
			.query(Integer.class).single() + 1;
		try {
			savepoint.executeWithoutResult(s -> insert(teamId, version, policy,
					CurrentUser.current().map(CurrentUser::username).orElse("system"), comment));
		}
		catch (org.springframework.dao.DuplicateKeyException concurrent) {
			throw BusinessException.conflict("error.sla.concurrentEdit");
		}
		Versioned saved = latest(teamId).orElseThrow();
		// this node sees its own save at once (after commit; a rollback must not leave it cached)
		current.remove(teamId);
		org.springframework.transaction.support.TransactionSynchronizationManager
			.registerSynchronization(new org.springframework.transaction.support.TransactionSynchronization() {
				@Override
				public void afterCompletion(int status) {
					current.remove(teamId);
				}
			});
		audit.record("sla_policy", teamId, "update", before.document(), saved.document(),
				"v" + version + (comment == null ? "" : ": " + comment));
		return saved;
	}

	@Transactional(readOnly = true)
	public List<Versioned> history(long teamId) {
		return jdbc.sql("select * from sla_policy where team_id = :t order by version desc")
			.param("t", teamId).query(this::readable).stream().filter(java.util.Objects::nonNull).toList();
	}

	/**
	 * The newest version this node can read. A version it cannot parse (written by a newer release during a
	 * rolling upgrade, say) is skipped with a warning: trouble with SLA rules must never stop leads arriving.
	 */
	private Optional<Versioned> latest(long teamId) {
		return jdbc.sql("select * from sla_policy where team_id = :t order by version desc")
			.param("t", teamId).query(this::readable).stream().filter(java.util.Objects::nonNull).findFirst();
	}

	/** Ids of the stored versions that count time in the given calendar. */
	@Transactional(readOnly = true)
	public List<Long> idsUsingCalendar(long calendarId) {
		return jdbc.sql("select * from sla_policy").query(this::readable).stream()
			.filter(v -> v != null && v.policy().calendarId() != null && v.policy().calendarId() == calendarId)
			.map(Versioned::id).toList();
	}

	private Versioned readable(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
		try {
			return row(rs, n);
		}
		catch (RuntimeException unreadable) {
			org.slf4j.LoggerFactory.getLogger(SlaPolicyStore.class)
				.warn("SLA policy {} of team {} is unreadable and skipped: {}", rs.getLong("id"), rs.getLong("team_id"),
						unreadable.getMessage());
			return null;
		}
	}

	private void insert(long teamId, int version, SlaPolicy policy, String by, String comment) {
		jdbc.sql("""
				insert into sla_policy (team_id, version, policy, created_at, created_by, comment)
				values (:t, :v, :p, :at, :by, :c)""")
			.param("t", teamId).param("v", version).param("p", json.writeValueAsString(SlaPolicyDocument.of(policy)))
			.param("at", SqlTime.of(Instant.now(clock))).param("by", by).param("c", comment)
			.update();
	}

	private Versioned row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
		SlaPolicyDocument.Parsed parsed = json.readValue(rs.getString("policy"), SlaPolicyDocument.class).parse();
		if (parsed.policy() == null) {
			throw new IllegalStateException("stored SLA policy " + rs.getLong("id") + " is unreadable: "
					+ parsed.violations());
		}
		return new Versioned(rs.getLong("id"), rs.getLong("team_id"), rs.getInt("version"), parsed.policy(),
				rs.getTimestamp("created_at").toInstant(), rs.getString("created_by"), rs.getString("comment"));
	}
}
