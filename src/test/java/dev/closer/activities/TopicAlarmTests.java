package dev.closer.activities;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

import dev.closer.customers.CustomerFixture;
import dev.closer.support.IntegrationTest;
import tools.jackson.databind.json.JsonMapper;

/**
 * SPEC F6: the customer raised the same topic 3 times (follow-ups' input / output and the customer's side of
 * transcripts) while the latest follow-up's blocker is empty → the team's manager is alerted once per (customer,
 * topic); 2 raisings do not, a 4th does not alert again, a recorded blocker prevents and clears it.
 */
@IntegrationTest
class TopicAlarmTests {

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
	void threeRaisingsWithoutABlockerAlertTheManagerExactlyOnce() throws Exception {
		CustomerFixture.Team t = fx.team();
		long customer = fx.customer(t);
		followUp(t, customer, "客户问预算多少", null, null);
		// a transcript: the customer's segment counts, the rep's does not
		mvc.perform(post("/api/customers/" + customer + "/transcripts").header("Authorization", t.repToken())
				.contentType(MediaType.APPLICATION_JSON).content("""
						{"segments":[{"start":1,"speaker":"销售","text":"预算的事我来跟进"},
						             {"start":5,"speaker":"客户","text":"预算还没批下来"}]}"""))
			.andExpect(status().isCreated());
		assertThat(raisings(customer, "BUDGET")).isEqualTo(2);
		assertThat(alarms(customer)).isZero();
		assertThat(notices(t.manager())).isZero();

		followUp(t, customer, null, "客户又提到预算的问题", null);
		assertThat(raisings(customer, "BUDGET")).isEqualTo(3);
		assertThat(alarms(customer)).isEqualTo(1);
		assertThat(notices(t.manager())).isEqualTo(1);
		assertThat(notices(t.rep())).isZero();
		assertThat(jdbc.sql("select count(*) from notification_delivery where recipient_id = :u and category = 'activity.repeatedTopic' and channel = 'EMAIL'")
			.param("u", t.manager()).query(Long.class).single()).isEqualTo(1);
		int dictionaryVersion = jdbc.sql("select max(version) from activity_rule where kind = 'KEYWORDS'").query(Integer.class).single();
		mvc.perform(get("/api/customers/" + customer + "/topic-alarms").header("Authorization", t.managerToken()))
			.andExpect(jsonPath("$.length()").value(1))
			.andExpect(jsonPath("$[0].topic").value("BUDGET"))
			.andExpect(jsonPath("$[0].mentions").value(3))
			.andExpect(jsonPath("$[0].dictionaryVersion").value(dictionaryVersion))
			.andExpect(jsonPath("$[0].notified").value(1))
			.andExpect(jsonPath("$[0].open").value(true));
		mvc.perform(get("/customers/" + customer).session(fx.login(t.manager())))
			.andExpect(content().string(containsString("topic-alarm-")))
			.andExpect(content().string(containsString("The customer raised “Budget” 3 times")));

		followUp(t, customer, "预算还是卡着", null, null);
		assertThat(raisings(customer, "BUDGET")).isEqualTo(4);
		assertThat(alarms(customer)).isEqualTo(1);
		assertThat(notices(t.manager())).isEqualTo(1);

		// a blocker recorded clears it
		followUp(t, customer, null, "客户说先等等", "财务冻结预算到下季度");
		mvc.perform(get("/api/customers/" + customer + "/topic-alarms").header("Authorization", t.managerToken()))
			.andExpect(jsonPath("$[0].open").value(false));
		followUp(t, customer, "预算呢？", null, null);
		assertThat(alarms(customer)).isEqualTo(1);
		assertThat(notices(t.manager())).isEqualTo(1);
		// another team sees none of it
		CustomerFixture.Team other = fx.team();
		mvc.perform(get("/api/customers/" + customer + "/topic-alarms").header("Authorization", other.managerToken()))
			.andExpect(status().isNotFound());
	}

	@Test
	void aRecordedBlockerMeansNoAlarm() throws Exception {
		CustomerFixture.Team t = fx.team();
		long customer = fx.customer(t);
		followUp(t, customer, "客户说竞品更便宜", null, null);
		followUp(t, customer, "又提到竞品", null, null);
		followUp(t, customer, "客户第三次说竞品报价低", null, "竞品低价，需要申请特价");
		assertThat(raisings(customer, "COMPETITOR")).isEqualTo(3);
		assertThat(alarms(customer)).isZero();
		assertThat(notices(t.manager())).isZero();
	}

	@Test
	void topicsOnlyTheRepMentionsDoNotCount() throws Exception {
		CustomerFixture.Team t = fx.team();
		long customer = fx.customer(t);
		for (int i = 0; i < 3; i++) {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("customerId", customer);
			body.put("channel", "CALL");
			body.put("action", "我方介绍了交付周期和预算方案");
			record(t, body);
		}
		assertThat(raisings(customer, "BUDGET")).isZero();
		assertThat(alarms(customer)).isZero();
	}

	private void followUp(CustomerFixture.Team t, long customer, String input, String output, String blocker)
			throws Exception {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("customerId", customer);
		body.put("channel", "CALL");
		body.put("input", input);
		body.put("action", "电话沟通");
		body.put("output", output);
		body.put("blocker", blocker);
		record(t, body);
	}

	private void record(CustomerFixture.Team t, Map<String, Object> body) throws Exception {
		mvc.perform(post("/api/activities").header("Authorization", t.repToken()).contentType(MediaType.APPLICATION_JSON)
				.content(json.writeValueAsString(body)))
			.andExpect(status().isCreated());
	}

	private long raisings(long customer, String topic) {
		return jdbc.sql("select count(*) from topic_mention where customer_id = :c and topic = :t and customer_side = true")
			.param("c", customer).param("t", topic).query(Long.class).single();
	}

	private long alarms(long customer) {
		return jdbc.sql("select count(*) from topic_alarm where customer_id = :c").param("c", customer).query(Long.class)
			.single();
	}

	private long notices(long user) {
		return jdbc.sql("select count(*) from notification where recipient_id = :u and category = 'activity.repeatedTopic'")
			.param("u", user).query(Long.class).single();
	}
}
