package dev.closer.activities.internal;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;

import dev.closer.shared.audit.AuditLog;
import dev.closer.shared.problem.BusinessException;
import dev.closer.shared.problem.NotFoundException;
import dev.closer.shared.rules.VersionedDocuments;
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

	private final VersionedDocuments<TemplateDefinition> store;

	private final List<Default> defaults;

	ScenarioTemplates(JdbcClient jdbc, JsonMapper json, Clock clock, AuditLog audit,
			PlatformTransactionManager transactions) {
		this.defaults = readDefaults(json);
		Map<String, TemplateDefinition> first = new LinkedHashMap<>();
		defaults.forEach(d -> first.put(d.code(), d.definition()));
		this.store = new VersionedDocuments<>(new VersionedDocuments.Spec<>("scenario_template", Map.of(), "code",
				TemplateDefinition.class, "scenario_template", "", "error.template.stale", first), jdbc, json, clock,
				audit, transactions);
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
		return store.currentAll().stream().map(ScenarioTemplates::version).toList();
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
		return store.current(code).map(ScenarioTemplates::version);
	}

	@Transactional(readOnly = true)
	public List<Version> history(String code) {
		return store.history(code).stream().map(ScenarioTemplates::version).toList();
	}

	/** A stored version (immutable, cached). */
	Version byId(long id) {
		return store.byId(id).map(ScenarioTemplates::version)
			.orElseThrow(() -> new NotFoundException("scenario_template", id));
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
		return version(store.save(code, definition, comment));
	}

	private static Version version(VersionedDocuments.Stored<TemplateDefinition> v) {
		return new Version(v.id(), v.key(), v.version(), v.definition(), v.createdAt(), v.createdBy(), v.comment());
	}
}
