package dev.closer.pipeline.internal;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;

import dev.closer.activities.FollowUpEvidence;
import dev.closer.shared.audit.AuditLog;
import dev.closer.shared.problem.BusinessException;
import dev.closer.shared.problem.NotFoundException;
import dev.closer.shared.rules.VersionedDocuments;
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

	private final FollowUpEvidence evidence;

	private final PipelineRules rules;

	private final VersionedDocuments<StageTemplate> store;

	private final List<Default> defaults;

	StageTemplates(JdbcClient jdbc, JsonMapper json, Clock clock, AuditLog audit, FollowUpEvidence evidence,
			PipelineRules rules, PlatformTransactionManager transactions) {
		this.rules = rules;
		this.evidence = evidence;
		this.defaults = readDefaults(json);
		Map<String, StageTemplate> first = new LinkedHashMap<>();
		defaults.forEach(d -> first.put(d.code(), d.definition()));
		this.store = new VersionedDocuments<>(new VersionedDocuments.Spec<>("pipeline_template", Map.of(), "code",
				StageTemplate.class, "pipeline_template", "", "error.pipelineTemplate.stale", first), jdbc, json,
				clock, audit, transactions);
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
		List<Version> all = store.currentAll().stream().map(StageTemplates::version).toList();
		return java.util.stream.Stream.concat(all.stream().filter(v -> DEFAULT_CODE.equals(v.code())),
				all.stream().filter(v -> !DEFAULT_CODE.equals(v.code()))).toList();
	}

	@Transactional
	public Optional<Version> current(String code) {
		return store.current(code).map(StageTemplates::version);
	}

	@Transactional(readOnly = true)
	public List<Version> history(String code) {
		return store.history(code).stream().map(StageTemplates::version).toList();
	}

	/** A stored version (immutable, cached). */
	Version byId(long id) {
		return store.byId(id).map(StageTemplates::version)
			.orElseThrow(() -> new NotFoundException("pipeline_template", id));
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
		return version(store.save(code, definition, comment));
	}

	private static Version version(VersionedDocuments.Stored<StageTemplate> v) {
		return new Version(v.id(), v.key(), v.version(), v.definition(), v.createdAt(), v.createdBy(), v.comment());
	}
}
