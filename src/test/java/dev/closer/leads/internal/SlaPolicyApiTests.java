package dev.closer.leads.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.MediaType;

/** SLA policy editing and the action API: validation, versions, permissions, scope, idempotency. */
class SlaPolicyApiTests extends SlaTestSupport {

	static final String VALID_TAIL = "\"recycleAfter\":\"24h\",\"recycleKinds\":[\"WECHAT\"],\"yellowAfter\":\"48h\",\"redAfter\":\"72h\"";

	@Test
	void defaultsAreVersionOneAndASavedPolicyIsVersionTwoAndAudited() throws Exception {
		long team = fixture.team();
		mvc.perform(get("/api/teams/" + team + "/sla-policy").header("Authorization", fixture.admin))
			.andExpect(status().isOk()).andExpect(jsonPath("$.version").value(1))
			.andExpect(jsonPath("$.policy.ladders.A[0].after").value("PT30M"))
			.andExpect(jsonPath("$.policy.ladders.A[0].without[0]").value("CALL_ANSWERED"))
			.andExpect(jsonPath("$.policy.ladders.A[0].action").value("REMIND_OWNER"))
			.andExpect(jsonPath("$.policy.ladders.A[1].after").value("PT2H"))
			.andExpect(jsonPath("$.policy.ladders.A[1].action").value("POPUP_OWNER"))
			.andExpect(jsonPath("$.policy.ladders.A[2].after").value("PT4H"))
			.andExpect(jsonPath("$.policy.ladders.A[2].action").value("EMAIL_MANAGER"))
			.andExpect(jsonPath("$.policy.recycleAfter").value("PT24H"))
			.andExpect(jsonPath("$.policy.redAfter").value("PT72H"));
		slaPolicy(team, "{\"ladders\":{\"B\":[{\"after\":\"1h30m\",\"without\":[\"sms\"],\"action\":\"remind_owner\"}]},"
				+ VALID_TAIL + "}");
		mvc.perform(get("/api/teams/" + team + "/sla-policy/history").header("Authorization", fixture.admin))
			.andExpect(jsonPath("$.length()").value(2)).andExpect(jsonPath("$[0].version").value(2))
			.andExpect(jsonPath("$[0].policy.ladders.B[0].after").value("PT1H30M"))
			.andExpect(jsonPath("$[0].policy.ladders.B[0].without[0]").value("SMS"));
		assertThat(jdbc.sql("select count(*) from audit_log where entity_type = 'sla_policy' and entity_id = :t")
			.param("t", String.valueOf(team)).query(Long.class).single()).isEqualTo(1);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = {
			"zero duration|{\"after\":\"0s\",\"without\":[\"WECHAT\"],\"action\":\"REMIND_OWNER\"}|ladders.A[0].after|zero",
			"negative duration|{\"after\":\"-PT5M\",\"without\":[\"WECHAT\"],\"action\":\"REMIND_OWNER\"}|ladders.A[0].after|zero",
			"not a duration|{\"after\":\"soon\",\"without\":[\"WECHAT\"],\"action\":\"REMIND_OWNER\"}|ladders.A[0].after|soon",
			"step after recycling|{\"after\":\"25h\",\"without\":[\"WECHAT\"],\"action\":\"REMIND_OWNER\"}|ladders.A[0].after|recycling",
			"unknown action kind|{\"after\":\"1h\",\"without\":[\"FAX\"],\"action\":\"REMIND_OWNER\"}|ladders.A[0].without|FAX",
			"unknown step action|{\"after\":\"1h\",\"without\":[\"WECHAT\"],\"action\":\"SHOUT\"}|ladders.A[0].action|SHOUT",
			"no stopping kind|{\"after\":\"1h\",\"without\":[],\"action\":\"REMIND_OWNER\"}|ladders.A[0].without|least" })
	void badStepsAreRefusedWithTheFieldNamedAndNothingStored(String name, String step, String field, String text)
			throws Exception {
		long team = fixture.team();
		mvc.perform(put("/api/teams/" + team + "/sla-policy").header("Authorization", fixture.admin)
				.header("Accept-Language", "en").contentType(MediaType.APPLICATION_JSON)
				.content("{\"policy\":{\"ladders\":{\"A\":[" + step + "]}," + VALID_TAIL + "}}"))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.errors[0].field").value(field))
			.andExpect(jsonPath("$.errors[0].message", org.hamcrest.Matchers.containsString(text)));
		assertThat(jdbc.sql("select count(*) from sla_policy where team_id = :t").param("t", team).query(Long.class)
			.single()).as("nothing but the defaults").isLessThanOrEqualTo(1);
	}

	@Test
	void yellowMustComeBeforeRedAndAStepCannotFollowAReleaseAndMessagesAreLocalised() throws Exception {
		long team = fixture.team();
		mvc.perform(put("/api/teams/" + team + "/sla-policy").header("Authorization", fixture.admin)
				.header("Accept-Language", "zh-CN").contentType(MediaType.APPLICATION_JSON)
				.content("{\"policy\":{\"ladders\":{},\"recycleAfter\":null,\"yellowAfter\":\"72h\",\"redAfter\":\"72h\"}}"))
			.andExpect(status().isUnprocessableContent()).andExpect(jsonPath("$.errors[0].field").value("yellowAfter"))
			.andExpect(jsonPath("$.errors[0].message").value("黄灯时间必须早于红灯时间。"));
		mvc.perform(put("/api/teams/" + team + "/sla-policy").header("Authorization", fixture.admin)
				.contentType(MediaType.APPLICATION_JSON).content("""
						{"policy":{"ladders":{"C":[{"after":"1h","without":["WECHAT"],"action":"RELEASE_TO_POOL"},
						 {"after":"2h","without":["WECHAT"],"action":"REMIND_OWNER"}]},""" + VALID_TAIL + "}}"))
			.andExpect(status().isUnprocessableContent()).andExpect(jsonPath("$.errors[0].field").value("ladders.C[1]"));
	}

	@Test
	void onlyManagersOfTheTeamOrAdminsEditAndOthersCannotSeeIt() throws Exception {
		long team = fixture.team();
		long other = fixture.team();
		String rep = fixture.tokenOf(fixture.user(team, "REP", "甲"));
		String otherManager = fixture.tokenOf(fixture.user(other, "MANAGER", "乙"));
		String manager = fixture.tokenOf(fixture.user(team, "MANAGER", "丙"));
		String body = "{\"policy\":{\"ladders\":{}," + VALID_TAIL + "}}";
		mvc.perform(put("/api/teams/" + team + "/sla-policy").header("Authorization", rep)
				.contentType(MediaType.APPLICATION_JSON).content(body)).andExpect(status().isForbidden());
		mvc.perform(put("/api/teams/" + team + "/sla-policy").header("Authorization", otherManager)
				.contentType(MediaType.APPLICATION_JSON).content(body)).andExpect(status().isForbidden());
		mvc.perform(get("/api/teams/" + team + "/sla-policy").header("Authorization", otherManager))
			.andExpect(status().isForbidden());
		mvc.perform(put("/api/teams/" + team + "/sla-policy").header("Authorization", manager)
				.contentType(MediaType.APPLICATION_JSON).content(body)).andExpect(status().isOk())
			.andExpect(jsonPath("$.version").value(2));
	}

	@Test
	void actionApiRefusesUnknownTypesOtherRepsOtherTeamsAndPoolLeadsAndHonoursIdempotencyKeys() throws Exception {
		long team = fixture.team();
		long rep = fixture.user(team, "REP", "丁");
		long lead = leadC(team);
		String owner = fixture.tokenOf(rep);
		String colleague = fixture.tokenOf(fixture.user(team, "REP", "戊"));
		String stranger = fixture.tokenOf(fixture.user(fixture.team(), "REP", "己"));

		mvc.perform(post("/api/leads/" + lead + "/actions").header("Authorization", owner).header("Accept-Language", "en")
				.contentType(MediaType.APPLICATION_JSON).content("{\"type\":\"FAX\"}"))
			.andExpect(status().isUnprocessableContent()).andExpect(jsonPath("$.errors[0].field").value("type"))
			.andExpect(jsonPath("$.errors[0].message", org.hamcrest.Matchers.containsString("FAX")));
		long missing = jdbc.sql("select max(id) + 1000 from lead").query(Long.class).single();
		mvc.perform(post("/api/leads/" + missing + "/actions").header("Authorization", owner)
				.contentType(MediaType.APPLICATION_JSON).content("{\"type\":\"WECHAT\"}"))
			.andExpect(status().isNotFound());
		mvc.perform(post("/api/leads/" + lead + "/actions").header("Authorization", stranger)
				.contentType(MediaType.APPLICATION_JSON).content("{\"type\":\"WECHAT\"}"))
			.andExpect(status().isNotFound());
		mvc.perform(post("/api/leads/" + lead + "/actions").header("Authorization", colleague)
				.contentType(MediaType.APPLICATION_JSON).content("{\"type\":\"WECHAT\"}"))
			.andExpect(status().is4xxClientError()).andExpect(status().is(org.hamcrest.Matchers.not(201)));
		assertThat(jdbc.sql("select count(*) from lead_action where lead_id = :l").param("l", lead).query(Long.class)
			.single()).isZero();

		for (int i = 0; i < 2; i++) {
			mvc.perform(post("/api/leads/" + lead + "/actions").header("Authorization", owner)
					.header("Idempotency-Key", "act-" + lead).contentType(MediaType.APPLICATION_JSON)
					.content("{\"type\":\"wechat\",\"note\":\"加了微信\"}"))
				.andExpect(status().isCreated()).andExpect(jsonPath("$.action.kind").value("WECHAT"))
				.andExpect(jsonPath("$.sla.firstResponseAt").isNotEmpty());
		}
		assertThat(jdbc.sql("select count(*) from lead_action where lead_id = :l").param("l", lead).query(Long.class)
			.single()).isEqualTo(1);
		mvc.perform(get("/api/leads/" + lead + "/actions").header("Authorization", owner))
			.andExpect(jsonPath("$[0].note").value("加了微信"));

		mvc.perform(post("/api/leads/" + lead + "/release").header("Authorization", owner)
				.contentType(MediaType.APPLICATION_JSON).content("{\"reason\":\"不是我的区域\"}"))
			.andExpect(status().isOk());
		mvc.perform(post("/api/leads/" + lead + "/actions").header("Authorization", owner)
				.contentType(MediaType.APPLICATION_JSON).content("{\"type\":\"WECHAT\"}"))
			.andExpect(status().is4xxClientError());
	}
}
