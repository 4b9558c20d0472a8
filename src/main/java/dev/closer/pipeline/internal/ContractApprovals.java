package dev.closer.pipeline.internal;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.multipart.MultipartFile;

import dev.closer.identity.UserSummary;
import dev.closer.notifications.Notification;
import dev.closer.notifications.Notifications;
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
 * Contract approval (SPEC O7): a request on an open opportunity (contract file checked by content, amount, terms
 * summary) goes through the current version of the approval chain, one step after the other. Rules, checked in
 * this order before anything is written:
 * <ul>
 * <li>the request is visible (its opportunity in the user's data scope, or the user holds a role of the chain for
 * the opportunity's team, region or company), else 404;</li>
 * <li>the request is still PENDING, else 409;</li>
 * <li>steps are decided in order: only the pending step can be decided, else 409 naming the pending step;</li>
 * <li>only a holder of the step's role in scope decides it, else 403 naming the role;</li>
 * <li>a rejection needs a comment (422) and ends the request (REJECTED, later steps CANCELLED); a new request may
 * then be started. Only one request per opportunity may be pending.</li>
 * </ul>
 * Each step records when it became pending and when it was decided (its waiting time); the next step's approvers
 * are notified when it becomes theirs, the opportunity's owner when the request ends. Everything is audited.
 */
@Service
class ContractApprovals {

	static final EnumSet<FileType> CONTRACT_TYPES = EnumSet.of(FileType.PDF, FileType.DOCX, FileType.DOC,
			FileType.JPEG, FileType.PNG);

	private final JdbcClient jdbc;

	private final OpportunityService opportunities;

	private final OpportunityQueries queries;

	private final PipelineRules rules;

	private final RoleHolders holders;

	private final FileStore files;

	private final DataScopes scopes;

	private final Notifications notifications;

	private final AuditLog audit;

	private final Clock clock;

	ContractApprovals(JdbcClient jdbc, OpportunityService opportunities, OpportunityQueries queries,
			PipelineRules rules, RoleHolders holders, FileStore files, DataScopes scopes, Notifications notifications,
			AuditLog audit, Clock clock) {
		this.jdbc = jdbc;
		this.opportunities = opportunities;
		this.queries = queries;
		this.rules = rules;
		this.holders = holders;
		this.files = files;
		this.scopes = scopes;
		this.notifications = notifications;
		this.audit = audit;
		this.clock = clock;
	}

	@Transactional
	public ApprovalView request(long opportunityId, String amount, String terms, MultipartFile file, CurrentUser me) {
		OpportunityView o = opportunities.lockOpen(opportunityId, me);
		Long pending = jdbc.sql("select id from contract_approval where opportunity_id = :o and status = 'PENDING'")
			.param("o", o.id()).query(Long.class).optional().orElse(null);
		if (pending != null) {
			throw BusinessException.conflict("error.approval.pendingExists", pending);
		}
		BigDecimal sum = Money.amount("amount", amount);
		if (sum == null) {
			throw BusinessException.invalidField("amount", "error.required");
		}
		String summary = Fields.required("terms", terms, 2000);
		PipelineRules.Version<ApprovalChain> chain = rules.chain(PipelineRules.DEFAULT_CHAIN).orElseThrow();
		StoredFile stored = files.store(file, "file", CONTRACT_TYPES, me);
		Instant now = Instant.now(clock);
		var keys = new GeneratedKeyHolder();
		jdbc.sql("""
				insert into contract_approval (opportunity_id, rule_id, chain_code, chain_version, status, current_step,
				  amount, terms, file_id, file_sha256, file_type, file_name, file_size, created_at, created_by)
				values (:o, :r, :c, :v, 'PENDING', 1, :amount, :terms, :f, :sha, :type, :name, :size, :now, :by)""")
			.param("o", o.id()).param("r", chain.id()).param("c", chain.code()).param("v", chain.version())
			.param("amount", sum).param("terms", summary).param("f", stored.id()).param("sha", stored.sha256())
			.param("type", stored.type().name()).param("name", stored.originalName()).param("size", stored.size())
			.param("now", SqlTime.of(now)).param("by", me.id()).update(keys, "id");
		long id = keys.getKeyAs(Long.class);
		List<ApprovalChain.Step> steps = chain.definition().stepList();
		for (int i = 0; i < steps.size(); i++) {
			ApprovalChain.Step s = steps.get(i);
			jdbc.sql("""
					insert into contract_approval_step (approval_id, step_no, code, name_en, name_zh, roles, status,
					  started_at) values (:a, :no, :code, :en, :zh, :roles, :status, :started)""")
				.param("a", id).param("no", i + 1).param("code", s.code()).param("en", s.names().get("en"))
				.param("zh", s.names().get("zh-CN"))
				.param("roles", String.join(",", s.roles().stream().map(Role::name).toList()))
				.param("status", i == 0 ? "PENDING" : "WAITING").param("started", i == 0 ? SqlTime.of(now) : null)
				.update();
		}
		opportunities.touched(o.id());
		Map<String, Object> after = new LinkedHashMap<>();
		after.put("opportunityId", o.id());
		after.put("chain", chain.code() + " v" + chain.version());
		after.put("amount", sum);
		after.put("terms", summary);
		after.put("fileId", stored.id());
		after.put("sha256", stored.sha256());
		audit.record("contract_approval", id, "create", null, after, null);
		audit.record("opportunity", o.id(), "contract.request", null, Map.of("approvalId", id), null);
		ApprovalView view = find(id).orElseThrow();
		notifyApprovers(view, view.current());
		return view;
	}

	/** Approves ({@code approve}) or rejects step {@code stepNo} of the request; see the class comment. */
	@Transactional
	public ApprovalView decide(long requestId, int stepNo, boolean approve, String comment, CurrentUser me) {
		ApprovalView before = visible(requestId, me).orElseThrow(() -> new NotFoundException("contract approval", requestId));
		jdbc.sql("select id from contract_approval where id = :id for update").param("id", requestId).query(Long.class)
			.single();
		ApprovalView a = find(requestId).orElseThrow();
		if (!"PENDING".equals(a.status())) {
			throw BusinessException.conflict("error.approval.closed", a.status());
		}
		ApprovalView.Step step = a.steps().stream().filter(s -> s.no() == stepNo).findFirst()
			.orElseThrow(() -> new NotFoundException("approval step", stepNo));
		ApprovalView.Step current = a.current();
		java.util.Locale locale = org.springframework.context.i18n.LocaleContextHolder.getLocale();
		if (stepNo != current.no()) {
			throw BusinessException.conflict(stepNo < current.no() ? "error.approval.decided" : "error.approval.order",
					stepNo, step.name(locale), current.no(), current.name(locale));
		}
		List<Role> roles = step.roles().stream().map(Role::valueOf).toList();
		if (!holders.holds(me, roles, a.teamId())) {
			throw new BusinessException(HttpStatus.FORBIDDEN, (String) null, "error.approval.role",
					String.join(" / ", step.roles()), stepNo, step.name(locale));
		}
		String text = Fields.optional("comment", comment, 1000);
		if (!approve && text == null) {
			throw BusinessException.invalidField("comment", "error.approval.commentRequired");
		}
		Instant now = Instant.now(clock);
		jdbc.sql("""
				update contract_approval_step set status = :s, decided_at = :now, decided_by = :by, comment_text = :c
				where approval_id = :a and step_no = :no""")
			.param("s", approve ? "APPROVED" : "REJECTED").param("now", SqlTime.of(now)).param("by", me.id())
			.param("c", text).param("a", requestId).param("no", stepNo).update();
		boolean last = stepNo == a.steps().size();
		String outcome = null;
		if (approve && !last) {
			jdbc.sql("""
					update contract_approval_step set status = 'PENDING', started_at = :now
					where approval_id = :a and step_no = :no""")
				.param("now", SqlTime.of(now)).param("a", requestId).param("no", stepNo + 1).update();
			jdbc.sql("update contract_approval set current_step = :no where id = :a").param("no", stepNo + 1)
				.param("a", requestId).update();
		}
		else {
			outcome = approve ? "APPROVED" : "REJECTED";
			if (!approve) {
				jdbc.sql("""
						update contract_approval_step set status = 'CANCELLED' where approval_id = :a and status = 'WAITING'""")
					.param("a", requestId).update();
			}
			jdbc.sql("update contract_approval set status = :s, current_step = null, decided_at = :now where id = :a")
				.param("s", outcome).param("now", SqlTime.of(now)).param("a", requestId).update();
		}
		opportunities.touched(a.opportunityId());
		Map<String, Object> was = new LinkedHashMap<>();
		was.put("step", stepNo + " " + step.code());
		was.put("status", step.status());
		Map<String, Object> after = new LinkedHashMap<>();
		after.put("step", stepNo + " " + step.code());
		after.put("status", approve ? "APPROVED" : "REJECTED");
		after.put("waitingSeconds", Duration.between(step.startedAt(), now).getSeconds());
		if (outcome != null) {
			after.put("request", outcome);
		}
		audit.record("contract_approval", requestId, approve ? "approve" : "reject", was, after, text);
		if (outcome != null) {
			audit.record("opportunity", a.opportunityId(), "contract." + outcome.toLowerCase(java.util.Locale.ROOT),
					Map.of("approvalId", requestId, "status", "PENDING"),
					Map.of("approvalId", requestId, "status", outcome), text);
		}
		ApprovalView view = find(requestId).orElseThrow();
		if (outcome == null) {
			notifyApprovers(view, view.current());
		}
		else {
			OpportunityView o = queries.findUnscoped(a.opportunityId()).orElseThrow();
			notifications.send(Notification.inbox(o.ownerId(), "contract.decided",
					("APPROVED".equals(outcome) ? "合同审批通过 / Contract approved: " : "合同审批驳回 / Contract rejected: ")
							+ o.name(),
					step.nameZh() + " / " + step.nameEn() + (text == null ? "" : ": " + text),
					"/opportunities/" + o.id()));
		}
		return view;
	}

	private void notifyApprovers(ApprovalView a, ApprovalView.Step step) {
		if (step == null) {
			return;
		}
		List<Notification> notes = new ArrayList<>();
		for (UserSummary u : holders.of(step.roles().stream().map(Role::valueOf).toList(), a.teamId())) {
			notes.add(Notification.inboxAndEmail(u.id(), "contract.step",
					"待审批 / Approval waiting: " + step.nameZh() + " / " + step.nameEn() + " · " + a.opportunityName(),
					a.customerName() + " · " + a.amount() + " CNY · " + a.terms(), "/approvals"));
		}
		if (!notes.isEmpty()) {
			notifications.sendAll(notes);
		}
	}

	/** The request if the user may see it: opportunity in data scope, or holder of a chain role in scope. */
	@Transactional(readOnly = true)
	public Optional<ApprovalView> visible(long requestId, CurrentUser me) {
		Optional<ApprovalView> a = find(requestId);
		return a.filter(v -> queries.find(v.opportunityId(), scopes.of(me)).isPresent() || approverOf(v, me));
	}

	private boolean approverOf(ApprovalView a, CurrentUser me) {
		return a.steps().stream().anyMatch(s -> holders.holds(me, s.roles().stream().map(Role::valueOf).toList(),
				a.teamId()));
	}

	/** The requests of an opportunity, newest first (callers check scope). */
	@Transactional(readOnly = true)
	public List<ApprovalView> ofOpportunity(long opportunityId) {
		return jdbc.sql(SELECT + " where a.opportunity_id = :o order by a.created_at desc, a.id desc")
			.param("o", opportunityId).query(this::row).list().stream().map(this::withSteps).toList();
	}

	/** Pending steps the user may decide now, longest waiting first. */
	@Transactional(readOnly = true)
	public List<ApprovalView> pendingFor(CurrentUser me) {
		List<ApprovalView> mine = new ArrayList<>();
		for (ApprovalView a : jdbc.sql(SELECT + " where a.status = 'PENDING' order by a.created_at").query(this::row)
			.list()) {
			ApprovalView full = withSteps(a);
			ApprovalView.Step step = full.current();
			if (step != null && holders.holds(me, step.roles().stream().map(Role::valueOf).toList(), full.teamId())) {
				mine.add(full);
			}
		}
		mine.sort(Comparator.comparing((ApprovalView v) -> v.current().startedAt()));
		return mine;
	}

	@Transactional(readOnly = true)
	public Optional<ApprovalView> find(long id) {
		return jdbc.sql(SELECT + " where a.id = :id").param("id", id).query(this::row).optional().map(this::withSteps);
	}

	static final String SELECT = """
			select a.*, o.name as opp_name, o.team_id, c.name as customer_name, u.display_name as created_by_name
			from contract_approval a join opportunity o on o.id = a.opportunity_id join customer c on c.id = o.customer_id
			join app_user u on u.id = a.created_by""";

	private ApprovalView row(ResultSet rs, int n) throws SQLException {
		return new ApprovalView(rs.getLong("id"), rs.getLong("opportunity_id"), rs.getString("opp_name"),
				rs.getString("customer_name"), rs.getLong("team_id"), rs.getString("chain_code"),
				rs.getInt("chain_version"), rs.getString("status"), rs.getObject("current_step", Integer.class),
				rs.getBigDecimal("amount"), rs.getString("terms"), rs.getLong("file_id"), rs.getString("file_name"),
				rs.getString("file_type"), rs.getString("file_sha256"), OpportunityQueries.instant(rs, "created_at"),
				rs.getString("created_by_name"), OpportunityQueries.instant(rs, "decided_at"), List.of());
	}

	private ApprovalView withSteps(ApprovalView a) {
		Instant now = Instant.now(clock);
		List<ApprovalView.Step> steps = jdbc.sql("""
				select s.*, u.display_name as decided_by_name from contract_approval_step s
				left join app_user u on u.id = s.decided_by where s.approval_id = :a order by s.step_no""")
			.param("a", a.id()).query((rs, i) -> {
				Instant started = OpportunityQueries.instant(rs, "started_at");
				Instant decided = OpportunityQueries.instant(rs, "decided_at");
				Long waiting = started == null ? null
						: Duration.between(started, decided != null ? decided : now).getSeconds();
				return new ApprovalView.Step(rs.getInt("step_no"), rs.getString("code"), rs.getString("name_en"),
						rs.getString("name_zh"), Arrays.asList(rs.getString("roles").split(",")), rs.getString("status"),
						started, decided, rs.getString("decided_by_name"), rs.getString("comment_text"), waiting);
			}).list();
		return new ApprovalView(a.id(), a.opportunityId(), a.opportunityName(), a.customerName(), a.teamId(),
				a.chainCode(), a.chainVersion(), a.status(), a.currentStep(), a.amount(), a.terms(), a.fileId(),
				a.fileName(), a.fileType(), a.fileSha256(), a.createdAt(), a.createdByName(), a.decidedAt(), steps);
	}

	Optional<StoredFile> file(long fileId) {
		return files.find(fileId);
	}

	org.springframework.http.ResponseEntity<org.springframework.core.io.Resource> download(StoredFile file) {
		return files.download(file);
	}
}
