package dev.closer.leads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
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

/** Lead pages render for each role and keep to the data scope; the policy editor validates and previews. */
@IntegrationTest
class LeadPageTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcClient jdbc;

	MockHttpSession login(String username) throws Exception {
		MockHttpSession session = new MockHttpSession();
		mvc.perform(post("/login").session(session).with(csrf()).param("username", username).param("password", "closer"))
			.andExpect(status().is3xxRedirection());
		return session;
	}

	@Test
	void listsAndDetailRenderAndARepSeesOnlyOwnLeads() throws Exception {
		MockHttpSession rep = login("zhangwei");
		mvc.perform(get("/leads").session(rep).header("Accept-Language", "en")).andExpect(status().isOk())
			.andExpect(content().string(not(containsString("policy-link"))));
		mvc.perform(get("/leads/pool").session(rep)).andExpect(status().isOk());
		mvc.perform(get("/leads/new").session(rep)).andExpect(status().isOk());
		Long foreign = jdbc.sql("""
				select min(l.id) from lead l join app_user u on u.id = l.owner_id
				where u.username = 'zhouxun' and l.status = 'ASSIGNED'""").query(Long.class).single();
		if (foreign != null) {
			mvc.perform(get("/leads/" + foreign).session(rep)).andExpect(status().isNotFound());
			MockHttpSession manager = login("zhengli"); // manages 深圳组, zhouxun's team
			mvc.perform(get("/leads/" + foreign).session(manager).header("Accept-Language", "en"))
				.andExpect(status().isOk()).andExpect(content().string(containsString("reassign-form")));
		}
		mvc.perform(get("/leads/export").session(rep)).andExpect(status().isOk());
	}

	@Test
	void thePolicyEditorValidatesSavesAVersionAndPreviews() throws Exception {
		MockHttpSession manager = login("wujie"); // manages 杭州组
		long team = jdbc.sql("select id from team where name = '杭州组'").query(Long.class).single();
		mvc.perform(get("/leads/policy").session(manager).header("Accept-Language", "en"))
			.andExpect(status().isOk()).andExpect(content().string(containsString("杭州组")));
		long other = jdbc.sql("select id from team where name = '北京组'").query(Long.class).single();
		mvc.perform(get("/leads/policy").param("teamId", String.valueOf(other)).session(manager))
			.andExpect(status().isNotFound());
		long versions = jdbc.sql("select count(*) from allocation_policy where team_id = :t").param("t", team)
			.query(Long.class).single();
		mvc.perform(policyForm(manager, team, "-1")).andExpect(status().isOk())
			.andExpect(content().string(containsString("cannot be negative")));
		assertThat(jdbc.sql("select count(*) from allocation_policy where team_id = :t").param("t", team)
			.query(Long.class).single()).isEqualTo(versions);
		mvc.perform(policyForm(manager, team, "2").param("comment", "favour spare capacity"))
			.andExpect(status().is3xxRedirection());
		assertThat(jdbc.sql("select count(*) from allocation_policy where team_id = :t").param("t", team)
			.query(Long.class).single()).isEqualTo(Math.max(versions, 1) + 1);
		mvc.perform(post("/leads/policy/preview").session(manager).with(csrf()).header("Accept-Language", "en")
				.param("teamId", String.valueOf(team)).param("strategy", "ROUND_ROBIN").param("capacityWeight", "1")
				.param("conversionWeight", "1").param("regionWeight", "1").param("skillWeight", "1")
				.param("fairnessWeight", "1").param("roleBaseline", "8").param("hardCapacity", "16")
				.param("overloadThreshold", "0.9").param("regionToleranceKm", "5").param("regionDecayKm", "50")
				.param("conversionPriorRate", "0.3").param("conversionPriorWeight", "5").param("fairnessWindowDays", "30")
				.param("reclaimCooldownDays", "7").param("dailyClaimLimit", "20").param("grade", "A")
				.param("_requireSkills", "on").param("_requireRegion", "on"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("preview-result")))
			.andExpect(content().string(containsString("ROUND_ROBIN")));
		MockHttpSession rep = login("chenjing");
		mvc.perform(get("/leads/policy").session(rep)).andExpect(status().isNotFound());
	}

	static org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder policyForm(MockHttpSession session,
			long team, String capacityWeight) {
		return post("/leads/policy").session(session).with(csrf()).header("Accept-Language", "en")
			.param("teamId", String.valueOf(team)).param("strategy", "WEIGHTED").param("capacityWeight", capacityWeight)
			.param("conversionWeight", "1").param("regionWeight", "1").param("skillWeight", "1")
			.param("fairnessWeight", "1").param("roleBaseline", "8").param("hardCapacity", "16")
			.param("overloadThreshold", "0.9").param("regionToleranceKm", "5").param("regionDecayKm", "50")
			.param("conversionPriorRate", "0.3").param("conversionPriorWeight", "5").param("fairnessWindowDays", "30")
			.param("reclaimCooldownDays", "7").param("dailyClaimLimit", "20").param("_requireSkills", "on")
			.param("_requireRegion", "on");
	}
}
