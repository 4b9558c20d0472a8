package dev.closer.pipeline.internal;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.core.io.ClassPathResource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import dev.closer.shared.audit.AuditLog;
import dev.closer.shared.problem.BusinessException;
import dev.closer.shared.problem.NotFoundException;
import dev.closer.shared.security.CurrentUser;
import dev.closer.shared.time.SqlTime;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Versioned tender templates (SPEC O6) and contract approval chains (O7) as data (P5): each save is a new version of
 * its code, validated first and audited; the defaults ({@code pipeline/tender-templates.json},
 * {@code pipeline/approval-chains.json}) become version 1 on first use. Stored versions never change (cached by
 * id); every tender and approval request records the version it was built from.
 */
@Component
class PipelineRules {

	static final String TENDER = "TENDER";

	static final String CHAIN = "CHAIN";

	static final String DEFAULT_TENDER = "DEFAULT";

	static final String DEFAULT_CHAIN = "CONTRACT";

	record Version<T>(long id, String code, int version, T definition, Instant createdAt, String createdBy,
			String comment) {
	}

	record Default<T>(String code, T definition) {
	}

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final Clock clock;

	private final AuditLog audit;

	private final TransactionTemplate savepoint;

	private final TransactionTemplate separate;

	private final Map<Long, Version<?>> byId = new ConcurrentHashMap<>();

	private final List<Default<TenderTemplate>> tenderDefaults;

	private final List<Default<ApprovalChain>> chainDefaults;

	private volatile boolean defaultsChecked;

	PipelineRules(JdbcClient jdbc, JsonMapper json, Clock clock, AuditLog audit,
			PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		this.json = json;
		this.clock = clock;
		this.audit = audit;
		this.savepoint = new TransactionTemplate(transactions);
		this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
		this.separate = new TransactionTemplate(transactions);
		this.separate.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.tenderDefaults = read(json, "pipeline/tender-templates.json", new TypeReference<>() {
		});
		this.chainDefaults = read(json, "pipeline/approval-chains.json", new TypeReference<>() {
		});
		tenderDefaults.forEach(d -> {
			if (!d.definition().problems(StageTemplates.fileTypes()).isEmpty()) {
				throw new IllegalStateException("default tender template " + d.code() + ": "
						+ d.definition().problems(StageTemplates.fileTypes()));
			}
		});
		chainDefaults.forEach(d -> {
			if (!d.definition().problems().isEmpty()) {
				throw new IllegalStateException("default approval chain " + d.code() + ": " + d.definition().problems());
			}
		});
	}

	private static <T> T read(JsonMapper json, String path, TypeReference<T> type) {
		try (InputStream in = new ClassPathResource(path).getInputStream()) {
			return json.readValue(in, type);
		}
		catch (IOException e) {
			throw new IllegalStateException("cannot read " + path, e);
		}
	}

	// ---- tender templates

	@Transactional
	public List<Version<TenderTemplate>> tenderTemplates() {
		return current(TENDER, TenderTemplate.class);
	}

	@Transactional
	public Optional<Version<TenderTemplate>> tenderTemplate(String code) {
		return current(TENDER, code, TenderTemplate.class);
	}

	@SuppressWarnings("unchecked")
	Version<TenderTemplate> tenderById(long id) {
		return (Version<TenderTemplate>) byId(id, TenderTemplate.class);
	}

	/** Node codes of every current tender template (what a {@code TENDER_NODES_DONE} requirement may name). */
	@Transactional
	public Set<String> tenderNodeCodes() {
		Set<String> codes = new TreeSet<>();
		tenderTemplates().forEach(v -> v.definition().nodeList().forEach(n -> codes.add(n.code())));
		return codes;
	}

	@Transactional
	public Version<TenderTemplate> saveTender(String code, TenderTemplate definition, String comment) {
		if (definition == null) {
			throw BusinessException.invalidField("definition", "error.required");
		}
		List<StageTemplate.Problem> problems = definition.problems(StageTemplates.fileTypes());
		if (!problems.isEmpty()) {
			throw problems.get(0).toException();
		}
		return save(TENDER, code, definition, comment, TenderTemplate.class);
	}

	// ---- approval chains

	@Transactional
	public List<Version<ApprovalChain>> chains() {
		return current(CHAIN, ApprovalChain.class);
	}

	@Transactional
	public Optional<Version<ApprovalChain>> chain(String code) {
		return current(CHAIN, code, ApprovalChain.class);
	}

	@SuppressWarnings("unchecked")
	Version<ApprovalChain> chainById(long id) {
		return (Version<ApprovalChain>) byId(id, ApprovalChain.class);
	}

	@Transactional
	public Version<ApprovalChain> saveChain(String code, ApprovalChain definition, String comment) {
		if (definition == null) {
			throw BusinessException.invalidField("definition", "error.required");
		}
		List<StageTemplate.Problem> problems = definition.problems();
		if (!problems.isEmpty()) {
			throw problems.get(0).toException();
		}
		return save(CHAIN, code, definition, comment, ApprovalChain.class);
	}

	@Transactional(readOnly = true)
	public <T> List<Version<T>> history(String kind, String code, Class<T> type) {
		return jdbc.sql("select * from pipeline_rule where rule_kind = :k and code = :c order by version desc")
			.param("k", kind).param("c", code).query((rs, n) -> row(rs, type)).list();
	}

	// ---- storage

	private <T> List<Version<T>> current(String kind, Class<T> type) {
		ensureDefaults();
		return jdbc.sql("""
				select t.* from pipeline_rule t where t.rule_kind = :k
				  and t.version = (select max(m.version) from pipeline_rule m where m.rule_kind = t.rule_kind and m.code = t.code)
				order by t.code""")
			.param("k", kind).query((rs, n) -> row(rs, type)).list();
	}

	private <T> Optional<Version<T>> current(String kind, String code, Class<T> type) {
		ensureDefaults();
		if (code == null) {
			return Optional.empty();
		}
		return jdbc.sql("select * from pipeline_rule where rule_kind = :k and code = :c order by version desc limit 1")
			.param("k", kind).param("c", code).query((rs, n) -> row(rs, type)).optional();
	}

	private <T> Version<?> byId(long id, Class<T> type) {
		Version<?> cached = byId.get(id);
		if (cached != null) {
			return cached;
		}
		return jdbc.sql("select * from pipeline_rule where id = :id").param("id", id).query((rs, n) -> row(rs, type))
			.optional().orElseThrow(() -> new NotFoundException("pipeline_rule", id));
	}

	private <T> Version<T> save(String kind, String code, T definition, String comment, Class<T> type) {
		if (code == null || !StageTemplate.CODE.matcher(code).matches()) {
			throw BusinessException.invalidField("code", "error.pipelineTemplate.code", String.valueOf(code));
		}
		if (comment != null && comment.length() > 500) {
			throw BusinessException.invalidField("comment", "error.tooLong", 500);
		}
		Optional<Version<T>> before = current(kind, code, type);
		int version = before.map(v -> v.version() + 1).orElse(1);
		String by = CurrentUser.current().map(CurrentUser::username).orElse("system");
		try {
			savepoint.executeWithoutResult(s -> insert(kind, code, version, definition, by, comment));
		}
		catch (DuplicateKeyException raced) {
			throw BusinessException.conflict("error.pipelineTemplate.stale", code);
		}
		Version<T> saved = current(kind, code, type).orElseThrow();
		audit.record("pipeline_rule", kind.toLowerCase(Locale.ROOT) + ":" + code,
				before.isPresent() ? "update" : "create", before.map(Version::definition).orElse(null), definition,
				"v" + version + (comment == null || comment.isBlank() ? "" : ": " + comment));
		return saved;
	}

	private void ensureDefaults() {
		if (defaultsChecked) {
			return;
		}
		separate.executeWithoutResult(tx -> {
			for (Default<TenderTemplate> d : tenderDefaults) {
				insertDefault(TENDER, d.code(), d.definition());
			}
			for (Default<ApprovalChain> d : chainDefaults) {
				insertDefault(CHAIN, d.code(), d.definition());
			}
		});
		defaultsChecked = true;
	}

	private void insertDefault(String kind, String code, Object definition) {
		long present = jdbc.sql("select count(*) from pipeline_rule where rule_kind = :k and code = :c")
			.param("k", kind).param("c", code).query(Long.class).single();
		if (present > 0) {
			return;
		}
		try {
			savepoint.executeWithoutResult(s -> insert(kind, code, 1, definition, "system", "defaults"));
		}
		catch (DuplicateKeyException raced) {
			// another node wrote it first
		}
	}

	private void insert(String kind, String code, int version, Object definition, String by, String comment) {
		jdbc.sql("""
				insert into pipeline_rule (rule_kind, code, version, definition, created_at, created_by, comment)
				values (:k, :code, :v, :d, :at, :by, :c)""")
			.param("k", kind).param("code", code).param("v", version).param("d", json.writeValueAsString(definition))
			.param("at", SqlTime.of(Instant.now(clock))).param("by", by).param("c", comment).update();
	}

	@SuppressWarnings("unchecked")
	private <T> Version<T> row(java.sql.ResultSet rs, Class<T> type) throws java.sql.SQLException {
		long id = rs.getLong("id");
		Version<?> cached = byId.get(id);
		if (cached != null) {
			return (Version<T>) cached;
		}
		Version<T> v = new Version<>(id, rs.getString("code"), rs.getInt("version"),
				json.readValue(rs.getString("definition"), type),
				rs.getObject("created_at", java.time.OffsetDateTime.class).toInstant(), rs.getString("created_by"),
				rs.getString("comment"));
		byId.put(id, v);
		return v;
	}
}
