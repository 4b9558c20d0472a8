package dev.closer.pipeline.internal;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;

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

import dev.closer.customers.CustomerDirectory;
import dev.closer.customers.CustomerRef;
import dev.closer.shared.files.FileStore;
import dev.closer.shared.files.FileType;
import dev.closer.shared.files.StoredFile;
import dev.closer.shared.time.SqlTime;

/**
 * SPEC P10: {@value #COUNT} demo opportunities on the demo customers (after {@code DemoActivitySeeder}, order 40),
 * spread over every stage template and every stage, with a stay per stage passed (dwell around the expected days,
 * some overdue) over the past year; about 15 % won, 15 % lost, the rest open, some with a blocker, some stale (red
 * and yellow dots), about a third of the open ones in a stage with deliverables holding a small PDF for its first
 * deliverable (the others are blocked at their gates until evidence arrives). Deterministic (fixed seed); runs once,
 * when there are no opportunities yet.
 */
@Component
@Order(50)
@ConditionalOnBooleanProperty(name = "closer.demo.enabled", matchIfMissing = true)
class DemoOpportunitySeeder implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(DemoOpportunitySeeder.class);

	static final int COUNT = 400;

	private static final String[] NAMES = { "影像设备升级", "信息化平台建设", "年度采购", "实验室扩建", "智慧校园", "产线自动化改造",
			"SaaS 订阅续约", "运维服务外包", "新院区设备配置", "数据中心扩容" };

	private static final String[] LINES = { "CT", "MRI", "超声", "监护仪", "云平台", "数据分析", "智能终端", "运维服务" };

	private static final String[] DMS = { "王院长", "李主任（设备科）", "赵总（采购）", "陈校长", "刘总经理" };

	private static final String[] BLOCKERS = { "预算下季度才批", "决策人出差", "等待招标公告", "竞品压价" };

	private static final String[] LOST = { "预算取消", "竞品价格更低", "项目延期到明年", "客户选择自研" };

	private final JdbcClient jdbc;

	private final CustomerDirectory customers;

	private final StageTemplates templates;

	private final FileStore files;

	private final TransactionTemplate tx;

	private final Clock clock;

	DemoOpportunitySeeder(JdbcClient jdbc, CustomerDirectory customers, StageTemplates templates, FileStore files,
			TransactionTemplate tx, Clock clock) {
		this.jdbc = jdbc;
		this.customers = customers;
		this.templates = templates;
		this.files = files;
		this.tx = tx;
		this.clock = clock;
	}

	@Override
	public void run(ApplicationArguments args) {
		if (jdbc.sql("select count(*) from opportunity").query(Long.class).single() > 0) {
			return;
		}
		List<CustomerRef> all = customers.oldest(1_000).stream().filter(c -> c.ownerId() != null).toList();
		if (all.isEmpty()) {
			return;
		}
		long started = System.nanoTime();
		List<StageTemplates.Version> versions = templates.current();
		Random random = new Random(20261126);
		Instant now = Instant.now(clock);
		tx.executeWithoutResult(s -> {
			for (int i = 0; i < COUNT; i++) {
				seed(all.get(random.nextInt(all.size())), versions.get(i % versions.size()), i / versions.size(), random, now);
			}
		});
		log.info("Seeded {} demo opportunities in {} ms", COUNT, (System.nanoTime() - started) / 1_000_000);
	}

	private void seed(CustomerRef customer, StageTemplates.Version version, int round, Random random, Instant now) {
		List<StageTemplate.Stage> stages = version.definition().stageList();
		// every stage of every template gets some: cycle through them
		int target = round % stages.size();
		int roll = random.nextInt(100);
		String status = roll < 15 ? "WON" : roll < 30 ? "LOST" : "OPEN";
		if ("WON".equals(status)) {
			target = stages.size() - 1;
		}
		// walk back from now: the current stay, then each earlier stay
		Instant[] entered = new Instant[target + 1];
		Instant cursor = now.minus(Duration.ofHours(6 + random.nextInt(24 * Math.max(1, stages.get(target).days() * 2))));
		Instant closedAt = null;
		if (!"OPEN".equals(status)) {
			closedAt = cursor;
			cursor = cursor.minus(Duration.ofHours(24 + random.nextInt(24 * stages.get(target).days())));
		}
		entered[target] = cursor;
		for (int k = target - 1; k >= 0; k--) {
			long hours = (long) (stages.get(k).days() * 24 * (0.3 + random.nextDouble() * 1.3));
			entered[k] = entered[k + 1].minus(Duration.ofHours(Math.max(2, hours)));
		}
		Instant oneYear = now.minus(Duration.ofDays(365));
		if (entered[0].isBefore(oneYear)) {
			// squeeze into the past year
			double scale = Duration.between(oneYear, now).getSeconds()
					/ (double) Duration.between(entered[0], now).getSeconds();
			for (int k = 0; k <= target; k++) {
				entered[k] = now.minusSeconds((long) (Duration.between(entered[k], now).getSeconds() * scale));
			}
			if (closedAt != null) {
				closedAt = now.minusSeconds((long) (Duration.between(closedAt, now).getSeconds() * scale));
			}
		}
		StageTemplate.Stage stage = stages.get(target);
		Instant lastUpdate = closedAt != null ? closedAt
				: entered[target].plus(Duration.ofHours(random.nextInt(
						(int) Math.max(1, Duration.between(entered[target], now).toHours() + 1))));
		if (lastUpdate.isAfter(now)) {
			lastUpdate = now;
		}
		boolean blocker = "OPEN".equals(status) && random.nextInt(5) == 0;
		BigDecimal amount = random.nextInt(6) == 0 ? null
				: BigDecimal.valueOf(50_000 + random.nextInt(4_950) * 1_000L).setScale(2);
		int probability = "WON".equals(status) ? 100 : "LOST".equals(status) ? 0 : stage.chance();
		var key = new GeneratedKeyHolder();
		jdbc.sql("""
				insert into opportunity (customer_id, name, amount, expected_close_on, product_lines, decision_maker,
				  blocker, owner_id, team_id, template_id, template_code, template_version, stage_code, stage_entered_at,
				  probability, status, close_reason, closed_at, last_update_at, created_at, created_by)
				values (:c, :name, :amount, :close, :lines, :dm, :blocker, :owner, :team, :tid, :tcode, :tv, :stage,
				  :entered, :p, :status, :reason, :closed, :updated, :created, 'demo')""")
			.param("c", customer.id()).param("name", customer.name() + " · " + NAMES[random.nextInt(NAMES.length)])
			.param("amount", amount)
			.param("close", random.nextInt(4) == 0 ? null
					: LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(random.nextInt(180) - 30))
			.param("lines", random.nextInt(3) == 0 ? null : LINES[random.nextInt(LINES.length)])
			.param("dm", random.nextInt(3) == 0 ? null : DMS[random.nextInt(DMS.length)])
			.param("blocker", blocker ? BLOCKERS[random.nextInt(BLOCKERS.length)] : null)
			.param("owner", customer.ownerId()).param("team", customer.teamId()).param("tid", version.id())
			.param("tcode", version.code()).param("tv", version.version()).param("stage", stage.code())
			.param("entered", SqlTime.of(entered[target])).param("p", probability).param("status", status)
			.param("reason", "WON".equals(status) ? "合同已签署" : "LOST".equals(status) ? LOST[random.nextInt(LOST.length)] : null)
			.param("closed", SqlTime.of(closedAt)).param("updated", SqlTime.of(lastUpdate))
			.param("created", SqlTime.of(entered[0]))
			.update(key, "id");
		long id = key.getKeyAs(Long.class);
		if ("OPEN".equals(status) && !blocker && !lastUpdate.isAfter(now.minus(Duration.ofHours(72)))) {
			// red before the demo started: counted as already notified (no burst of notices at the first tick)
			jdbc.sql("update opportunity set red_notified_for = last_update_at where id = :id").param("id", id).update();
		}
		for (int k = 0; k <= target; k++) {
			Instant left = k < target ? entered[k + 1] : closedAt;
			jdbc.sql("""
					insert into opportunity_stage_visit (opportunity_id, stage_code, stage_index, entered_at, entered_how,
					  entered_by, left_at)
					values (:o, :s, :i, :at, :how, 'demo', :left)""")
				.param("o", id).param("s", stages.get(k).code()).param("i", k).param("at", SqlTime.of(entered[k]))
				.param("how", k == 0 ? "CREATE" : "ADVANCE").param("left", SqlTime.of(left)).update();
		}
		if ("OPEN".equals(status) && !stage.deliverables().isEmpty() && random.nextInt(3) == 0) {
			StageTemplate.Requirement r = stage.deliverables().get(0);
			if (r.fileTypes().contains("PDF")) {
				String name = r.deliverable().toLowerCase() + "-" + id + ".pdf";
				StoredFile f = files.store(new ByteArrayInputStream(pdf(name)), name, "file", EnumSet.of(FileType.PDF),
						customer.ownerId());
				Instant at = entered[target].plus(Duration.between(entered[target], lastUpdate).dividedBy(2));
				jdbc.sql("""
						insert into opportunity_deliverable (opportunity_id, stage_code, kind, file_id, file_sha256,
						  file_type, file_name, file_size, uploaded_at, uploaded_by)
						values (:o, :s, :k, :f, :sha, 'PDF', :name, :size, :at, :by)""")
					.param("o", id).param("s", stage.code()).param("k", r.deliverable()).param("f", f.id())
					.param("sha", f.sha256()).param("name", name).param("size", f.size()).param("at", SqlTime.of(at))
					.param("by", customer.ownerId()).update();
			}
		}
	}

	static byte[] pdf(String title) {
		return ("%PDF-1.4\n% " + title + "\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")
			.getBytes(StandardCharsets.ISO_8859_1);
	}
}
