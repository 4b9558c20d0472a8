package dev.closer.pipeline.internal;

import java.time.Clock;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.multipart.MultipartFile;

import dev.closer.shared.audit.AuditLog;
import dev.closer.shared.files.FileStore;
import dev.closer.shared.files.FileType;
import dev.closer.shared.files.StoredFile;
import dev.closer.shared.problem.BusinessException;
import dev.closer.shared.problem.Fields;
import dev.closer.shared.security.CurrentUser;
import dev.closer.shared.time.SqlTime;

/**
 * Deliverables of a stage (SPEC O3). An upload names a deliverable kind of the current stage; the shared file store
 * checks the type by content against the kinds the template allows (422 naming {@code file} otherwise) and records
 * the SHA-256; the deliverable row keeps the stage, the upload time, the checksum and an optional signer. All in one
 * transaction: a refusal keeps nothing.
 */
@Service
class DeliverableFiles {

	/** Every type name a deliverable requirement may allow. */
	static final Set<String> TYPE_NAMES = Arrays.stream(FileType.values()).map(Enum::name)
		.collect(Collectors.toCollection(java.util.LinkedHashSet::new));

	private final JdbcClient jdbc;

	private final FileStore files;

	private final OpportunityService opportunities;

	private final OpportunityQueries queries;

	private final AuditLog audit;

	DeliverableFiles(JdbcClient jdbc, FileStore files, OpportunityService opportunities, OpportunityQueries queries,
			AuditLog audit, Clock clock) {
		this.jdbc = jdbc;
		this.files = files;
		this.opportunities = opportunities;
		this.queries = queries;
		this.audit = audit;
	}

	@Transactional
	public DeliverableView upload(long opportunityId, String kind, MultipartFile file, String signer, CurrentUser me) {
		OpportunityView o = opportunities.lockOpen(opportunityId, me);
		StageTemplate.Stage stage = opportunities.stageOf(o);
		Map<String, StageTemplate.Requirement> kinds = new LinkedHashMap<>();
		stage.deliverables().forEach(r -> kinds.put(r.deliverable(), r));
		if (kinds.isEmpty()) {
			throw BusinessException.invalidField("kind", "error.deliverable.noneInStage", stage.code());
		}
		String k = kind == null ? null : kind.strip();
		StageTemplate.Requirement requirement = k == null ? null : kinds.get(k);
		if (requirement == null) {
			throw BusinessException.invalidField("kind", "error.deliverable.kind", String.valueOf(k),
					String.join(", ", kinds.keySet()));
		}
		String who = Fields.optional("signer", signer, 100);
		Set<FileType> allowed = EnumSet.noneOf(FileType.class);
		requirement.fileTypes().forEach(t -> FileType.parse(t).ifPresent(allowed::add));
		StoredFile stored = files.store(file, "file", allowed, me);
		var key = new GeneratedKeyHolder();
		jdbc.sql("""
				insert into opportunity_deliverable (opportunity_id, stage_code, kind, file_id, file_sha256, file_type,
				  file_name, file_size, signer, uploaded_at, uploaded_by)
				values (:o, :stage, :kind, :file, :sha, :type, :name, :size, :signer, :at, :by)""")
			.param("o", o.id()).param("stage", o.stageCode()).param("kind", k).param("file", stored.id())
			.param("sha", stored.sha256()).param("type", stored.type().name()).param("name", stored.originalName())
			.param("size", stored.size()).param("signer", who).param("at", SqlTime.of(stored.uploadedAt()))
			.param("by", me.id()).update(key, "id");
		long id = key.getKeyAs(Long.class);
		opportunities.touched(o.id());
		Map<String, Object> after = new LinkedHashMap<>();
		after.put("stage", o.stageCode());
		after.put("kind", k);
		after.put("fileId", stored.id());
		after.put("sha256", stored.sha256());
		after.put("type", stored.type().name());
		after.put("signer", who);
		audit.record("opportunity", o.id(), "deliverable", null, after, null);
		return queries.deliverable(o.id(), id).orElseThrow();
	}

	java.util.Optional<StoredFile> file(DeliverableView d) {
		return files.find(d.fileId());
	}

	org.springframework.http.ResponseEntity<org.springframework.core.io.Resource> download(StoredFile file) {
		return files.download(file);
	}
}
