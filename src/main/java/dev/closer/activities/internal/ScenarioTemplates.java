package dev.closer.activities.internal;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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
 * Versioned scenario templates (SPEC F2, P5). Each save of a template is a new version, validated first and
 * audited; each follow-up records the version it used. The eight defaults
 * ({@code activities/scenario-templates.json}) become version 1 of their codes on first use. Stored versions
 * never change, so they are cached by id.
 */
@Component
class ScenarioTemplates {

	/** One stored version of a template. */
	record Version(long id, String code, int version, TemplateDefinition definition, Instant createdAt,
			String createdBy, String comment) {

		public String name(Locale locale) {
			return definition.name(locale, code);
		}
	}

	record Default(String code, TemplateDefinition definition) {
	}

	/**
	 * The code of the visit essentials (SPEC F3): not a scenario a rep picks but the fields every visit carries
	 * (customer role and procurement stage at least), edited and versioned like the scenarios.
	 */
	static final String VISIT = "VISIT";

	/** Fields the visit essentials must keep, as required choices: the daily report checks them. */
	static final List<String> VISIT_FIELDS = List.of("customerRole", "procurementStage");

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final Clock clock;

	private final AuditLog audit;

	private final TransactionTemplate savepoint;

	private final TransactionTemplate separate;

	private final Map<Long, Version> byId = new ConcurrentHashMap<>();

	private final List<Default> defaults;

	private volatile boolean defaultsChecked;

	ScenarioTemplates(JdbcClient jdbc, JsonMapper json, Clock clock, AuditLog audit,
			PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		this.json = json;
		this.clock = clock;
		this.audit = audit;
		this.savepoint = new TransactionTemplate(transactions);
		this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
		this.separate = new TransactionTemplate(transactions);
		this.separate.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.defaults = readDefaults(json);
	}

	static List<Default> readDefaults(JsonMapper json) {
		try (InputStream in = new ClassPathResource("activities/scenario-templates.json").getInputStream()) {
			List<Default> list = json.readValue(in, new TypeReference<List<Default>>() {
			});
			for (Default d : list) {
				if (!d.definition().problems().isEmpty()) {
					throw new IllegalStateException("default template " + d.code() + ": " + d.definition().problems());
				}
			}
			return list;
		}
		catch (IOException e) {
			throw new IllegalStateException("cannot read the default scenario templates", e);
		}
	}

	List<Default> defaults() {
		return defaults;
	}

	/** The current version of every template, in the order they were first created. */
	@Transactional
	public List<Version> current() {
		ensureDefaults();
		return jdbc.sql("""
				select t.* from scenario_template t
				where t.version = (select max(m.version) from scenario_template m where m.code = t.code)
				order by (select min(f.id) from scenario_template f where f.code = t.code)""")
			.query(this::row).list();
	}

	/** The scenarios a rep may pick: current, enabled, without the visit essentials. */
	public List<Version> scenarios() {
		return current().stream().filter(t -> !VISIT.equals(t.code()) && t.definition().enabled()).toList();
	}

	/** The current visit essentials. */
	public Version visit() {
		return current(VISIT).orElseThrow(() -> new IllegalStateException("the VISIT template is missing"));
	}

	/** The current version of one template. */
	@Transactional
	public Optional<Version> current(String code) {
		ensureDefaults();
		if (code == null) {
			return Optional.empty();
		}
		return jdbc.sql("select * from scenario_template where code = :c order by version desc limit 1")
			.param("c", code).query(this::row).optional();
	}

	@Transactional(readOnly = true)
	public List<Version> history(String code) {
		return jdbc.sql("select * from scenario_template where code = :c order by version desc").param("c", code)
			.query(this::row).list();
	}

	/** A stored version (immutable, cached). */
	Version byId(long id) {
		Version cached = byId.get(id);
		if (cached != null) {
			return cached;
		}
		Version v = jdbc.sql("select * from scenario_template where id = :id").param("id", id).query(this::row)
			.optional().orElseThrow(() -> new NotFoundException("scenario_template", id));
		byId.put(id, v);
		return v;
	}

	/** Validates and stores a new version of a template (a new code starts at version 1). Audited. */
	@Transactional
	public Version save(String code, TemplateDefinition definition, String comment) {
		if (code == null || !TemplateDefinition.CODE.matcher(code).matches()) {
			throw BusinessException.invalidField("code", "error.template.code", String.valueOf(code));
		}
		if (definition == null) {
			throw BusinessException.invalidField("definition", "error.required");
		}
		List<TemplateDefinition.Problem> problems = definition.problems();
		if (!problems.isEmpty()) {
			throw problems.get(0).toException();
		}
		if (VISIT.equals(code)) {
			for (String name : VISIT_FIELDS) {
				boolean kept = definition.fieldList().stream().anyMatch(f -> name.equals(f.name())
						&& f.type() == TemplateDefinition.Type.CHOICE && f.mandatory());
				if (!kept) {
					throw BusinessException.invalidField("fields", "error.template.visitField", name);
				}
			}
			if (!definition.enabled()) {
				throw BusinessException.invalidField("active", "error.template.visitActive");
			}
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
			throw BusinessException.conflict("error.template.stale", code);
		}
		Version saved = current(code).orElseThrow();
		audit.record("scenario_template", code, before.isPresent() ? "update" : "create",
				before.map(Version::definition).orElse(null), definition,
				"v" + version + (comment == null || comment.isBlank() ? "" : ": " + comment));
		return saved;
	}

	/**
	 * Writes version 1 of each default template that has no version yet, once per start, in a transaction of its
	 * own (a caller rolling back must not take the defaults with it); racing nodes are fine.
	 */
	private void ensureDefaults() {
		if (defaultsChecked) {
			return;
		}
		separate.executeWithoutResult(tx -> {
			List<String> present = jdbc.sql("select distinct code from scenario_template").query(String.class).list();
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

	private void insert(String code, int version, TemplateDefinition definition, String by, String comment) {
		jdbc.sql("""
				insert into scenario_template (code, version, definition, created_at, created_by, comment)
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
				json.readValue(rs.getString("definition"), TemplateDefinition.class),
				rs.getTimestamp("created_at").toInstant(), rs.getString("created_by"), rs.getString("comment"));
		byId.put(id, v);
		return v;
	}
}
