package dev.closer.shared.rules;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import dev.closer.shared.audit.AuditLog;
import dev.closer.shared.problem.BusinessException;
import dev.closer.shared.security.CurrentUser;
import dev.closer.shared.time.SqlTime;
import tools.jackson.databind.json.JsonMapper;

/**
 * Rules as data (SPEC P5): versioned JSON documents in a module's own table, one row per save. The caller
 * validates; this class numbers the version, inserts it in a savepoint (two admins saving the same version at
 * once: the second gets 409 with {@code staleMessage}), audits it with before and after, writes the defaults as
 * version 1 on first use (in a transaction of its own, racing nodes tolerated) and caches stored versions by id
 * (they never change). Decisions record the id or version they used.
 * <p>
 * Table shape: {@code id, [partition columns], [key column], version, definition, created_at, created_by,
 * comment}, unique over the partition, key and version. The partition fixes columns of a table shared by several
 * kinds of document (e.g. {@code rule_kind = 'TENDER'}); the key names one document of the kind (e.g. a template
 * code). Without a key column there is one document per partition.
 */
public final class VersionedDocuments<T> {

	/** A stored version; {@code key} is null without a key column. */
	public record Stored<T>(long id, String key, int version, T definition, Instant createdAt, String createdBy,
			String comment) {
	}

	/**
	 * What the documents are.
	 * @param table the module's table
	 * @param partition fixed column values selecting this kind in a shared table (may be empty)
	 * @param keyColumn the column naming a document (e.g. {@code code}), or null for one document per partition
	 * @param type the definition's JSON type
	 * @param auditEntity the audit log's entity type; the entity id is {@code auditPrefix + key} (or the prefix
	 *     alone without a key column)
	 * @param staleMessage the message key of the 409 when a concurrent save took the version (arg: the key)
	 * @param defaults version 1 of each key (the single default under a null key without a key column)
	 */
	public record Spec<T>(String table, Map<String, String> partition, String keyColumn, Class<T> type,
			String auditEntity, String auditPrefix, String staleMessage, Map<String, T> defaults) {
	}

	public static final int COMMENT_MAX = 500;

	private final Spec<T> spec;

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final Clock clock;

	private final AuditLog audit;

	private final TransactionTemplate savepoint;

	private final TransactionTemplate separate;

	private final Map<Long, Stored<T>> byId = new ConcurrentHashMap<>();

	private final String where;

	private final Map<String, Object> whereParams = new LinkedHashMap<>();

	private volatile boolean defaultsChecked;

	public VersionedDocuments(Spec<T> spec, JdbcClient jdbc, JsonMapper json, Clock clock, AuditLog audit,
			PlatformTransactionManager transactions) {
		this.spec = spec;
		this.jdbc = jdbc;
		this.json = json;
		this.clock = clock;
		this.audit = audit;
		this.savepoint = new TransactionTemplate(transactions);
		this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
		this.separate = new TransactionTemplate(transactions);
		this.separate.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		List<String> conditions = new ArrayList<>();
		int i = 0;
		for (var e : spec.partition().entrySet()) {
			conditions.add(e.getKey() + " = :p" + i);
			whereParams.put("p" + i, e.getValue());
			i++;
		}
		this.where = conditions.isEmpty() ? "1 = 1" : String.join(" and ", conditions);
	}

	/** The newest version of a document (of the partition's only document when there is no key column). */
	public Optional<Stored<T>> current(String key) {
		ensureDefaults();
		if (spec.keyColumn() != null && key == null) {
			return Optional.empty();
		}
		return jdbc.sql("select * from " + spec.table() + " where " + where + keyCondition()
				+ " order by version desc limit 1")
			.params(params(key)).query(this::row).optional();
	}

	/** The newest version of every document, in the order the documents were first created. */
	public List<Stored<T>> currentAll() {
		ensureDefaults();
		if (spec.keyColumn() == null) {
			return current(null).map(List::of).orElse(List.of());
		}
		String k = spec.keyColumn();
		String outer = where.replaceAll("(\\w+) = :", "t.$1 = :");
		return jdbc.sql("select t.* from " + spec.table() + " t where " + outer
				+ " and t.version = (select max(m.version) from " + spec.table() + " m where m." + k + " = t." + k
				+ " and " + where.replaceAll("(\\w+) = :", "m.$1 = :") + ")"
				+ " order by (select min(f.id) from " + spec.table() + " f where f." + k + " = t." + k + " and "
				+ where.replaceAll("(\\w+) = :", "f.$1 = :") + ")")
			.params(whereParams).query(this::row).list();
	}

	/** Every version of a document, newest first. */
	public List<Stored<T>> history(String key) {
		ensureDefaults();
		return jdbc.sql("select * from " + spec.table() + " where " + where + keyCondition() + " order by version desc")
			.params(params(key)).query(this::row).list();
	}

	/** One version by number. */
	public Optional<Stored<T>> version(String key, int version) {
		return jdbc.sql("select * from " + spec.table() + " where " + where + keyCondition() + " and version = :v")
			.params(params(key)).param("v", version).query(this::row).optional();
	}

	/** A stored version by id (cached: stored versions never change); empty if it is not of this kind. */
	public Optional<Stored<T>> byId(long id) {
		Stored<T> cached = byId.get(id);
		if (cached != null) {
			return Optional.of(cached);
		}
		return jdbc.sql("select * from " + spec.table() + " where id = :id and " + where).params(whereParams)
			.param("id", id).query(this::row).optional();
	}

	/**
	 * Stores an already validated definition as the next version (a new key starts at 1) and audits it.
	 * Joins the caller's transaction.
	 */
	public Stored<T> save(String key, T definition, String comment) {
		if (comment != null && comment.length() > COMMENT_MAX) {
			throw BusinessException.invalidField("comment", "error.tooLong", COMMENT_MAX);
		}
		Optional<Stored<T>> before = current(key);
		int version = before.map(v -> v.version() + 1).orElse(1);
		String by = CurrentUser.current().map(CurrentUser::username).orElse("system");
		try {
			savepoint.executeWithoutResult(s -> insert(key, version, definition, by, comment));
		}
		catch (DuplicateKeyException raced) {
			throw BusinessException.conflict(spec.staleMessage(), key == null ? "" : key);
		}
		Stored<T> saved = current(key).orElseThrow();
		audit.record(spec.auditEntity(), spec.auditPrefix() + (key == null ? "" : key),
				before.isPresent() ? "update" : "create", before.map(Stored::definition).orElse(null), definition,
				"v" + version + (comment == null || comment.isBlank() ? "" : ": " + comment));
		return saved;
	}

	/** Writes version 1 of each default that has no version yet, once per start, in a transaction of its own. */
	private void ensureDefaults() {
		if (defaultsChecked) {
			return;
		}
		separate.executeWithoutResult(tx -> spec.defaults().forEach((key, definition) -> {
			long present = jdbc.sql("select count(*) from " + spec.table() + " where " + where + keyCondition())
				.params(params(key)).query(Long.class).single();
			if (present > 0) {
				return;
			}
			try {
				savepoint.executeWithoutResult(s -> insert(key, 1, definition, "system", "defaults"));
			}
			catch (DuplicateKeyException raced) {
				// another node wrote it first
			}
		}));
		defaultsChecked = true;
	}

	private void insert(String key, int version, T definition, String by, String comment) {
		Map<String, Object> values = new LinkedHashMap<>(spec.partition());
		if (spec.keyColumn() != null) {
			values.put(spec.keyColumn(), key);
		}
		String columns = values.keySet().stream().map(c -> c + ", ").collect(Collectors.joining());
		String holders = values.keySet().stream().map(c -> ":c_" + c + ", ").collect(Collectors.joining());
		var statement = jdbc.sql("insert into " + spec.table() + " (" + columns
				+ "version, definition, created_at, created_by, comment) values (" + holders + ":v, :d, :at, :by, :c)");
		for (var e : values.entrySet()) {
			statement = statement.param("c_" + e.getKey(), e.getValue());
		}
		statement.param("v", version).param("d", json.writeValueAsString(definition))
			.param("at", SqlTime.of(Instant.now(clock).truncatedTo(ChronoUnit.MICROS))).param("by", by)
			.param("c", comment)
			.update();
	}

	private String keyCondition() {
		return spec.keyColumn() == null ? "" : " and " + spec.keyColumn() + " = :key";
	}

	private Map<String, Object> params(String key) {
		Map<String, Object> p = new LinkedHashMap<>(whereParams);
		if (spec.keyColumn() != null) {
			p.put("key", key);
		}
		return p;
	}

	private Stored<T> row(ResultSet rs, int n) throws SQLException {
		long id = rs.getLong("id");
		Stored<T> cached = byId.get(id);
		if (cached != null) {
			return cached;
		}
		Stored<T> v = new Stored<>(id, spec.keyColumn() == null ? null : rs.getString(spec.keyColumn()),
				rs.getInt("version"), json.readValue(rs.getString("definition"), spec.type()),
				rs.getObject("created_at", OffsetDateTime.class).toInstant(), rs.getString("created_by"),
				rs.getString("comment"));
		byId.put(id, v);
		return v;
	}
}
