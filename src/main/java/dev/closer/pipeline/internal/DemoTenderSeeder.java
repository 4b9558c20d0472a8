package dev.closer.pipeline.internal;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.closer.identity.UserSummary;
import dev.closer.shared.files.FileStore;
import dev.closer.shared.files.FileType;
import dev.closer.shared.files.StoredFile;
import dev.closer.shared.security.Role;
import dev.closer.shared.time.SqlTime;

/**
 * SPEC P10 for O6 and O7 (after {@code DemoOpportunitySeeder}, order 50): tender projects on the demo's
 * PUBLIC_TENDER opportunities, with the nodes before the current stage's gate done (deliverable: a small PDF), key
 * dates so that the later ones have overdue nodes (the ladder levels already due are recorded as fired, so the first
 * tick sends no burst), and contract approval requests: on open opportunities in the CONTRACT stage one pending at
 * legal, one pending at finance, one rejected and one approved; every won PUBLIC_TENDER opportunity has all nodes
 * done and an approved contract. Runs once, when there are no tenders yet.
 */
@Component
@Order(60)
@ConditionalOnBooleanProperty(name = "closer.demo.enabled", matchIfMissing = true)
class DemoTenderSeeder implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(DemoTenderSeeder.class);

	static final int OPEN_TENDERS = 24;

	private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

	/** Nodes done per stage of PUBLIC_TENDER: before BIDDING nothing, then up to DOC_PURCHASE, SUBMISSION, AWARD. */
	private static final int[] DONE_BY_STAGE = { 0, 2, 7, 10 };

	/** Key date (days from today) per stage. */
	private static final int[] KEY_BY_STAGE = { 25, 8, -4, -20 };

	private final JdbcClient jdbc;

	private final PipelineRules rules;

	private final RoleHolders holders;

	private final FileStore files;

	private final TransactionTemplate tx;

	private final Clock clock;

	DemoTenderSeeder(JdbcClient jdbc, PipelineRules rules, RoleHolders holders, FileStore files, TransactionTemplate tx,
			Clock clock) {
		this.jdbc = jdbc;
		this.rules = rules;
		this.holders = holders;
		this.files = files;
		this.tx = tx;
		this.clock = clock;
	}

	record Opp(long id, long owner, long team, String stage, String status, BigDecimal amount, String name) {
	}

	@Override
	public void run(ApplicationArguments args) {
		if (jdbc.sql("select count(*) from tender").query(Long.class).single() > 0) {
			return;
		}
		List<Opp> opps = jdbc.sql("""
				select id, owner_id, team_id, stage_code, status, amount, name from opportunity
				where created_by = 'demo' and template_code = 'PUBLIC_TENDER' and status <> 'LOST' order by id""")
			.query((rs, n) -> new Opp(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4), rs.getString(5),
					rs.getBigDecimal(6), rs.getString(7)))
			.list();
		if (opps.isEmpty()) {
			return;
		}
		long started = System.nanoTime();
		int[] counts = new int[2];
		tx.executeWithoutResult(s -> {
			PipelineRules.Version<TenderTemplate> template = rules.tenderTemplate(PipelineRules.DEFAULT_TENDER).orElseThrow();
			PipelineRules.Version<ApprovalChain> chain = rules.chain(PipelineRules.DEFAULT_CHAIN).orElseThrow();
			StoredFile pdf = files.store(new ByteArrayInputStream(DemoOpportunitySeeder.pdf("demo-deliverable")),
					"deliverable.pdf", "file", EnumSet.of(FileType.PDF), opps.get(0).owner());
			Instant now = Instant.now(clock);
			int open = 0;
			int contract = 0;
			for (Opp o : opps) {
				boolean won = "WON".equals(o.status());
				if (!won && open >= OPEN_TENDERS) {
					continue;
				}
				int stage = List.of("PREPARATION", "BIDDING", "EVALUATION", "CONTRACT").indexOf(o.stage());
				if (stage < 0) {
					continue;
				}
				int done = won ? 12 : DONE_BY_STAGE[stage];
				LocalDate today = LocalDate.ofInstant(now, ZONE);
				LocalDate key = today.plusDays(won ? -60 : KEY_BY_STAGE[stage]);
				tender(o, template, key, today.minusDays(won ? 90 : 12), done, pdf, now);
				counts[0]++;
				if (!won) {
					open++;
				}
				if (won) {
					approval(o, chain, pdf, now.minus(Duration.ofDays(30)), 3, "APPROVED");
					counts[1]++;
				}
				else if (stage == 3) {
					// pending at legal, pending at finance, rejected, approved, then again
					String[] kinds = { "LEGAL", "FINANCE", "REJECTED", "APPROVED" };
					String kind = kinds[contract++ % kinds.length];
					Instant at = now.minus(Duration.ofHours(3 + 7L * contract));
					switch (kind) {
						case "LEGAL" -> approval(o, chain, pdf, at, 0, "PENDING");
						case "FINANCE" -> approval(o, chain, pdf, at, 1, "PENDING");
						case "REJECTED" -> approval(o, chain, pdf, at, 0, "REJECTED");
						default -> approval(o, chain, pdf, at, 3, "APPROVED");
					}
					counts[1]++;
				}
			}
		});
		log.info("Seeded {} demo tenders and {} contract approvals in {} ms", counts[0], counts[1],
				(System.nanoTime() - started) / 1_000_000);
	}

	private void tender(Opp o, PipelineRules.Version<TenderTemplate> template, LocalDate key, LocalDate created,
			int done, StoredFile pdf, Instant now) {
		var keys = new GeneratedKeyHolder();
		Instant createdAt = created.atStartOfDay(ZONE).plusHours(10).toInstant();
		jdbc.sql("""
				insert into tender (opportunity_id, rule_id, template_code, template_version, key_date, zone_id, created_at,
				  created_by) values (:o, :r, :c, :v, :k, :z, :at, 'demo')""")
			.param("o", o.id()).param("r", template.id()).param("c", template.code()).param("v", template.version())
			.param("k", key).param("z", ZONE.getId()).param("at", SqlTime.of(createdAt)).update(keys, "id");
		long tender = keys.getKeyAs(Long.class);
		List<TenderTemplate.Node> nodes = template.definition().nodeList();
		List<TenderTemplate.Level> ladder = template.definition().ladder();
		for (int i = 0; i < nodes.size(); i++) {
			TenderTemplate.Node n = nodes.get(i);
			LocalDate due = (n.anchor() == TenderTemplate.Anchor.CREATED ? created : key).plusDays(n.offsetDays());
			Instant dueAt = TenderService.dueAt(due, ZONE);
			boolean isDone = i < done;
			Instant doneAt = isDone ? min(dueAt.minus(Duration.ofHours(20)), now.minus(Duration.ofHours(1))) : null;
			long owner = n.ownerRole() == Role.REP ? o.owner()
					: holders.of(List.of(n.ownerRole()), o.team()).stream().findFirst().map(UserSummary::id)
						.orElse(o.owner());
			boolean file = isDone && n.needsDeliverable();
			var nodeKey = new GeneratedKeyHolder();
			jdbc.sql("""
					insert into tender_node (tender_id, sort_order, code, name_en, name_zh, owner_role, owner_id, due_on,
					  due_at, deliverable_kind, file_types, status, done_at, done_by, file_id, file_sha256, file_type,
					  file_name, file_size, uploaded_at, uploaded_by)
					values (:t, :i, :code, :en, :zh, :role, :owner, :due, :dueAt, :kind, :types, :status, :doneAt, :by,
					  :file, :sha, :ftype, :fname, :size, :doneAt, :uploader)""")
				.param("t", tender).param("i", i + 1).param("code", n.code()).param("en", n.names().get("en"))
				.param("zh", n.names().get("zh-CN")).param("role", n.ownerRole().name()).param("owner", owner)
				.param("due", due).param("dueAt", SqlTime.of(dueAt)).param("kind", n.deliverable())
				.param("types", n.fileTypes() == null ? null : String.join(",", n.fileTypes()))
				.param("status", isDone ? "DONE" : "OPEN").param("doneAt", SqlTime.of(doneAt))
				.param("by", isDone ? owner : null).param("file", file ? pdf.id() : null)
				.param("sha", file ? pdf.sha256() : null).param("ftype", file ? "PDF" : null)
				.param("fname", file ? n.deliverable().toLowerCase() + ".pdf" : null)
				.param("size", file ? pdf.size() : null).param("uploader", file ? owner : null)
				.update(nodeKey, "id");
			long nodeId = nodeKey.getKeyAs(Long.class);
			if (!isDone) {
				// levels already due count as fired (no burst of notices at the first tick)
				for (int l = 0; l < ladder.size(); l++) {
					Instant fires = dueAt.plus(Duration.ofHours(ladder.get(l).afterHours()));
					if (!fires.isAfter(now)) {
						jdbc.sql("""
								insert into tender_escalation (node_id, level_no, target, recipients, fired_at)
								values (:n, :l, :t, 0, :at)""")
							.param("n", nodeId).param("l", l + 1).param("t", ladder.get(l).target().name())
							.param("at", SqlTime.of(fires)).update();
					}
				}
			}
		}
	}

	private void approval(Opp o, PipelineRules.Version<ApprovalChain> chain, StoredFile pdf, Instant created,
			int approvedSteps, String status) {
		List<ApprovalChain.Step> steps = chain.definition().stepList();
		boolean rejected = "REJECTED".equals(status);
		Instant decided = "PENDING".equals(status) ? null
				: created.plus(Duration.ofHours(5L * (rejected ? 1 : steps.size())));
		var keys = new GeneratedKeyHolder();
		jdbc.sql("""
				insert into contract_approval (opportunity_id, rule_id, chain_code, chain_version, status, current_step,
				  amount, terms, file_id, file_sha256, file_type, file_name, file_size, created_at, created_by, decided_at)
				values (:o, :r, :c, :v, :s, :cur, :amount, :terms, :f, :sha, 'PDF', 'contract.pdf', :size, :at, :by, :dec)""")
			.param("o", o.id()).param("r", chain.id()).param("c", chain.code()).param("v", chain.version())
			.param("s", status).param("cur", "PENDING".equals(status) ? approvedSteps + 1 : null)
			.param("amount", o.amount() != null ? o.amount() : new BigDecimal("500000.00"))
			.param("terms", "合同期 12 个月；分三期付款（30%/40%/30%）；质保 3 年。").param("f", pdf.id())
			.param("sha", pdf.sha256()).param("size", pdf.size()).param("at", SqlTime.of(created))
			.param("by", o.owner()).param("dec", SqlTime.of(decided)).update(keys, "id");
		long id = keys.getKeyAs(Long.class);
		Instant cursor = created;
		for (int i = 0; i < steps.size(); i++) {
			ApprovalChain.Step s = steps.get(i);
			String st;
			Instant started = null;
			Instant at = null;
			Long by = null;
			String comment = null;
			if (i < approvedSteps) {
				st = "APPROVED";
				started = cursor;
				at = cursor.plus(Duration.ofHours(4 + i));
				by = decider(s, o);
				cursor = at;
			}
			else if (i == approvedSteps && "PENDING".equals(status)) {
				st = "PENDING";
				started = cursor;
			}
			else if (i == approvedSteps && rejected) {
				st = "REJECTED";
				started = cursor;
				at = cursor.plus(Duration.ofHours(5));
				by = decider(s, o);
				comment = "违约金条款不可接受，请与客户重新谈判。";
			}
			else {
				st = rejected ? "CANCELLED" : "WAITING";
			}
			jdbc.sql("""
					insert into contract_approval_step (approval_id, step_no, code, name_en, name_zh, roles, status,
					  started_at, decided_at, decided_by, comment_text)
					values (:a, :no, :code, :en, :zh, :roles, :st, :started, :at, :by, :c)""")
				.param("a", id).param("no", i + 1).param("code", s.code()).param("en", s.names().get("en"))
				.param("zh", s.names().get("zh-CN"))
				.param("roles", String.join(",", s.roles().stream().map(Role::name).toList())).param("st", st)
				.param("started", SqlTime.of(started)).param("at", SqlTime.of(at)).param("by", by)
				.param("c", comment).update();
		}
	}

	private Long decider(ApprovalChain.Step s, Opp o) {
		return holders.of(s.roles(), o.team()).stream().findFirst().map(UserSummary::id).orElse(o.owner());
	}

	private static Instant min(Instant a, Instant b) {
		return a.isBefore(b) ? a : b;
	}
}
