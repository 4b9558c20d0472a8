package dev.closer.pipeline.internal;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

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

	private final VersionedDocuments<TenderTemplate> tenders;

	private final VersionedDocuments<ApprovalChain> chains;

	PipelineRules(JdbcClient jdbc, JsonMapper json, Clock clock, AuditLog audit,
			PlatformTransactionManager transactions) {
		List<Default<TenderTemplate>> tenderDefaults = read(json, "pipeline/tender-templates.json", new TypeReference<>() {
		});
		List<Default<ApprovalChain>> chainDefaults = read(json, "pipeline/approval-chains.json", new TypeReference<>() {
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
		this.tenders = new VersionedDocuments<>(new VersionedDocuments.Spec<>("pipeline_rule",
				Map.of("rule_kind", TENDER), "code", TenderTemplate.class, "pipeline_rule", "tender:",
				"error.pipelineTemplate.stale", byCode(tenderDefaults)), jdbc, json, clock, audit, transactions);
		this.chains = new VersionedDocuments<>(new VersionedDocuments.Spec<>("pipeline_rule",
				Map.of("rule_kind", CHAIN), "code", ApprovalChain.class, "pipeline_rule", "chain:",
				"error.pipelineTemplate.stale", byCode(chainDefaults)), jdbc, json, clock, audit, transactions);
	}

	private static <T> Map<String, T> byCode(List<Default<T>> defaults) {
		Map<String, T> map = new LinkedHashMap<>();
		defaults.forEach(d -> map.put(d.code(), d.definition()));
		return map;
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
		return all(tenders);
	}

	@Transactional
	public Optional<Version<TenderTemplate>> tenderTemplate(String code) {
		return tenders.current(code).map(PipelineRules::version);
	}

	Version<TenderTemplate> tenderById(long id) {
		return tenders.byId(id).map(PipelineRules::version).orElseThrow(() -> new NotFoundException("pipeline_rule", id));
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
		return save(tenders, code, definition, comment);
	}

	// ---- approval chains

	@Transactional
	public List<Version<ApprovalChain>> chains() {
		return all(chains);
	}

	@Transactional
	public Optional<Version<ApprovalChain>> chain(String code) {
		return chains.current(code).map(PipelineRules::version);
	}

	Version<ApprovalChain> chainById(long id) {
		return chains.byId(id).map(PipelineRules::version).orElseThrow(() -> new NotFoundException("pipeline_rule", id));
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
		return save(chains, code, definition, comment);
	}

	@Transactional(readOnly = true)
	@SuppressWarnings("unchecked")
	public <T> List<Version<T>> history(String kind, String code, Class<T> type) {
		VersionedDocuments<?> store = TENDER.equals(kind) ? tenders : chains;
		return store.history(code).stream().map(v -> (Version<T>) version(v)).toList();
	}

	// ---- storage

	/** The current version of every code, by code. */
	private static <T> List<Version<T>> all(VersionedDocuments<T> store) {
		return store.currentAll().stream().map(PipelineRules::version)
			.sorted(java.util.Comparator.comparing(Version::code)).toList();
	}

	private static <T> Version<T> save(VersionedDocuments<T> store, String code, T definition, String comment) {
		if (code == null || !StageTemplate.CODE.matcher(code).matches()) {
			throw BusinessException.invalidField("code", "error.pipelineTemplate.code", String.valueOf(code));
		}
		return version(store.save(code, definition, comment));
	}

	private static <T> Version<T> version(VersionedDocuments.Stored<T> v) {
		return new Version<>(v.id(), v.key(), v.version(), v.definition(), v.createdAt(), v.createdBy(), v.comment());
	}
}
