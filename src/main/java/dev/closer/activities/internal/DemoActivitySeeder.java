package dev.closer.activities.internal;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.closer.customers.ContactRef;
import dev.closer.customers.CustomerDirectory;
import dev.closer.customers.CustomerRef;
import dev.closer.shared.time.SqlTime;
import tools.jackson.databind.json.JsonMapper;

/**
 * SPEC P10: a year of follow-ups for the demo customers (after {@code DemoCustomerSeeder}, order 30): every one to
 * four weeks from the customer's conversion until today, by its owner, on a weighted mix of channels, a third of
 * them with a scenario template and valid field values; each next step is closed by the following follow-up and
 * the last one falls due between a few days ago and next week, so "my day" has overdue and today's steps.
 * Deterministic (fixed seed); runs once, when there are no follow-ups yet.
 */
@Component
@Order(40)
@ConditionalOnBooleanProperty(name = "closer.demo.enabled", matchIfMissing = true)
class DemoActivitySeeder implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(DemoActivitySeeder.class);

	private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

	private static final String[] CHANNELS = { "CALL", "CALL", "CALL", "CALL", "WECHAT", "WECHAT", "WECHAT", "VISIT",
			"VISIT", "MEETING", "EMAIL" };

	private static final String[] INPUTS = { "客户希望下月前完成设备选型", "想了解与现有 HIS 系统的对接方式", "关心售后响应时间",
			"预算需要走年度审批", "希望看到同类医院的案例", "询问分期付款的可能", "要求提供详细报价单", "关注培训安排" };

	private static final String[] ACTIONS = { "电话沟通需求细节", "微信发送产品资料和案例", "上门拜访设备科", "组织方案演示",
			"发送报价单", "邀请参观样板客户", "与采购确认招标流程", "回访使用体验" };

	private static final String[] OUTPUTS = { "客户同意安排技术交流", "客户表示价格偏高，需要内部讨论", "确认预算已到位",
			"客户要求补充资质文件", "客户同意下周约见院长", "暂无明确答复", "客户认可方案，等待审批" };

	private static final String[] BLOCKERS = { "决策人出差", "预算审批未完成", "竞品正在接触", "需求尚未明确" };

	private static final String[] NEXT = { "发送修改后的方案", "约见设备科主任", "跟进审批进度", "安排技术交流会", "确认招标时间",
			"回访客户意见", "提交正式报价" };

	private static final Map<String, String[]> TEXTS = Map.ofEntries(
			Map.entry("customerWords", new String[] { "你们比别家贵了百分之十五", "这个价格超出我们的预算", "能不能再便宜一点",
					"功能是好，但是太贵了" }),
			Map.entry("ourResponse", new String[] { "说明了三年维保包含在内", "提出分两期付款", "对比了总拥有成本", "申请了阶梯折扣" }),
			Map.entry("attendees", new String[] { "设备科主任、信息科主任", "院长、采购经理", "临床科室主任及两名医生" }),
			Map.entry("feedback", new String[] { "对影像处理速度很满意", "希望界面更简洁", "关注数据安全" }),
			Map.entry("concerns", new String[] { "培训周期", "与旧系统兼容" }),
			Map.entry("competitor", new String[] { "迈瑞", "联影", "GE 医疗", "飞利浦" }),
			Map.entry("customerView", new String[] { "竞品报价更低", "竞品交付更快", "更认可我们的售后" }),
			Map.entry("ourAdvantage", new String[] { "本地化服务团队", "更长的质保期" }),
			Map.entry("decisionMaker", new String[] { "王院长", "李主任（设备科）", "赵总（采购）" }),
			Map.entry("passedCriteria", new String[] { "图像质量、系统稳定性", "接口联调已通过" }),
			Map.entry("issues", new String[] { "夜间偶发卡顿", "报表格式需调整" }),
			Map.entry("clause", new String[] { "付款节点", "违约责任", "验收标准" }),
			Map.entry("customerPosition", new String[] { "要求验收后一次付清", "希望延长质保到五年" }),
			Map.entry("ourPosition", new String[] { "建议按里程碑分三期付款", "可延长至四年" }),
			Map.entry("impact", new String[] { "交付推迟两周", "报价需要调整" }),
			Map.entry("invoiceNo", new String[] { "FP-2026-0318", "FP-2026-0422" }));

	private final JdbcClient jdbc;

	private final NamedParameterJdbcTemplate named;

	private final CustomerDirectory customers;

	private final ScenarioTemplates templates;

	private final JsonMapper json;

	private final TransactionTemplate tx;

	private final Clock clock;

	DemoActivitySeeder(JdbcClient jdbc, NamedParameterJdbcTemplate named, CustomerDirectory customers,
			ScenarioTemplates templates, JsonMapper json, TransactionTemplate tx, Clock clock) {
		this.jdbc = jdbc;
		this.named = named;
		this.customers = customers;
		this.templates = templates;
		this.json = json;
		this.tx = tx;
		this.clock = clock;
	}

	@Override
	public void run(ApplicationArguments args) {
		if (jdbc.sql("select count(*) from activity").query(Long.class).single() > 0) {
			return;
		}
		List<CustomerRef> all = customers.oldest(1_000).stream().filter(c -> c.ownerId() != null).toList();
		if (all.isEmpty()) {
			return;
		}
		long started = System.nanoTime();
		Random random = new Random(20261125);
		Instant now = Instant.now(clock);
		LocalDate today = LocalDate.ofInstant(now, ZONE);
		List<ScenarioTemplates.Version> versions = templates.scenarios();
		ScenarioTemplates.Version visit = templates.visit();
		int[] count = { 0 };
		tx.executeWithoutResult(s -> {
			List<MapSqlParameterSource> rows = new ArrayList<>();
			for (CustomerRef customer : all) {
				List<ContactRef> contacts = customers.contacts(customer.id());
				List<MapSqlParameterSource> mine = new ArrayList<>();
				Instant at = customer.createdAt().plus(Duration.ofHours(2 + random.nextInt(72)));
				while (at.isBefore(now)) {
					mine.add(row(customer, contacts, at, versions, visit, random));
					at = at.plus(Duration.ofDays(7 + random.nextInt(22))).plus(Duration.ofMinutes(random.nextInt(600)));
				}
				for (int i = 0; i < mine.size(); i++) {
					MapSqlParameterSource row = mine.get(i);
					Instant occurred = ((java.time.OffsetDateTime) row.getValue("occurred")).toInstant();
					LocalDate day = LocalDate.ofInstant(occurred, ZONE);
					if (i + 1 < mine.size()) {
						row.addValue("due", day.plusDays(2 + random.nextInt(12)));
						row.addValue("closed", mine.get(i + 1).getValue("occurred"));
					}
					else {
						// the open step: from five days overdue to a week ahead, never before the day it was planned
						LocalDate due = today.plusDays(random.nextInt(13) - 5);
						row.addValue("due", due.isBefore(day) ? day : due);
						row.addValue("closed", null);
					}
				}
				rows.addAll(mine);
				if (!mine.isEmpty()) {
					customers.activityRecorded(customer.id(),
							((java.time.OffsetDateTime) mine.get(mine.size() - 1).getValue("occurred")).toInstant());
				}
			}
			named.batchUpdate("""
					insert into activity (customer_id, contact_id, contact_name, subject_name, channel, input_text,
					  action_text, output_text, blocker, template_id, template_code, template_version, field_values,
					  visit_template_id, visit_values, next_step, next_due_on, next_closed_at, occurred_at, created_at,
					  actor_id, owner_id, team_id)
					values (:customer, :contact, :contactName, :subject, :channel, :input, :action, :output, :blocker,
					  :tid, :tcode, :tversion, :fields, :vid, :visit, :next, :due, :closed, :occurred, :occurred,
					  :actor, :owner, :team)""",
					rows.toArray(MapSqlParameterSource[]::new));
			count[0] = rows.size();
		});
		log.info("Seeded {} demo follow-ups for {} customers in {} ms", count[0], all.size(),
				(System.nanoTime() - started) / 1_000_000);
	}

	private MapSqlParameterSource row(CustomerRef customer, List<ContactRef> contacts, Instant at,
			List<ScenarioTemplates.Version> versions, ScenarioTemplates.Version visit, Random random) {
		ContactRef contact = contacts.isEmpty() ? null : contacts.get(random.nextInt(contacts.size()));
		String channel = CHANNELS[random.nextInt(CHANNELS.length)];
		boolean answered = !"CALL".equals(channel) || random.nextInt(5) > 0;
		ScenarioTemplates.Version template = random.nextInt(3) == 0 ? versions.get(random.nextInt(versions.size())) : null;
		Map<String, Object> values = template == null ? null : values(template.definition(), at, random);
		Map<String, Object> visitValues = "VISIT".equals(channel) ? values(visit.definition(), at, random) : null;
		return new MapSqlParameterSource().addValue("customer", customer.id())
			.addValue("contact", contact == null ? null : contact.id())
			.addValue("contactName", contact == null ? null : contact.name())
			.addValue("subject", customer.name())
			.addValue("channel", channel)
			.addValue("input", random.nextInt(4) == 0 ? null : pick(INPUTS, random))
			.addValue("action", pick(ACTIONS, random))
			.addValue("output", answered ? pick(OUTPUTS, random) : null)
			.addValue("blocker", random.nextInt(4) == 0 ? pick(BLOCKERS, random) : null)
			.addValue("tid", template == null ? null : template.id())
			.addValue("tcode", template == null ? null : template.code())
			.addValue("tversion", template == null ? null : template.version())
			.addValue("fields", values == null ? null : json.writeValueAsString(values))
			.addValue("vid", visitValues == null ? null : visit.id())
			.addValue("visit", visitValues == null ? null : json.writeValueAsString(visitValues))
			.addValue("next", pick(NEXT, random))
			.addValue("occurred", SqlTime.of(at))
			.addValue("actor", customer.ownerId())
			.addValue("owner", customer.ownerId())
			.addValue("team", customer.teamId());
	}

	/** Valid values for every field of the template (optional ones filled two times in three). */
	static Map<String, Object> values(TemplateDefinition definition, Instant at, Random random) {
		Map<String, Object> values = new LinkedHashMap<>();
		LocalDate day = LocalDate.ofInstant(at, ZONE);
		for (TemplateDefinition.Field f : definition.fieldList()) {
			if (!f.mandatory() && random.nextInt(3) == 0) {
				continue;
			}
			values.put(f.name(), switch (f.type()) {
				case TEXT -> pick(TEXTS.getOrDefault(f.name(), new String[] { "见沟通记录" }), random);
				case CHOICE -> f.options().get(random.nextInt(f.options().size())).code();
				case DATE -> day.plusDays(3 + random.nextInt(40)).toString();
				case NUMBER -> {
					BigDecimal min = f.min() == null ? BigDecimal.ZERO : f.min();
					long span = f.max() == null ? 2_000_000 : f.max().subtract(min).longValue();
					long step = f.max() == null ? 10_000 : 1;
					yield min.add(BigDecimal.valueOf((random.nextLong(span / step + 1)) * step));
				}
			});
		}
		return values;
	}

	private static String pick(String[] values, Random random) {
		return values[random.nextInt(values.length)];
	}
}
