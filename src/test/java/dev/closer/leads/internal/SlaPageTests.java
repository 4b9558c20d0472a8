package dev.closer.leads.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpSession;

/** The SLA pages: lead panel with actions and blocker, pop-ups, the policy editor, "my day". */
class SlaPageTests extends SlaTestSupport {

	MockHttpSession login(long userId) throws Exception {
		String username = jdbc.sql("select username from app_user where id = :id").param("id", userId)
			.query(String.class).single();
		MockHttpSession session = new MockHttpSession();
		mvc.perform(post("/login").session(session).with(csrf()).param("username", username)
				.param("password", "secret-123")).andExpect(status().is3xxRedirection());
		return session;
	}

	@Test
	void theOwnerRecordsACallFromTheLeadPageAndSeesTheClockMove() throws Exception {
		long team = fixture.team();
		long rep = fixture.user(team, "REP", "张伟");
		long lead = leadA(team);
		MockHttpSession session = login(rep);
		mvc.perform(get("/leads/" + lead).session(session).header("Accept-Language", "en"))
			.andExpect(status().isOk()).andExpect(content().string(containsString("id=\"sla-panel\"")))
			.andExpect(content().string(containsString("Remind the owner")))
			.andExpect(content().string(containsString("No response yet")));
		mvc.perform(post("/leads/" + lead + "/actions").session(session).with(csrf()).param("type", "CALL_ANSWERED")
				.param("note", "约了下周拜访")).andExpect(redirectedUrl("/leads/" + lead));
		mvc.perform(get("/leads/" + lead).session(session).header("Accept-Language", "en"))
			.andExpect(content().string(containsString("约了下周拜访")))
			.andExpect(content().string(containsString("E-mail the manager")))
			.andExpect(content().string(not(containsString("No response yet"))));
		mvc.perform(post("/leads/" + lead + "/actions").session(session).with(csrf()).param("type", "FAX"))
			.andExpect(redirectedUrl("/leads/" + lead));
		assertThat(jdbc.sql("select count(*) from lead_action where lead_id = :l").param("l", lead).query(Long.class)
			.single()).isEqualTo(1);

		mvc.perform(post("/leads/" + lead + "/blocker").session(session).with(csrf()).param("reason", "等待招标公告"))
			.andExpect(redirectedUrl("/leads/" + lead));
		mvc.perform(get("/leads/" + lead).session(session)).andExpect(content().string(containsString("等待招标公告")));
		mvc.perform(post("/leads/" + lead + "/blocker").session(session).with(csrf()).param("clear", "true"))
			.andExpect(redirectedUrl("/leads/" + lead));
		assertThat(jdbc.sql("select blocker from lead_sla_clock where lead_id = :l").param("l", lead)
			.query(String.class).optional()).isEmpty();
	}

	@Test
	void aPopUpShowsUntilDismissedAndMyDayShowsRedAndRecycledCounts() throws Exception {
		long team = fixture.team();
		long rep = fixture.user(team, "REP", "李娜");
		long lead = leadA(team);
		MockHttpSession session = login(rep);
		mvc.perform(get("/inbox/popups").session(session)).andExpect(status().isOk())
			.andExpect(content().string(not(containsString("closer-popup"))));
		at(Duration.ofHours(2));
		ticker.fireDue();
		String html = mvc.perform(get("/inbox/popups").session(session)).andExpect(status().isOk())
			.andExpect(content().string(containsString("closer-popup")))
			.andExpect(content().string(containsString("#" + lead))).andReturn().getResponse().getContentAsString();
		long id = jdbc.sql("select id from notification where recipient_id = :u and popup = true").param("u", rep)
			.query(Long.class).single();
		assertThat(html).contains("/inbox/popups/" + id + "/dismiss");
		mvc.perform(post("/inbox/popups/" + id + "/dismiss").session(session).with(csrf()))
			.andExpect(status().isOk()).andExpect(content().string(not(containsString("closer-popup"))));

		at(Duration.ofHours(24));
		ticker.fireDue();
		mvc.perform(get("/").session(session).header("Accept-Language", "en")).andExpect(status().isOk())
			.andExpect(content().string(containsString("Recycled from me (30 days) 1")));
		mvc.perform(get("/leads/pool").session(session).header("Accept-Language", "en"))
			.andExpect(content().string(containsString("Re-screen")));
	}

	@Test
	void theEditorSavesAVersionAndShowsARefusalWithTheFieldAsTyped() throws Exception {
		long team = fixture.team();
		long manager = fixture.user(team, "MANAGER", "周敏");
		MockHttpSession session = login(manager);
		mvc.perform(get("/leads/sla").param("teamId", String.valueOf(team)).session(session)
				.header("Accept-Language", "en")).andExpect(status().isOk())
			.andExpect(content().string(containsString("Grade A ladder")))
			.andExpect(content().string(containsString("value=\"30m\"")));
		mvc.perform(post("/leads/sla").session(session).with(csrf()).header("Accept-Language", "en")
				.param("teamId", String.valueOf(team)).param("A[0].after", "-5m").param("A[0].without", "WECHAT")
				.param("A[0].action", "REMIND_OWNER").param("recycleAfter", "24h").param("recycleKinds", "WECHAT")
				.param("yellowAfter", "48h").param("redAfter", "72h"))
			.andExpect(status().isOk()).andExpect(content().string(containsString("longer than zero")))
			.andExpect(content().string(containsString("value=\"-5m\"")));
		mvc.perform(post("/leads/sla").session(session).with(csrf()).param("teamId", String.valueOf(team))
				.param("A[0].after", "15m").param("A[0].without", "CALL_ANSWERED").param("A[0].action", "POPUP_OWNER")
				.param("B[0].after", "").param("recycleAfter", "").param("yellowAfter", "1d").param("redAfter", "3d"))
			.andExpect(redirectedUrl("/leads/sla?teamId=" + team));
		mvc.perform(get("/api/teams/" + team + "/sla-policy").header("Authorization", fixture.admin))
			.andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath("$.version").value(2))
			.andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers
				.jsonPath("$.policy.ladders.A[0].after").value("PT15M"))
			.andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers
				.jsonPath("$.policy.recycleAfter").doesNotExist());
		long otherTeam = fixture.team();
		mvc.perform(get("/leads/sla").param("teamId", String.valueOf(otherTeam)).session(session))
			.andExpect(status().isNotFound());
	}
}
