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
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.core.io.ClassPathResource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import dev.closer.activities.FollowUpEvidence;
import dev.closer.shared.audit.AuditLog;
import dev.closer.shared.problem.BusinessException;
import dev.closer.shared.problem.NotFoundException;
import dev.closer.shared.security.CurrentUser;
import dev.closer.shared.time.SqlTime;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Versioned stage templates (SPEC O1, P5). Each save is a new version of its code, validated first (scenario codes
 * against the activities module's current templates, file types against the file store's) and audited. The seven
 * defaults ({@code pipeline/stage-templates.json}: the default customer journey and six industries) become version 1
 * of their codes on first use. Stored versions never change, so they are cached by id. An opportunity keeps the
 * version it started on until it is migrated explicitly.
 */
@Component
class StageTemplates {

	static final String DEFAULT_CODE = "CUSTOMER_JOURNEY";

	record Version(long id, String code, int version, StageTemplate definition, Instant createdAt, String createdBy,
			String comment) {

		public String name(Locale locale) {
			return definition.name(locale, code);
		}
	}

	record Default(String code, StageTemplate definition) {
	}

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final Clock clock;

	private final AuditLog audit;

	private final FollowUpEvidence evidence;

	private final PipelineRules rules;

	private final TransactionTemplate savepoint;

	private final TransactionTemplate separate;

	private final Map<Long, Version> byId = new ConcurrentHashMap<>();

	private final List<Default> defaults;

	private volatile boolean defaultsChecked;

	StageTemplates(JdbcClient jdbc, JsonMapper json, Clock clock, AuditLog audit, FollowUpEvidence evidence,
			PipelineRules rules, PlatformTransactionManager transactions) {
		this.rules = rules;
		this.jdbc = jdbc;
		this.json = json;
		this.clock = clock;
		this.audit = audit;
		this.evidence = evidence;
		this.savepoint = new TransactionTemplate(transactions);
		this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
		this.separate = new TransactionTemplate(transactions);
		this.separate.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.defaults = readDefaults(json);
	}

	static List<Default> readDefaults(JsonMapper json) {
		try (InputStream in = new ClassPathResource("pipeline/stage-templates.json").getInputStream()) {
			return json.readValue(in, new TypeReference<List<Default>>() {
			});
		}
		catch (IOException e) {
			throw new IllegalStateException("cannot read the default stage templates", e);
		}
	}

	List<Default> defaults() {
		return defaults;
	}

	/** The file type names a deliverable may allow. */
	static Set<String> fileTypes() {
		return DeliverableFiles.TYPE_NAMES;
	}

	/** The current version of every template, the default journey first, then in order of creation. */
	@Transactional
	public List<Version> current() {
		ensureDefaults();
		return jdbc.sql("""
				select t.* from pipeline_template t
				where t.version = (select max(m.version) from pipeline_template m where m.code = t.code)
				order by case when t.code = :d then 0 else 1 end,
				  (select min(f.id) from pipeline_template f where f.code = t.code)""")
			.param("d", DEFAULT_CODE).query(this::row).list();
	}

	@Transactional
	public Optional<Version> current(String code) {
		ensureDefaults();
		if (code == null) {
			return Optional.empty();
		}
		return jdbc.sql("select * from pipeline_template where code = :c order by version desc limit 1")
			.param("c", code).query(this::row).optional();
	}

	@Transactional(readOnly = true)
	public List<Version> history(String code) {
		return jdbc.sql("select * from pipeline_template where code = :c order by version desc").param("c", code)
			.query(this::row).list();
	}

	/** A stored version (immutable, cached). */
	Version byId(long id) {
		Version cached = byId.get(id);
		if (cached != null) {
			return cached;
		}
		Version v = jdbc.sql("select * from pipeline_template where id = :id").param("id", id).query(this::row)
			.optional().orElseThrow(() -> new NotFoundException("pipeline_template", id));
		byId.put(id, v);
		return v;
	}

	List<StageTemplate.Problem> problems(StageTemplate definition) {
		return definition.problems(evidence.scenarioCodes(), fileTypes(), rules.tenderNodeCodes());
	}

	/** Validates and stores a new version (a new code starts at version 1). Audited. */
	@Transactional
	public Version save(String code, StageTemplate definition, String comment) {
		if (code == null || !StageTemplate.CODE.matcher(code).matches()) {
			throw BusinessException.invalidField("code", "error.pipelineTemplate.code", String.valueOf(code));
		}
		if (definition == null) {
			throw BusinessException.invalidField("definition", "error.required");
		}
		List<StageTemplate.Problem> problems = problems(definition);
		if (!problems.isEmpty()) {
			throw problems.get(0).toException();
		}
		if (comment != null && comment.length() > 500) {
			throw BusinessException.invalidField("comment", "error.tooLong", 500);
		}
		Optional<Version> before = current(code);
		int version = before.map(v -> v.version() + 1).orElse(1);
		String by = CurrentUser.current().map(CurrentUser::username).orElse("system");
		try {
			savepoint.executeWithoutResult(s -> insert(code, version, definition, by, comment));
		}
		catch (DuplicateKeyException raced) {
			throw BusinessException.conflict("error.pipelineTemplate.stale", code);
		}
		Version saved = current(code).orElseThrow();
		audit.record("pipeline_template", code, before.isPresent() ? "update" : "create",
				before.map(Version::definition).orElse(null), definition,
				"v" + version + (comment == null || comment.isBlank() ? "" : ": " + comment));
		return saved;
	}

	private void ensureDefaults() {
		if (defaultsChecked) {
			return;
		}
		separate.executeWithoutResult(tx -> {
			List<String> present = jdbc.sql("select distinct code from pipeline_template").query(String.class).list();
			for (Default d : defaults) {
				if (present.contains(d.code())) {
					continue;
				}
				try {
					savepoint.executeWithoutResult(s -> insert(d.code(), 1, d.definition(), "system", "defaults"));
				}
				catch (DuplicateKeyException raced) {
					// another node wrote it first
				}
			}
		});
		defaultsChecked = true;
	}

	private void insert(String code, int version, StageTemplate definition, String by, String comment) {
		jdbc.sql("""
				insert into pipeline_template (code, version, definition, created_at, created_by, comment)
				values (:code, :v, :d, :at, :by, :c)""")
			.param("code", code).param("v", version).param("d", json.writeValueAsString(definition))
			.param("at", SqlTime.of(Instant.now(clock))).param("by", by).param("c", comment)
			.update();
	}

	private Version row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
		long id = rs.getLong("id");
		Version cached = byId.get(id);
		if (cached != null) {
			return cached;
		}
		Version v = new Version(id, rs.getString("code"), rs.getInt("version"),
				json.readValue(rs.getString("definition"), StageTemplate.class),
				rs.getObject("created_at", java.time.OffsetDateTime.class).toInstant(), rs.getString("created_by"),
				rs.getString("comment"));
		byId.put(id, v);
		return v;
	}
}
