package dev.closer.activities;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
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

import com.jayway.jsonpath.JsonPath;

import dev.closer.customers.CustomerFixture;
import dev.closer.support.IntegrationTest;
import tools.jackson.databind.json.JsonMapper;

/**
 * SPEC F5 (and P5 for its rules): the quality score 1-5 of a follow-up with its explained factors, pinned for three
 * representative follow-ups; the scoring rule and the keyword dictionary as validated, versioned data; the manager
 * review queue (scope, filters, marking reviewed with a comment, audit, export, my day).
 */
@IntegrationTest
class QualityApiTests {

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

	static Map<String, Object> bare(long customer) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("customerId", customer);
		body.put("channel", "CALL");
		body.put("action", "打了个电话");
		return body;
	}

	static Map<String, Object> middling(long customer) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("customerId", customer);
		body.put("channel", "CALL");
		body.put("input", "客户想了解交付周期");
		body.put("action", "介绍了产品");
		body.put("output", "客户说再考虑");
		return body;
	}

	static Map<String, Object> complete(long customer) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("customerId", customer);
		body.put("channel", "VISIT");
		body.put("input", "客户问预算怎么批？");
		body.put("action", "发了方案给设备科");
		body.put("output", "客户说下周定");
		body.put("blocker", "等院长审批");
		body.put("nextStep", "约下周三拜访院长");
		body.put("nextStepDue", LocalDate.now(ZoneId.of("Asia/Shanghai")).plusDays(2).toString());
		return body;
	}

	@Test
	void scoresArePinnedForThreeRepresentativeFollowUps() throws Exception {
		CustomerFixture.Team t = fx.team();
		long customer = fx.customer(t);
		long one = record(t.repToken(), bare(customer));
		quality(t.repToken(), one)
			.andExpect(jsonPath("$.score").value(1))
			.andExpect(jsonPath("$.light").value("red"))
			.andExpect(jsonPath("$.percent").value(10))
			.andExpect(jsonPath("$.factors[0].code").value("COMPLETENESS"))
			.andExpect(jsonPath("$.factors[0].points").value(10))
			.andExpect(jsonPath("$.factors[0].max").value(50))
			.andExpect(jsonPath("$.factors[0].reason").value("1 of 5 items filled; missing: Input, Output, Blocker, Next step."))
			.andExpect(jsonPath("$.factors[1].code").value("KEY_ACTIONS"))
			.andExpect(jsonPath("$.factors[1].points").value(0))
			.andExpect(jsonPath("$.factors[1].max").value(30))
			.andExpect(jsonPath("$.factors[2].code").value("QUESTIONS"))
			.andExpect(jsonPath("$.factors[2].points").value(0))
			.andExpect(jsonPath("$.factors[2].reason").value("No customer question or topic captured."))
			.andExpect(jsonPath("$.reviewStatus").value("PENDING"));

		long three = record(t.repToken(), middling(customer));
		quality(t.repToken(), three)
			.andExpect(jsonPath("$.score").value(3))
			.andExpect(jsonPath("$.light").value("yellow"))
			.andExpect(jsonPath("$.percent").value(40))
			.andExpect(jsonPath("$.factors[0].points").value(30))
			.andExpect(jsonPath("$.factors[1].points").value(0))
			.andExpect(jsonPath("$.factors[2].points").value(10))
			.andExpect(jsonPath("$.factors[2].reason").value("Topics named but no question captured: Delivery time."))
			.andExpect(jsonPath("$.reviewStatus").doesNotExist());

		long five = record(t.repToken(), complete(customer));
		quality(t.repToken(), five)
			.andExpect(jsonPath("$.score").value(5))
			.andExpect(jsonPath("$.light").value("green"))
			.andExpect(jsonPath("$.percent").value(100))
			.andExpect(jsonPath("$.factors[0].points").value(50))
			.andExpect(jsonPath("$.factors[1].points").value(30))
			.andExpect(jsonPath("$.factors[1].reason").value(
					"Found: Deck or proposal sent, Next meeting booked; missing: Demo given, Decision maker met."))
			.andExpect(jsonPath("$.factors[2].points").value(20))
			.andExpect(jsonPath("$.factors[2].reason").value("The customer’s question is captured (topics: Budget)."))
			.andExpect(jsonPath("$.reviewStatus").doesNotExist());
		// in Chinese, and stored with the follow-up
		mvc.perform(get("/api/activities/" + one + "/quality").header("Authorization", t.repToken())
				.header("Accept-Language", "zh-CN"))
			.andExpect(jsonPath("$.factors[0].label").value("完整度"))
			.andExpect(jsonPath("$.factors[0].reason").value(containsString("已填 1/5 项")));
		assertThat(jdbc.sql("select score from activity_quality where activity_id in (:ids) order by activity_id")
			.param("ids", List.of(one, three, five)).query(Integer.class).list()).containsExactly(1, 3, 5);
		// the dot on the customer's timeline, factors on expand
		mvc.perform(get("/customers/" + customer).session(fx.login(t.rep())))
			.andExpect(content().string(containsString("id=\"quality-" + one + "\"")))
			.andExpect(content().string(containsString("quality-red")))
			.andExpect(content().string(containsString("quality-green")));
		// out of scope: 404
		CustomerFixture.Team other = fx.team();
		quality(other.repToken(), one).andExpect(status().isNotFound());
	}

	@Test
	void templateFieldsCountTowardsCompleteness() throws Exception {
		CustomerFixture.Team t = fx.team();
		long customer = fx.customer(t);
		Map<String, Object> body = bare(customer);
		body.put("templateCode", "PRICE_OBJECTION");
		body.put("fields", Map.of("customerWords", "太贵了", "ourResponse", "可分期", "acceptance", 3));
		long id = record(t.repToken(), body);
		// action + 3 fields of 8 items: 50 × 4 / 8 = 25
		quality(t.repToken(), id)
			.andExpect(jsonPath("$.factors[0].points").value(25))
			.andExpect(jsonPath("$.factors[0].reason").value("4 of 8 items filled; missing: Input, Output, Blocker, Next step."));
	}

	@Test
	void theRuleIsVersionedDataValidatedOnSaveAndEachScoreKeepsItsVersion() throws Exception {
		String admin = fx.leads.admin;
		String current = mvc.perform(get("/api/admin/quality-rule").header("Authorization", admin))
			.andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
		int before = JsonPath.read(current, "$.version");
		Map<String, Object> original = JsonPath.read(current, "$.definition");
		CustomerFixture.Team t = fx.team();
		long customer = fx.customer(t);
		long old = record(t.repToken(), bare(customer));
		try {
			Map<String, Object> rule = new LinkedHashMap<>(original);
			rule.put("thresholds", List.of(20, 20, 60, 80));
			saveRule(admin, rule).andExpect(status().isUnprocessableContent())
				.andExpect(jsonPath("$.errors[0].field").value("thresholds[1]"));
			rule = new LinkedHashMap<>(original);
			rule.put("weights", Map.of("COMPLETENESS", 120, "KEY_ACTIONS", 0, "QUESTIONS", 0));
			saveRule(admin, rule).andExpect(status().isUnprocessableContent())
				.andExpect(jsonPath("$.errors[0].field").value("weights.COMPLETENESS"));
			rule = new LinkedHashMap<>(original);
			rule.put("questionTopics", List.of("NOPE"));
			saveRule(admin, rule).andExpect(status().isUnprocessableContent())
				.andExpect(jsonPath("$.errors[0].field").value("questionTopics[0]"))
				.andExpect(jsonPath("$.detail").value("“NOPE” is not a topic of the keyword dictionary."));
			mvc.perform(put("/api/admin/quality-rule").header("Authorization", t.managerToken())
					.contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(Map.of("rule", original))))
				.andExpect(status().isForbidden());
			assertThat(version(admin, "/api/admin/quality-rule")).isEqualTo(before);

			rule = new LinkedHashMap<>(original);
			rule.put("weights", Map.of("COMPLETENESS", 100, "KEY_ACTIONS", 0, "QUESTIONS", 0));
			saveRule(admin, rule).andExpect(status().isOk()).andExpect(jsonPath("$.version").value(before + 1));
			long now = record(t.repToken(), bare(customer));
			quality(t.repToken(), now).andExpect(jsonPath("$.score").value(2))
				.andExpect(jsonPath("$.factors[0].points").value(20))
				.andExpect(jsonPath("$.ruleVersion").value(before + 1));
			quality(t.repToken(), old).andExpect(jsonPath("$.score").value(1))
				.andExpect(jsonPath("$.ruleVersion").value(before));
			mvc.perform(get("/api/admin/quality-rule/versions").header("Authorization", admin))
				.andExpect(jsonPath("$[0].version").value(before + 1));
		}
		finally {
			saveRule(admin, original).andExpect(status().isOk());
		}
	}

	@Test
	void theKeywordDictionaryIsVersionedDataValidatedOnSave() throws Exception {
		String admin = fx.leads.admin;
		String current = mvc.perform(get("/api/admin/keyword-dictionary").header("Authorization", admin))
			.andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
		int before = JsonPath.read(current, "$.version");
		List<Map<String, Object>> topics = JsonPath.read(current, "$.definition.topics");
		Map<String, Object> ruleBefore = JsonPath.read(mvc.perform(get("/api/admin/quality-rule").header("Authorization", admin))
			.andReturn().getResponse().getContentAsString(), "$.definition");
		try {
			saveTopics(admin, List.of(topic("BUDGET", List.of("预算"), List.of()), topic("PRICE", List.of("预算"), List.of())))
				.andExpect(status().isUnprocessableContent())
				.andExpect(jsonPath("$.errors[0].field").value("topics[1].zh[0]"))
				.andExpect(jsonPath("$.detail").value("The term “预算” is under two topics: BUDGET and PRICE."));
			saveTopics(admin, List.of(topic("BUDGET", List.of("预算", " "), List.of())))
				.andExpect(status().isUnprocessableContent())
				.andExpect(jsonPath("$.errors[0].field").value("topics[0].zh[1]"));
			saveTopics(admin, List.of(topic("BUDGET", List.of(), List.of("Budget", "budget"))))
				.andExpect(status().isUnprocessableContent())
				.andExpect(jsonPath("$.errors[0].field").value("topics[0].en[1]"));
			saveTopics(admin, List.of(topic("bad code", List.of("预算"), List.of())))
				.andExpect(status().isUnprocessableContent())
				.andExpect(jsonPath("$.errors[0].field").value("topics[0].code"));
			java.util.ArrayList<Map<String, Object>> many = new java.util.ArrayList<>();
			for (int i = 0; i < 61; i++) {
				many.add(topic("T" + i, List.of("词" + i), List.of()));
			}
			saveTopics(admin, many).andExpect(status().isUnprocessableContent())
				.andExpect(jsonPath("$.errors[0].field").value("topics"));
			// a topic the quality rule refers to cannot disappear
			Map<String, Object> rule = new LinkedHashMap<>(ruleBefore);
			rule.put("questionTopics", List.of("BUDGET"));
			saveRule(admin, rule).andExpect(status().isOk());
			saveTopics(admin, List.of(topic("PRICE", List.of("价格"), List.of())))
				.andExpect(status().isUnprocessableContent())
				.andExpect(jsonPath("$.code").value("error.keywords.referenced"));
			saveRule(admin, ruleBefore).andExpect(status().isOk());
			assertThat(version(admin, "/api/admin/keyword-dictionary")).isEqualTo(before);

			// a new version takes effect at once and transcripts record it
			java.util.ArrayList<Map<String, Object>> more = new java.util.ArrayList<>(topics);
			more.add(topic("INSTALLATION", List.of("安装调试"), List.of("installation")));
			saveTopics(admin, more).andExpect(status().isOk()).andExpect(jsonPath("$.version").value(before + 1));
			CustomerFixture.Team t = fx.team();
			long customer = fx.customer(t);
			mvc.perform(post("/api/customers/" + customer + "/transcripts").header("Authorization", t.repToken())
					.contentType(MediaType.APPLICATION_JSON)
					.content("{\"segments\":[{\"start\":1,\"speaker\":\"客户\",\"text\":\"安装调试要几天？\"}]}"))
				.andExpect(status().isCreated())
				.andExpect(jsonPath("$.dictionaryVersion").value(before + 1))
				.andExpect(jsonPath("$.summary[0].topic").value("INSTALLATION"));
			assertThat(jdbc.sql("select dictionary_version from topic_mention where customer_id = :c").param("c", customer)
				.query(Integer.class).list()).containsExactly(before + 1);
			// the admin page shows the lines and saves through the same validation
			var session = fx.login("admin", "closer");
			mvc.perform(get("/admin/keyword-dictionary").session(session)).andExpect(status().isOk())
				.andExpect(content().string(containsString("安装调试 | installation")));
			mvc.perform(post("/admin/keyword-dictionary").session(session).with(csrf()).header("Accept-Language", "en")
					.param("text", "BUDGET | Budget | 预算 | 预算、、经费 | budget"))
				.andExpect(status().isOk()).andExpect(content().string(containsString("The topic BUDGET has an empty term.")));
			mvc.perform(get("/admin/quality-rule").session(session)).andExpect(status().isOk())
				.andExpect(content().string(containsString("keyActionTarget")));
		}
		finally {
			saveTopics(admin, topics).andExpect(status().isOk());
		}
	}

	@Test
	void lowScoresWaitInTheTeamManagersReviewQueue() throws Exception {
		CustomerFixture.Team t = fx.team();
		CustomerFixture.Team other = fx.team();
		long customer = fx.customer(t);
		long low = record(t.repToken(), bare(customer));
		record(t.repToken(), complete(customer));
		record(other.repToken(), bare(fx.customer(other)));

		mvc.perform(get("/api/activities/review-queue").header("Authorization", t.managerToken()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.total").value(1))
			.andExpect(jsonPath("$.items[0].activityId").value(low))
			.andExpect(jsonPath("$.items[0].score").value(1))
			.andExpect(jsonPath("$.items[0].status").value("PENDING"));
		mvc.perform(get("/api/activities/review-queue").header("Authorization", t.managerToken()).param("score", "2"))
			.andExpect(jsonPath("$.total").value(0));
		mvc.perform(get("/api/activities/review-queue").header("Authorization", t.managerToken())
				.param("repId", String.valueOf(t.rep())))
			.andExpect(jsonPath("$.total").value(1));
		mvc.perform(get("/api/activities/review-queue").header("Authorization", t.repToken())).andExpect(status().isForbidden());
		mvc.perform(get("/api/activities/review-queue").header("Authorization", t.managerToken()).param("status", "LATER"))
			.andExpect(status().isUnprocessableContent());
		var managerSession = fx.login(t.manager());
		mvc.perform(get("/").session(managerSession))
			.andExpect(content().string(containsString("myday-review-count")));
		assertThat(myDayCount(managerSession)).isEqualTo("1");
		mvc.perform(get("/activities/review").session(managerSession))
			.andExpect(status().isOk()).andExpect(content().string(containsString("review-" + low)));
		mvc.perform(get("/activities/review").session(fx.login(t.rep()))).andExpect(status().isForbidden());
		mvc.perform(get("/activities/review/export").session(managerSession))
			.andExpect(status().isOk())
			.andExpect(content().contentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));

		// the other team's manager cannot see or review it
		mvc.perform(post("/api/activities/" + low + "/review").header("Authorization", other.managerToken())
				.contentType(MediaType.APPLICATION_JSON).content("{\"comment\":\"?\"}"))
			.andExpect(status().isNotFound());
		mvc.perform(post("/api/activities/" + low + "/review").header("Authorization", t.managerToken())
				.contentType(MediaType.APPLICATION_JSON).content("{\"comment\":\"下次把客户的原话记下来\"}"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("REVIEWED"))
			.andExpect(jsonPath("$.comment").value("下次把客户的原话记下来"))
			.andExpect(jsonPath("$.reviewedBy").value("周敏"));
		mvc.perform(post("/api/activities/" + low + "/review").header("Authorization", t.managerToken())
				.contentType(MediaType.APPLICATION_JSON).content("{}"))
			.andExpect(status().isConflict());
		assertThat(jdbc.sql("select count(*) from audit_log where entity_type = 'activity_quality' and entity_id = :id")
			.param("id", String.valueOf(low)).query(Long.class).single()).isEqualTo(1);
		mvc.perform(get("/api/activities/review-queue").header("Authorization", t.managerToken()))
			.andExpect(jsonPath("$.total").value(0));
		mvc.perform(get("/api/activities/review-queue").header("Authorization", t.managerToken()).param("status", "REVIEWED"))
			.andExpect(jsonPath("$.total").value(1));
		assertThat(myDayCount(managerSession)).isEqualTo("0");
		// marking through the page
		long another = record(t.repToken(), bare(customer));
		mvc.perform(post("/activities/review/" + another).session(managerSession).with(csrf()).param("comment", "ok"))
			.andExpect(status().is3xxRedirection());
		mvc.perform(get("/activities/review").session(managerSession).param("status", "REVIEWED"))
			.andExpect(content().string(containsString("review-" + another)));
		assertThat(jdbc.sql("select review_comment from activity_quality where activity_id = :id").param("id", another)
			.query(String.class).single()).isEqualTo("ok");
	}

	private String myDayCount(org.springframework.mock.web.MockHttpSession session) throws Exception {
		String page = mvc.perform(get("/").session(session)).andReturn().getResponse().getContentAsString();
		int at = page.indexOf("id=\"myday-review-count\"");
		int start = page.indexOf('>', at) + 1;
		return page.substring(start, page.indexOf('<', start)).strip();
	}

	static Map<String, Object> topic(String code, List<String> zh, List<String> en) {
		Map<String, Object> t = new LinkedHashMap<>();
		t.put("code", code);
		t.put("labels", Map.of("en", code, "zh-CN", code));
		t.put("zh", zh);
		t.put("en", en);
		return t;
	}

	private org.springframework.test.web.servlet.ResultActions saveTopics(String admin, List<Map<String, Object>> topics)
			throws Exception {
		return mvc.perform(put("/api/admin/keyword-dictionary").header("Authorization", admin)
			.header("Accept-Language", "en").contentType(MediaType.APPLICATION_JSON)
			.content(json.writeValueAsString(Map.of("topics", topics, "comment", "test"))));
	}

	private org.springframework.test.web.servlet.ResultActions saveRule(String admin, Map<String, Object> rule)
			throws Exception {
		return mvc.perform(put("/api/admin/quality-rule").header("Authorization", admin).header("Accept-Language", "en")
			.contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(Map.of("rule", rule, "comment", "test"))));
	}

	private int version(String admin, String path) throws Exception {
		return JsonPath.read(mvc.perform(get(path).header("Authorization", admin)).andReturn().getResponse()
			.getContentAsString(), "$.version");
	}

	private long record(String token, Map<String, Object> body) throws Exception {
		String response = mvc.perform(post("/api/activities").header("Authorization", token)
				.contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(body)))
			.andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
		return ((Number) JsonPath.read(response, "$.id")).longValue();
	}

	private org.springframework.test.web.servlet.ResultActions quality(String token, long id) throws Exception {
		return mvc.perform(get("/api/activities/" + id + "/quality").header("Authorization", token)
			.header("Accept-Language", "en"));
	}
}
