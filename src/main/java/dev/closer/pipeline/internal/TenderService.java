package dev.closer.pipeline.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.multipart.MultipartFile;

import dev.closer.identity.UserDirectory;
import dev.closer.identity.UserSummary;
import dev.closer.shared.audit.AuditLog;
import dev.closer.shared.files.FileStore;
import dev.closer.shared.files.FileType;
import dev.closer.shared.files.StoredFile;
import dev.closer.shared.problem.BusinessException;
import dev.closer.shared.problem.Fields;
import dev.closer.shared.problem.NotFoundException;
import dev.closer.shared.security.CurrentUser;
import dev.closer.shared.security.DataScopes;
import dev.closer.shared.security.Role;
import dev.closer.shared.time.SqlTime;

/**
 * Tender projects (SPEC O6), one transaction per write, checks first (a refusal changes nothing), audited on the
 * opportunity. A tender is built from the current version of a tender template: every node gets its due date (the
 * key date or the creation day plus the node's offset; due at the end of that day in the creator's zone) and a
 * default owner (the opportunity's owner for REP nodes, else a holder of the node's role for the opportunity's
 * team, region or company, else the opportunity's owner). A node is DONE only when the deliverable it needs (if
 * any) is uploaded; SKIPPED needs a reason. Access: the opportunity in the user's data scope, or the user owns a
 * node of the tender (then only that user's own nodes can be changed, 403 otherwise); anyone else gets 404.
 */
@Service
class TenderService {

	private final JdbcClient jdbc;

	private final OpportunityService opportunities;

	private final OpportunityQueries queries;

	private final PipelineRules rules;

	private final RoleHolders holders;

	private final UserDirectory users;

	private final FileStore files;

	private final DataScopes scopes;

	private final AuditLog audit;

	private final Clock clock;

	TenderService(JdbcClient jdbc, OpportunityService opportunities, OpportunityQueries queries, PipelineRules rules,
			RoleHolders holders, UserDirectory users, FileStore files, DataScopes scopes, AuditLog audit, Clock clock) {
		this.jdbc = jdbc;
		this.opportunities = opportunities;
		this.queries = queries;
		this.rules = rules;
		this.holders = holders;
		this.users = users;
		this.files = files;
		this.scopes = scopes;
		this.audit = audit;
		this.clock = clock;
	}

	/** What a tender is created from: template code (default DEFAULT) and key date (ISO, required). */
	record Create(String templateCode, String keyDate) {
	}

	/** A node's owner and/or due date (absent = unchanged). */
	record Assign(Long ownerId, String dueOn) {
	}

	@Transactional
	public TenderView create(long opportunityId, Create request, CurrentUser me) {
		OpportunityView o = opportunities.lockOpen(opportunityId, me);
		if (tenderId(o.id()).isPresent()) {
			throw BusinessException.conflict("error.tender.exists");
		}
		String code = request == null || request.templateCode() == null || request.templateCode().isBlank()
				? PipelineRules.DEFAULT_TENDER : request.templateCode().strip();
		PipelineRules.Version<TenderTemplate> template = rules.tenderTemplate(code)
			.orElseThrow(() -> BusinessException.invalidField("templateCode", "error.tender.template", code));
		LocalDate key = Money.date("keyDate", request == null ? null : request.keyDate());
		if (key == null) {
			throw BusinessException.invalidField("keyDate", "error.required");
		}
		ZoneId zone = me.zoneId() == null ? ZoneId.of("Asia/Shanghai") : me.zoneId();
		Instant now = Instant.now(clock);
		LocalDate today = LocalDate.ofInstant(now, zone);
		if (key.isBefore(today.minusDays(365)) || key.isAfter(today.plusDays(730))) {
			throw BusinessException.invalidField("keyDate", "error.tender.keyDate", key.toString());
		}
		var keys = new GeneratedKeyHolder();
		jdbc.sql("""
				insert into tender (opportunity_id, rule_id, template_code, template_version, key_date, zone_id, created_at,
				  created_by) values (:o, :r, :c, :v, :k, :z, :at, :by)""")
			.param("o", o.id()).param("r", template.id()).param("c", template.code()).param("v", template.version())
			.param("k", key).param("z", zone.getId()).param("at", SqlTime.of(now)).param("by", me.username())
			.update(keys, "id");
		long tender = keys.getKeyAs(Long.class);
		List<TenderTemplate.Node> nodes = template.definition().nodeList();
		for (int i = 0; i < nodes.size(); i++) {
			TenderTemplate.Node n = nodes.get(i);
			LocalDate due = (n.anchor() == TenderTemplate.Anchor.CREATED ? today : key).plusDays(n.offsetDays());
			jdbc.sql("""
					insert into tender_node (tender_id, sort_order, code, name_en, name_zh, owner_role, owner_id, due_on,
					  due_at, deliverable_kind, file_types, status)
					values (:t, :i, :code, :en, :zh, :role, :owner, :due, :dueAt, :kind, :types, 'OPEN')""")
				.param("t", tender).param("i", i + 1).param("code", n.code()).param("en", n.names().get("en"))
				.param("zh", n.names().get("zh-CN")).param("role", n.ownerRole().name())
				.param("owner", defaultOwner(n.ownerRole(), o)).param("due", due)
				.param("dueAt", SqlTime.of(dueAt(due, zone))).param("kind", n.deliverable())
				.param("types", n.fileTypes() == null ? null : String.join(",", n.fileTypes())).update();
		}
		opportunities.touched(o.id());
		Map<String, Object> after = new LinkedHashMap<>();
		after.put("template", template.code() + " v" + template.version());
		after.put("keyDate", key);
		after.put("nodes", nodes.size());
		audit.record("opportunity", o.id(), "tender.create", null, after, null);
		return find(o.id()).orElseThrow();
	}

	/** The end of the due day in the zone: a node due on the 10th is overdue from the 11th 00:00. */
	static Instant dueAt(LocalDate due, ZoneId zone) {
		return due.plusDays(1).atStartOfDay(zone).toInstant();
	}

	private long defaultOwner(Role role, OpportunityView o) {
		if (role == Role.REP) {
			return o.ownerId();
		}
		return holders.of(List.of(role), o.teamId()).stream().findFirst().map(UserSummary::id).orElse(o.ownerId());
	}

	@Transactional
	public TenderView assign(long opportunityId, String code, Assign request, CurrentUser me) {
		OpportunityView o = access(opportunityId, me);
		TenderView.Node node = writable(o, code, me);
		if (!node.open()) {
			throw BusinessException.conflict("error.tender.nodeClosed", node.code(), node.status());
		}
		if (request == null || (request.ownerId() == null && (request.dueOn() == null || request.dueOn().isBlank()))) {
			throw BusinessException.invalidField("ownerId", "error.required");
		}
		long owner = node.ownerId();
		if (request.ownerId() != null) {
			UserSummary user = users.find(request.ownerId()).orElse(null);
			boolean ok = user != null && user.active() && (java.util.Objects.equals(user.teamId(), o.teamId())
					|| holders.holds(user, List.of(Role.valueOf(node.ownerRole())), o.teamId()));
			if (!ok) {
				throw BusinessException.invalidField("ownerId", "error.tender.owner", request.ownerId(),
						node.ownerRole());
			}
			owner = user.id();
		}
		LocalDate due = node.dueOn();
		Instant dueAt = node.dueAt();
		if (request.dueOn() != null && !request.dueOn().isBlank()) {
			due = Money.date("dueOn", request.dueOn());
			dueAt = dueAt(due, zoneOf(o.id()));
		}
		jdbc.sql("update tender_node set owner_id = :owner, due_on = :due, due_at = :dueAt where id = :id")
			.param("owner", owner).param("due", due).param("dueAt", SqlTime.of(dueAt)).param("id", node.id()).update();
		audit.record("opportunity", o.id(), "tender.assign", Map.of("node", node.code(), "ownerId", node.ownerId(),
				"dueOn", node.dueOn()), Map.of("node", node.code(), "ownerId", owner, "dueOn", due), null);
		return find(o.id()).orElseThrow();
	}

	@Transactional
	public TenderView upload(long opportunityId, String code, MultipartFile file, CurrentUser me) {
		OpportunityView o = access(opportunityId, me);
		TenderView.Node node = writable(o, code, me);
		if (!node.open()) {
			throw BusinessException.conflict("error.tender.nodeClosed", node.code(), node.status());
		}
		if (node.deliverable() == null) {
			throw BusinessException.invalidField("code", "error.tender.noDeliverable", node.code());
		}
		Set<FileType> allowed = EnumSet.noneOf(FileType.class);
		node.fileTypes().forEach(t -> FileType.parse(t).ifPresent(allowed::add));
		StoredFile stored = files.store(file, "file", allowed, me);
		jdbc.sql("""
				update tender_node set file_id = :f, file_sha256 = :sha, file_type = :type, file_name = :name,
				  file_size = :size, uploaded_at = :at, uploaded_by = :by where id = :id""")
			.param("f", stored.id()).param("sha", stored.sha256()).param("type", stored.type().name())
			.param("name", stored.originalName()).param("size", stored.size())
			.param("at", SqlTime.of(stored.uploadedAt())).param("by", me.id()).param("id", node.id()).update();
		opportunities.touched(o.id());
		Map<String, Object> after = new LinkedHashMap<>();
		after.put("node", node.code());
		after.put("kind", node.deliverable());
		after.put("fileId", stored.id());
		after.put("sha256", stored.sha256());
		after.put("type", stored.type().name());
		audit.record("opportunity", o.id(), "tender.upload", null, after, null);
		return find(o.id()).orElseThrow();
	}

	@Transactional
	public TenderView done(long opportunityId, String code, CurrentUser me) {
		OpportunityView o = access(opportunityId, me);
		TenderView.Node node = writable(o, code, me);
		if (!node.open()) {
			throw BusinessException.conflict("error.tender.nodeClosed", node.code(), node.status());
		}
		if (node.deliverable() != null && node.fileId() == null) {
			throw BusinessException.conflict("error.tender.deliverableMissing", node.code(), node.deliverable(),
					String.join(", ", node.fileTypes()));
		}
		close(o, node, "DONE", null, me);
		return find(o.id()).orElseThrow();
	}

	@Transactional
	public TenderView skip(long opportunityId, String code, String reason, CurrentUser me) {
		OpportunityView o = access(opportunityId, me);
		TenderView.Node node = writable(o, code, me);
		if (!node.open()) {
			throw BusinessException.conflict("error.tender.nodeClosed", node.code(), node.status());
		}
		String why = Fields.required("reason", reason, 500);
		close(o, node, "SKIPPED", why, me);
		return find(o.id()).orElseThrow();
	}

	private void close(OpportunityView o, TenderView.Node node, String status, String reason, CurrentUser me) {
		jdbc.sql("""
				update tender_node set status = :s, skip_reason = :why, done_at = :now, done_by = :by where id = :id""")
			.param("s", status).param("why", reason).param("now", SqlTime.of(Instant.now(clock))).param("by", me.id())
			.param("id", node.id()).update();
		opportunities.touched(o.id());
		audit.record("opportunity", o.id(), "tender.node", Map.of("node", node.code(), "status", node.status()),
				Map.of("node", node.code(), "status", status), reason);
	}

	/**
	 * The opportunity if the user may work on its tender (in data scope, or owner of one of its nodes), locked;
	 * otherwise 404.
	 */
	OpportunityView access(long opportunityId, CurrentUser me) {
		boolean visible = queries.find(opportunityId, scopes.of(me)).isPresent() || ownsNode(opportunityId, me.id());
		if (!visible) {
			throw new NotFoundException("opportunity", opportunityId);
		}
		jdbc.sql("select id from opportunity where id = :id for update").param("id", opportunityId).query(Long.class)
			.single();
		return queries.findUnscoped(opportunityId).orElseThrow();
	}

	/** Read access as above, without a lock. */
	@Transactional(readOnly = true)
	public Optional<OpportunityView> visible(long opportunityId, CurrentUser me) {
		Optional<OpportunityView> o = queries.find(opportunityId, scopes.of(me));
		if (o.isEmpty() && ownsNode(opportunityId, me.id())) {
			return queries.findUnscoped(opportunityId);
		}
		return o;
	}

	private boolean ownsNode(long opportunityId, long userId) {
		return jdbc.sql("""
				select count(*) from tender_node n join tender t on t.id = n.tender_id
				where t.opportunity_id = :o and n.owner_id = :u""")
			.param("o", opportunityId).param("u", userId).query(Long.class).single() > 0;
	}

	/**
	 * The node, if the user may change it: anyone with the opportunity in data scope, otherwise only the node's own
	 * owner (403 naming the rule).
	 */
	private TenderView.Node writable(OpportunityView o, String code, CurrentUser me) {
		TenderView.Node node = node(o.id(), code);
		if (node.ownerId() != me.id() && queries.find(o.id(), scopes.of(me)).isEmpty()) {
			throw new BusinessException(org.springframework.http.HttpStatus.FORBIDDEN, (String) null,
					"error.tender.notYourNode", node.code());
		}
		return node;
	}

	private TenderView.Node node(long opportunityId, String code) {
		TenderView tender = find(opportunityId).orElseThrow(() -> new NotFoundException("tender", opportunityId));
		return tender.nodes().stream().filter(n -> n.code().equals(code)).findFirst()
			.orElseThrow(() -> new NotFoundException("tender node", code));
	}

	private ZoneId zoneOf(long opportunityId) {
		return ZoneId.of(jdbc.sql("select zone_id from tender where opportunity_id = :o").param("o", opportunityId)
			.query(String.class).single());
	}

	private Optional<Long> tenderId(long opportunityId) {
		return jdbc.sql("select id from tender where opportunity_id = :o").param("o", opportunityId)
			.query(Long.class).optional();
	}

	/** The opportunity's tender with its nodes (no scope check: callers check access). */
	@Transactional(readOnly = true)
	public Optional<TenderView> find(long opportunityId) {
		Instant now = Instant.now(clock);
		return jdbc.sql("select * from tender where opportunity_id = :o").param("o", opportunityId)
			.query((rs, n) -> new TenderView(rs.getLong("id"), rs.getLong("opportunity_id"),
					rs.getString("template_code"), rs.getInt("template_version"),
					rs.getObject("key_date", LocalDate.class), OpportunityQueries.instant(rs, "created_at"),
					rs.getString("created_by"), List.of()))
			.optional()
			.map(t -> new TenderView(t.id(), t.opportunityId(), t.templateCode(), t.templateVersion(), t.keyDate(),
					t.createdAt(), t.createdBy(), nodes(t.id(), now)));
	}

	private List<TenderView.Node> nodes(long tenderId, Instant now) {
		return jdbc.sql("""
				select n.*, u.display_name as owner_name,
				  (select count(*) from tender_escalation e where e.node_id = n.id) as escalations
				from tender_node n join app_user u on u.id = n.owner_id where n.tender_id = :t order by n.sort_order""")
			.param("t", tenderId).query((rs, i) -> node(rs, now)).list();
	}

	static TenderView.Node node(ResultSet rs, Instant now) throws SQLException {
		Instant dueAt = OpportunityQueries.instant(rs, "due_at");
		String status = rs.getString("status");
		String types = rs.getString("file_types");
		return new TenderView.Node(rs.getLong("id"), rs.getInt("sort_order"), rs.getString("code"),
				rs.getString("name_en"), rs.getString("name_zh"), rs.getString("owner_role"), rs.getLong("owner_id"),
				rs.getString("owner_name"), rs.getObject("due_on", LocalDate.class), dueAt,
				rs.getString("deliverable_kind"), types == null ? List.of() : Arrays.asList(types.split(",")), status,
				rs.getString("skip_reason"), OpportunityQueries.instant(rs, "done_at"),
				rs.getObject("file_id", Long.class), rs.getString("file_name"), rs.getString("file_type"),
				rs.getString("file_sha256"), OpportunityQueries.instant(rs, "uploaded_at"),
				"OPEN".equals(status) && !now.isBefore(dueAt), rs.getInt("escalations"));
	}

	Optional<StoredFile> file(long fileId) {
		return files.find(fileId);
	}

	org.springframework.http.ResponseEntity<org.springframework.core.io.Resource> download(StoredFile file) {
		return files.download(file);
	}
}
