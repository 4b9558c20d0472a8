package dev.closer.activities;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItems;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import com.jayway.jsonpath.JsonPath;

import dev.closer.customers.CustomerFixture;
import dev.closer.leads.LeadFixture;
import dev.closer.support.IntegrationTest;
import tools.jackson.databind.json.JsonMapper;

/** SPEC F1, F2: follow-ups on customers and leads, per-template validation, versioned templates, my day, idempotency. */
@IntegrationTest
class ActivityApiTests {

	static final List<String> DEFAULTS = List.of("REQUIREMENT_CHANGE", "DEMO_FEEDBACK", "PRICE_OBJECTION",
			"COMPETITOR_MENTION", "DECISION_MAKER_MEETING", "POC_PROGRESS", "CONTRACT_NEGOTIATION", "PAYMENT_CHASE");

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	JsonMapper json;

	CustomerFixture fx;

	@BeforeEach
	void setUp() throws Exception {
		fx = new CustomerFixture(mvc, jdbc);
	}

	@Test
	void theEightDefaultTemplatesAreThereWithTypedRequiredFields() throws Exception {
		String token = fx.leads.admin;
		mvc.perform(get("/api/templates").header("Authorization", token))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$[*].code", hasItems(DEFAULTS.toArray(String[]::new))));
		mvc.perform(get("/api/templates/PRICE_OBJECTION").header("Authorization", token))
			.andExpect(jsonPath("$.definition.names['zh-CN']").value("价格异议"))
			.andExpect(jsonPath("$.definition.fields[*].name", org.hamcrest.Matchers.contains("customerWords",
					"ourResponse", "acceptance")))
			.andExpect(jsonPath("$.definition.fields[2].type").value("NUMBER"))
			.andExpect(jsonPath("$.definition.fields[2].min").value(1))
			.andExpect(jsonPath("$.definition.fields[2].max").value(5))
			.andExpect(jsonPath("$.definition.fields[2].required").value(true));
		mvc.perform(get("/api/templates/NO_SUCH").header("Authorization", token)).andExpect(status().isNotFound());
	}

	@Test
	void everyDefaultTemplateRefusesEachMissingRequiredFieldByNameAndSavesNothing() throws Exception {
		CustomerFixture.Team t = fx.team();
		long customer = fx.customer(t);
		for (String code : DEFAULTS) {
			Map<String, Object> definition = template(code);
			@SuppressWarnings("unchecked")
			List<Map<String, Object>> fields = (List<Map<String, Object>>) definition.get("fields");
			Map<String, Object> valid = new LinkedHashMap<>();
			for (Map<String, Object> f : fields) {
				valid.put((String) f.get("name"), validValue(f));
			}
			long required = fields.stream().filter(f -> Boolean.TRUE.equals(f.get("required"))).count();
			assertThat(required).as(code + " has required fields").isGreaterThanOrEqualTo(2);
			for (Map<String, Object> f : fields) {
				if (!Boolean.TRUE.equals(f.get("required"))) {
					continue;
				}
				Map<String, Object> missing = new LinkedHashMap<>(valid);
				missing.remove(f.get("name"));
				@SuppressWarnings("unchecked")
				String label = ((Map<String, String>) f.get("labels")).get("en");
				record(t.repToken(), customerFollowUp(customer, "CALL", code, missing), "en")
					.andExpect(status().isUnprocessableContent())
					.andExpect(jsonPath("$.errors[0].field").value("fields." + f.get("name")))
					.andExpect(jsonPath("$.detail").value("“" + label + "” is required."));
			}
			assertThat(followUps(customer)).as("nothing saved for " + code).isZero();
		}
		for (String code : DEFAULTS) {
			Map<String, Object> valid = new LinkedHashMap<>();
			@SuppressWarnings("unchecked")
			List<Map<String, Object>> fields = (List<Map<String, Object>>) template(code).get("fields");
			fields.forEach(f -> valid.put((String) f.get("name"), validValue(f)));
			record(t.repToken(), customerFollowUp(customer, "VISIT", code, valid), "en")
				.andExpect(status().isCreated())
				.andExpect(jsonPath("$.templateCode").value(code))
				.andExpect(jsonPath("$.templateVersion").value(currentVersion(code)));
		}
		assertThat(followUps(customer)).isEqualTo(DEFAULTS.size());
	}

	@Test
	void badValuesAreRefusedWithTheFieldNamedInTheCallersLanguage() throws Exception {
		CustomerFixture.Team t = fx.team();
		long customer = fx.customer(t);
		Map<String, Object> price = new LinkedHashMap<>(Map.of("customerWords", "太贵了", "ourResponse", "三年维保已含",
				"acceptance", 6));
		record(t.repToken(), customerFollowUp(customer, "CALL", "PRICE_OBJECTION", price), "en")
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.errors[0].field").value("fields.acceptance"))
			.andExpect(jsonPath("$.detail").value("“Acceptance (1-5)” must lie between 1 and 5."));
		record(t.repToken(), customerFollowUp(customer, "CALL", "PRICE_OBJECTION", price), "zh-CN")
			.andExpect(jsonPath("$.detail").value("“接受度（1-5）”须在 1 到 5 之间。"));
		price.put("acceptance", 2.5);
		record(t.repToken(), customerFollowUp(customer, "CALL", "PRICE_OBJECTION", price), "en")
			.andExpect(jsonPath("$.detail").value("“Acceptance (1-5)” must be a whole number."));
		price.put("acceptance", "很高");
		record(t.repToken(), customerFollowUp(customer, "CALL", "PRICE_OBJECTION", price), "en")
			.andExpect(jsonPath("$.detail").value("“Acceptance (1-5)” must be a number."));
		price.remove("acceptance");
		record(t.repToken(), customerFollowUp(customer, "CALL", "PRICE_OBJECTION", price), "zh-CN")
			.andExpect(jsonPath("$.errors[0].field").value("fields.acceptance"))
			.andExpect(jsonPath("$.detail").value("请填写“接受度（1-5）”。"));
		price.put("acceptance", 3);
		price.put("mood", "good");
		record(t.repToken(), customerFollowUp(customer, "CALL", "PRICE_OBJECTION", price), "en")
			.andExpect(jsonPath("$.errors[0].field").value("fields.mood"))
			.andExpect(jsonPath("$.detail").value("The scenario “Price objection” has no field “mood”."));
		Map<String, Object> competitor = Map.of("competitor", "联影", "customerView", "报价更低", "threat", "EXTREME");
		record(t.repToken(), customerFollowUp(customer, "WECHAT", "COMPETITOR_MENTION", competitor), "en")
			.andExpect(jsonPath("$.errors[0].field").value("fields.threat"))
			.andExpect(jsonPath("$.detail").value("“Threat” must be one of: LOW (Low), MEDIUM (Medium), HIGH (High)."));
		Map<String, Object> poc = Map.of("progress", 60, "passedCriteria", "接口联调", "endsOn", "2026-13-01");
		record(t.repToken(), customerFollowUp(customer, "MEETING", "POC_PROGRESS", poc), "en")
			.andExpect(jsonPath("$.errors[0].field").value("fields.endsOn"))
			.andExpect(jsonPath("$.detail").value("“POC ends on” must be a date (yyyy-MM-dd)."));
		Map<String, Object> words = Map.of("customerWords", "字".repeat(1001), "ourResponse", "x", "acceptance", 3);
		record(t.repToken(), customerFollowUp(customer, "CALL", "PRICE_OBJECTION", words), "en")
			.andExpect(jsonPath("$.detail").value("“Customer's words” has at most 1,000 characters."));
		record(t.repToken(), customerFollowUp(customer, "CALL", "NO_SUCH_TEMPLATE", Map.of()), "en")
			.andExpect(jsonPath("$.errors[0].field").value("templateCode"));
		assertThat(followUps(customer)).isZero();

		// values are stored normalised: numbers as numbers, choices by code
		String body = record(t.repToken(), customerFollowUp(customer, "CALL", "COMPETITOR_MENTION",
				Map.of("competitor", "联影", "customerView", "报价更低", "threat", "high")), "en")
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.fields.threat").value("HIGH"))
			.andExpect(jsonPath("$.shown[2].label").value("Threat"))
			.andExpect(jsonPath("$.shown[2].value").value("High"))
			.andReturn().getResponse().getContentAsString();
		long id = ((Number) JsonPath.read(body, "$.id")).longValue();
		record(t.repToken(), customerFollowUp(customer, "CALL", "PRICE_OBJECTION",
				Map.of("customerWords", "太贵", "ourResponse", "分期", "acceptance", "4")), "en")
			.andExpect(status().isCreated()).andExpect(jsonPath("$.fields.acceptance").value(4));
		assertThat(jdbc.sql("select field_values from activity where id = :id").param("id", id).query(String.class)
			.single()).isEqualTo("{\"competitor\":\"联影\",\"customerView\":\"报价更低\",\"threat\":\"HIGH\"}");
	}

	@Test
	void theFourElementsNextStepAndSubjectAreChecked() throws Exception {
		CustomerFixture.Team t = fx.team();
		long customer = fx.customer(t);
		String today = LocalDate.now(ZoneId.of("Asia/Shanghai")).toString();
		send(t.repToken(), "{\"channel\":\"CALL\",\"action\":\"x\"}").andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.errors[0].field").value("customerId"));
		send(t.repToken(), "{\"customerId\":%d,\"leadId\":1,\"channel\":\"CALL\",\"action\":\"x\"}".formatted(customer))
			.andExpect(status().isUnprocessableContent());
		send(t.repToken(), "{\"customerId\":%d,\"channel\":\"FAX\",\"action\":\"x\"}".formatted(customer))
			.andExpect(jsonPath("$.errors[0].field").value("channel"));
		send(t.repToken(), "{\"customerId\":%d,\"channel\":\"CALL\",\"input\":\"要报价\"}".formatted(customer))
			.andExpect(jsonPath("$.errors[0].field").value("action"));
		send(t.repToken(), "{\"customerId\":%d,\"channel\":\"CALL\",\"action\":\"x\",\"nextStep\":\"回电\"}".formatted(customer))
			.andExpect(jsonPath("$.errors[0].field").value("nextStepDue"));
		send(t.repToken(), "{\"customerId\":%d,\"channel\":\"CALL\",\"action\":\"x\",\"nextStepDue\":\"%s\"}"
			.formatted(customer, today)).andExpect(jsonPath("$.errors[0].field").value("nextStep"));
		send(t.repToken(), "{\"customerId\":%d,\"channel\":\"CALL\",\"action\":\"x\",\"nextStep\":\"回电\",\"nextStepDue\":\"2020-01-01\"}"
			.formatted(customer)).andExpect(jsonPath("$.errors[0].field").value("nextStepDue"));
		send(t.repToken(), "{\"customerId\":%d,\"channel\":\"CALL\",\"action\":\"x\",\"occurredAt\":\"2100-01-01T00:00:00Z\"}"
			.formatted(customer)).andExpect(jsonPath("$.errors[0].field").value("occurredAt"));
		send(t.repToken(), "{\"customerId\":%d,\"channel\":\"CALL\",\"action\":\"x\",\"contactId\":999999999}"
			.formatted(customer)).andExpect(jsonPath("$.errors[0].field").value("contactId"));
		assertThat(followUps(customer)).isZero();
		long contact = jdbc.sql("select id from customer_contact where customer_id = :c").param("c", customer)
			.query(Long.class).single();
		send(t.repToken(), """
				{"customerId":%d,"contactId":%d,"channel":"wechat","input":"想看案例","action":"发了三家医院的案例",
				 "output":"周五前答复","blocker":"院长出差","nextStep":"周五回访","nextStepDue":"%s"}"""
			.formatted(customer, contact, today))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.channel").value("WECHAT"))
			.andExpect(jsonPath("$.contactName").value("王先生"))
			.andExpect(jsonPath("$.input").value("想看案例"))
			.andExpect(jsonPath("$.output").value("周五前答复"))
			.andExpect(jsonPath("$.blocker").value("院长出差"))
			.andExpect(jsonPath("$.nextStepDue").value(today))
			.andExpect(jsonPath("$.nextStepOpen").value(true));
		mvc.perform(get("/api/activities").param("customerId", String.valueOf(customer)).header("Authorization", t.repToken()))
			.andExpect(jsonPath("$.total").value(1)).andExpect(jsonPath("$.items[0].action").value("发了三家医院的案例"));
		assertThat(jdbc.sql("select last_activity_at from customer where id = :c").param("c", customer)
			.query(java.sql.Timestamp.class).optional()).isPresent();
	}

	@Test
	void aRepOfAnotherTeamCanNeitherRecordNorReadFollowUpsOfTheCustomer() throws Exception {
		CustomerFixture.Team mine = fx.team();
		CustomerFixture.Team theirs = fx.team();
		long customer = fx.customer(mine);
		String body = send(mine.repToken(), "{\"customerId\":%d,\"channel\":\"CALL\",\"action\":\"拜访\"}".formatted(customer))
			.andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
		long id = ((Number) JsonPath.read(body, "$.id")).longValue();
		send(theirs.repToken(), "{\"customerId\":%d,\"channel\":\"CALL\",\"action\":\"x\"}".formatted(customer))
			.andExpect(status().isNotFound());
		mvc.perform(get("/api/activities").param("customerId", String.valueOf(customer)).header("Authorization", theirs.repToken()))
			.andExpect(status().isNotFound());
		mvc.perform(get("/api/activities/" + id).header("Authorization", theirs.repToken())).andExpect(status().isNotFound());
		mvc.perform(get("/api/activities/" + id).header("Authorization", mine.managerToken())).andExpect(status().isOk());
		mvc.perform(get("/activities/new").param("customerId", String.valueOf(customer)).session(fx.login(theirs.rep())))
			.andExpect(status().isNotFound());
		assertThat(followUps(customer)).isEqualTo(1);
	}

	@Test
	void theSameIdempotencyKeyRecordsOnceAndADifferentBodyUnderItIsRefused() throws Exception {
		CustomerFixture.Team t = fx.team();
		long customer = fx.customer(t);
		String key = LeadFixture.unique("fu-");
		String json = "{\"customerId\":%d,\"channel\":\"CALL\",\"action\":\"电话\",\"output\":\"同意\"}".formatted(customer);
		String first = mvc.perform(post("/api/activities").header("Authorization", t.repToken())
				.header("Idempotency-Key", key).contentType(MediaType.APPLICATION_JSON).content(json))
			.andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
		mvc.perform(post("/api/activities").header("Authorization", t.repToken()).header("Idempotency-Key", key)
				.contentType(MediaType.APPLICATION_JSON).content(json))
			.andExpect(status().isCreated()).andExpect(header().string("Idempotent-Replayed", "true"))
			.andExpect(jsonPath("$.id").value(((Number) JsonPath.read(first, "$.id")).longValue()));
		mvc.perform(post("/api/activities").header("Authorization", t.repToken()).header("Idempotency-Key", key)
				.contentType(MediaType.APPLICATION_JSON).content(json.replace("同意", "拒绝")))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.code").value("error.idempotency.mismatch"));
		assertThat(followUps(customer)).isEqualTo(1);
	}

	@Test
	void followUpsOnAnAssignedLeadAreSlaActionsAndFollowTheLeadIntoItsCustomer() throws Exception {
		CustomerFixture.Team t = fx.team();
		long lead = fx.lead(t.id(), LeadFixture.unique("线索跟进公司"), LeadFixture.phone());
		send(t.repToken(), "{\"leadId\":%d,\"channel\":\"CALL\",\"action\":\"打电话\",\"output\":\"客户要资料\"}".formatted(lead))
			.andExpect(status().isCreated()).andExpect(jsonPath("$.leadId").value(lead));
		send(t.repToken(), "{\"leadId\":%d,\"channel\":\"CALL\",\"action\":\"再打\"}".formatted(lead))
			.andExpect(status().isCreated());
		send(t.repToken(), "{\"leadId\":%d,\"channel\":\"MEETING\",\"action\":\"线下会议\",\"output\":\"有意向\"}".formatted(lead))
			.andExpect(status().isCreated());
		send(t.repToken(), "{\"leadId\":%d,\"channel\":\"EMAIL\",\"action\":\"发邮件\"}".formatted(lead))
			.andExpect(status().isCreated());
		assertThat(jdbc.sql("select kind from lead_action where lead_id = :l order by id").param("l", lead)
			.query(String.class).list()).containsExactly("CALL_ANSWERED", "CALL_UNANSWERED", "VISIT", "EMAIL");
		assertThat(jdbc.sql("select note from lead_action where lead_id = :l order by id limit 1").param("l", lead)
			.query(String.class).single()).endsWith("打电话 → 客户要资料");
		// a manager of the team may record too; a rep of another team may not see it
		send(t.managerToken(), "{\"leadId\":%d,\"channel\":\"WECHAT\",\"action\":\"主管微信\"}".formatted(lead))
			.andExpect(status().isCreated());
		send(fx.team().repToken(), "{\"leadId\":%d,\"channel\":\"WECHAT\",\"action\":\"x\"}".formatted(lead))
			.andExpect(status().isNotFound());

		long customer = fx.convert(lead, t.repToken());
		send(t.repToken(), "{\"leadId\":%d,\"channel\":\"CALL\",\"action\":\"转化后\"}".formatted(lead))
			.andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("error.activity.leadNotOpen"));
		mvc.perform(get("/customers/" + customer).session(fx.login(t.rep())).header("Accept-Language", "en"))
			.andExpect(status().isOk()).andExpect(content().string(containsString("打电话")))
			.andExpect(content().string(containsString("on lead #" + lead)));
		assertThat(jdbc.sql("select count(*) from lead_action where lead_id = :l").param("l", lead).query(Long.class)
			.single()).isEqualTo(5);
	}

	@Test
	void myDayListsMyOverdueAndTodaysNextStepsUntilALaterFollowUpMovesThePlanOn() throws Exception {
		CustomerFixture.Team t = fx.team();
		long c1 = fx.customer(t);
		long c2 = fx.customer(t);
		ZoneId zone = ZoneId.of(jdbc.sql("select time_zone from app_user where id = :u").param("u", t.rep())
			.query(String.class).single());
		LocalDate today = LocalDate.now(zone);
		send(t.repToken(), "{\"customerId\":%d,\"channel\":\"CALL\",\"action\":\"a\",\"nextStep\":\"今天回电\",\"nextStepDue\":\"%s\"}"
			.formatted(c1, today)).andExpect(status().isCreated());
		send(t.repToken(), "{\"customerId\":%d,\"channel\":\"CALL\",\"action\":\"b\",\"nextStep\":\"下周送样\",\"nextStepDue\":\"%s\"}"
			.formatted(c2, today.plusDays(7))).andExpect(status().isCreated());
		String overdue = send(t.repToken(), "{\"customerId\":%d,\"channel\":\"VISIT\",\"action\":\"c\",\"nextStep\":\"发报价\",\"nextStepDue\":\"%s\"}"
			.formatted(c2, today)).andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
		// the plan said three days ago (recorded earlier); nothing else happened since
		jdbc.sql("update activity set next_due_on = :d where id = :id").param("d", today.minusDays(3))
			.param("id", ((Number) JsonPath.read(overdue, "$.id")).longValue()).update();

		mvc.perform(get("/api/activities/next-steps").header("Authorization", t.repToken()))
			.andExpect(jsonPath("$.today").value(today.toString()))
			.andExpect(jsonPath("$.overdue").value(1))
			.andExpect(jsonPath("$.dueToday").value(1))
			.andExpect(jsonPath("$.items.length()").value(2))
			.andExpect(jsonPath("$.items[0].nextStep").value("发报价"))
			.andExpect(jsonPath("$.items[1].nextStep").value("今天回电"));
		mvc.perform(get("/").session(fx.login(t.rep())).header("Accept-Language", "en"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("myday-next-steps")))
			.andExpect(content().string(containsString("1 overdue")))
			.andExpect(content().string(containsString("1 today")))
			.andExpect(content().string(containsString("发报价")))
			.andExpect(content().string(org.hamcrest.Matchers.not(containsString("下周送样"))));
		// the manager's own list is not the rep's
		mvc.perform(get("/api/activities/next-steps").header("Authorization", t.managerToken()))
			.andExpect(jsonPath("$.items.length()").value(0));

		send(t.repToken(), "{\"customerId\":%d,\"channel\":\"CALL\",\"action\":\"报价已发\"}".formatted(c2))
			.andExpect(status().isCreated());
		mvc.perform(get("/api/activities/next-steps").header("Authorization", t.repToken()))
			.andExpect(jsonPath("$.overdue").value(0)).andExpect(jsonPath("$.dueToday").value(1));
		assertThat(jdbc.sql("select count(*) from activity where customer_id = :c and next_closed_at is not null")
			.param("c", c2).query(Long.class).single()).as("both earlier steps on c2 were moved on").isEqualTo(2);
	}

	@Test
	void templatesAreVersionedAndEachFollowUpKeepsTheVersionItUsed() throws Exception {
		CustomerFixture.Team t = fx.team();
		long customer = fx.customer(t);
		String code = "T_" + LeadFixture.unique("").toUpperCase();
		String v1 = """
				{"definition":{"names":{"en":"Tender prep","zh-CN":"招标准备"},"active":true,"fields":[
				  {"name":"tenderNo","type":"TEXT","required":true,"labels":{"en":"Tender number","zh-CN":"招标编号"}}]},
				 "comment":"first"}""";
		mvc.perform(put("/api/admin/templates/" + code).header("Authorization", t.repToken())
				.contentType(MediaType.APPLICATION_JSON).content(v1))
			.andExpect(status().isForbidden());
		mvc.perform(put("/api/admin/templates/" + code).header("Authorization", fx.leads.admin)
				.contentType(MediaType.APPLICATION_JSON).content(v1))
			.andExpect(status().isOk()).andExpect(jsonPath("$.version").value(1));
		String first = record(t.repToken(), customerFollowUp(customer, "CALL", code, Map.of("tenderNo", "ZB-001")), "en")
			.andExpect(status().isCreated()).andExpect(jsonPath("$.templateVersion").value(1))
			.andReturn().getResponse().getContentAsString();

		// an invalid edit is refused, naming the field, and saves nothing
		mvc.perform(put("/api/admin/templates/" + code).header("Authorization", fx.leads.admin)
				.header("Accept-Language", "en").contentType(MediaType.APPLICATION_JSON)
				.content(v1.replace("\"TEXT\",\"required\":true", "\"NUMBER\",\"min\":5,\"max\":1,\"required\":true")))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.errors[0].field").value("fields[0].min"))
			.andExpect(jsonPath("$.detail").value("The minimum 5 lies above the maximum 1."));
		mvc.perform(put("/api/admin/templates/" + code).header("Authorization", fx.leads.admin)
				.contentType(MediaType.APPLICATION_JSON)
				.content(v1.replace("\"zh-CN\":\"招标编号\"", "\"zh-CN\":\"\"")))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.errors[0].field").value("fields[0].labels.zh-CN"));
		mvc.perform(put("/api/admin/templates/" + code).header("Authorization", fx.leads.admin)
				.contentType(MediaType.APPLICATION_JSON)
				.content(v1.replace("\"fields\":[", "\"fields\":[{\"name\":\"kind\",\"type\":\"CHOICE\",\"required\":true,"
						+ "\"labels\":{\"en\":\"Kind\",\"zh-CN\":\"类型\"},\"options\":[]},")))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.errors[0].field").value("fields[0].options"));

		// version 2 adds a required deadline; new follow-ups need it, the old one keeps v1
		String v2 = v1.replace("]}", ",{\"name\":\"deadline\",\"type\":\"DATE\",\"required\":true,"
				+ "\"labels\":{\"en\":\"Deadline\",\"zh-CN\":\"截止日期\"}}]}").replace("first", "deadline");
		mvc.perform(put("/api/admin/templates/" + code).header("Authorization", fx.leads.admin)
				.contentType(MediaType.APPLICATION_JSON).content(v2))
			.andExpect(status().isOk()).andExpect(jsonPath("$.version").value(2));
		record(t.repToken(), customerFollowUp(customer, "CALL", code, Map.of("tenderNo", "ZB-002")), "en")
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.errors[0].field").value("fields.deadline"))
			.andExpect(jsonPath("$.detail").value("“Deadline” is required."));
		record(t.repToken(), customerFollowUp(customer, "CALL", code, Map.of("tenderNo", "ZB-002", "deadline", "2030-06-30")), "en")
			.andExpect(status().isCreated()).andExpect(jsonPath("$.templateVersion").value(2));
		mvc.perform(get("/api/activities/" + JsonPath.read(first, "$.id")).header("Authorization", t.repToken()))
			.andExpect(jsonPath("$.templateVersion").value(1))
			.andExpect(jsonPath("$.shown.length()").value(1));
		mvc.perform(get("/api/templates/" + code + "/versions").header("Authorization", t.repToken()))
			.andExpect(jsonPath("$.length()").value(2)).andExpect(jsonPath("$[0].comment").value("deadline"));
		assertThat(jdbc.sql("select count(*) from audit_log where entity_type = 'scenario_template' and entity_id = :c")
			.param("c", code).query(Long.class).single()).isEqualTo(2);

		// switched off: no longer offered, refused when named
		mvc.perform(put("/api/admin/templates/" + code).header("Authorization", fx.leads.admin)
				.contentType(MediaType.APPLICATION_JSON).content(v2.replace("\"active\":true", "\"active\":false")))
			.andExpect(status().isOk()).andExpect(jsonPath("$.version").value(3));
		record(t.repToken(), customerFollowUp(customer, "CALL", code, Map.of("tenderNo", "ZB-003", "deadline", "2030-06-30")), "en")
			.andExpect(status().isUnprocessableContent()).andExpect(jsonPath("$.errors[0].field").value("templateCode"));
	}

	// ------------------------------------------------------------------------------------------------------

	private ResultActions send(String token, String json) throws Exception {
		return mvc.perform(post("/api/activities").header("Authorization", token).header("Accept-Language", "en")
			.contentType(MediaType.APPLICATION_JSON).content(json));
	}

	private ResultActions record(String token, Map<String, Object> body, String language) throws Exception {
		return mvc.perform(post("/api/activities").header("Authorization", token).header("Accept-Language", language)
			.contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(body)));
	}

	private static Map<String, Object> customerFollowUp(long customer, String channel, String template,
			Map<String, Object> fields) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("customerId", customer);
		body.put("channel", channel);
		body.put("action", "按场景沟通");
		body.put("output", "客户已答复");
		body.put("templateCode", template);
		body.put("fields", fields);
		return body;
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> template(String code) throws Exception {
		String body = mvc.perform(get("/api/templates/" + code).header("Authorization", fx.leads.admin))
			.andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
		return (Map<String, Object>) json.readValue(body, Map.class).get("definition");
	}

	private int currentVersion(String code) throws Exception {
		String body = mvc.perform(get("/api/templates/" + code).header("Authorization", fx.leads.admin))
			.andReturn().getResponse().getContentAsString();
		return JsonPath.read(body, "$.version");
	}

	@SuppressWarnings("unchecked")
	private static Object validValue(Map<String, Object> field) {
		return switch ((String) field.get("type")) {
			case "TEXT" -> "测试内容";
			case "NUMBER" -> field.get("max") != null ? field.get("max") : field.get("min") != null ? field.get("min") : 1;
			case "CHOICE" -> ((List<Map<String, Object>>) field.get("options")).get(0).get("code");
			case "DATE" -> LocalDate.now().plusDays(10).toString();
			default -> throw new IllegalArgumentException(String.valueOf(field.get("type")));
		};
	}

	private long followUps(long customer) {
		return jdbc.sql("select count(*) from activity where customer_id = :c").param("c", customer).query(Long.class)
			.single();
	}
}
