package dev.closer.leads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

import dev.closer.support.IntegrationTest;

/** SPEC L1: public web forms per team, token-protected, rate-limited, through the normal intake. */
@IntegrationTest
class WebFormTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcClient jdbc;

	@Test
	void anonymousVisitorsSubmitLeadsThatAreAllocatedAndBotsAndFloodsAreStopped() throws Exception {
		LeadFixture fx = new LeadFixture(mvc, jdbc);
		long team = fx.team();
		long rep = fx.user(team, "REP", "R");
		MockHttpSession admin = new MockHttpSession();
		mvc.perform(post("/login").session(admin).with(csrf()).param("username", "admin").param("password", "closer"));
		mvc.perform(post("/leads/policy/forms").session(admin).with(csrf()).param("teamId", String.valueOf(team))
				.param("name", "官网咨询").param("campaign", "双十一"))
			.andExpect(status().is3xxRedirection());
		String token = jdbc.sql("select token from lead_web_form where team_id = :t").param("t", team)
			.query(String.class).single();

		mvc.perform(get("/f/" + token).header("Accept-Language", "zh-CN")).andExpect(status().isOk())
			.andExpect(content().string(containsString("官网咨询")));
		mvc.perform(get("/f/not-a-token")).andExpect(status().isNotFound());

		// no session, no CSRF token: a public form
		String phone = LeadFixture.phone();
		mvc.perform(post("/f/" + token).header("Accept-Language", "en").param("contactName", "访客")
				.param("phone", phone).param("notes", "想了解报价"))
			.andExpect(status().isOk()).andExpect(content().string(containsString("web-form-done")));
		assertThat(jdbc.sql("""
				select count(*) from lead where team_id = :t and phone_e164 = :p and source_channel = 'web-form'
				and source_campaign = '双十一' and owner_id = :r""")
			.param("t", team).param("p", "+86" + phone).param("r", rep).query(Long.class).single()).isEqualTo(1);

		// a bad phone is refused with the reason, nothing stored
		mvc.perform(post("/f/" + token).header("Accept-Language", "en").param("contactName", "x").param("phone", "123"))
			.andExpect(status().isUnprocessableContent())
			.andExpect(content().string(containsString("not a valid phone number")));

		// the honeypot: looks fine to the bot, stores nothing
		long before = jdbc.sql("select count(*) from lead where team_id = :t").param("t", team).query(Long.class).single();
		mvc.perform(post("/f/" + token).param("contactName", "bot").param("phone", LeadFixture.phone())
				.param("website", "http://spam"))
			.andExpect(status().isOk());
		assertThat(jdbc.sql("select count(*) from lead where team_id = :t").param("t", team).query(Long.class).single())
			.isEqualTo(before);

		// 10 submissions a minute per form and address: the 11th (counting the two above) is refused
		int refused = 0;
		for (int i = 0; i < 10; i++) {
			int code = mvc.perform(post("/f/" + token).with(r -> {
				r.setRemoteAddr("203.0.113.7");
				return r;
			}).param("contactName", "flood").param("email", "f" + i + "@example.com")).andReturn().getResponse().getStatus();
			if (code == 429) {
				refused++;
			}
		}
		int eleventh = mvc.perform(post("/f/" + token).with(r -> {
			r.setRemoteAddr("203.0.113.7");
			return r;
		}).param("contactName", "flood").param("email", "f11@example.com")).andReturn().getResponse().getStatus();
		assertThat(refused).isZero();
		assertThat(eleventh).isEqualTo(429);

		// a disabled form is gone
		long formId = jdbc.sql("select id from lead_web_form where token = :t").param("t", token).query(Long.class).single();
		mvc.perform(post("/leads/policy/forms/" + formId + "/enabled").session(admin).with(csrf())
				.param("teamId", String.valueOf(team)).param("enabled", "false"))
			.andExpect(status().is3xxRedirection());
		mvc.perform(get("/f/" + token)).andExpect(status().isNotFound());
	}
}
