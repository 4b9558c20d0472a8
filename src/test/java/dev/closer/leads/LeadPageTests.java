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
		mvc.perform(get("/").session(rep).header("Accept-Language", "en")).andExpect(status().isOk())
			.andExpect(content().string(containsString("myday-leads")));
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

	@Test
	void theGradingEditorSavesAValidatedVersionThatGradesNewLeads() throws Exception {
		MockHttpSession admin = login("admin");
		mvc.perform(get("/admin/grading").session(admin).header("Accept-Language", "en")).andExpect(status().isOk())
			.andExpect(content().string(containsString("Decision chain known")));
		long versions = jdbc.sql("select count(*) from lead_grading_rules").query(Long.class).single();
		// a rule without criteria is refused and nothing is saved
		mvc.perform(post("/admin/grading").session(admin).with(csrf()).header("Accept-Language", "en").param("grade_0", "A"))
			.andExpect(status().is3xxRedirection())
			.andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash()
				.attribute("flashError", "Every rule needs at least one criterion."));
		assertThat(jdbc.sql("select count(*) from lead_grading_rules").query(Long.class).single()).isEqualTo(versions);
		try {
			mvc.perform(post("/admin/grading").session(admin).with(csrf()).param("grade_0", "A")
					.param("k_0_BUDGET_AT_LEAST", "on").param("amount_0", "1000000")
					.param("k_0_INDUSTRY_IN", "on").param("industries_0", "medical，education")
					.param("grade_1", "B").param("k_1_DECISION_CHAIN_KNOWN", "on").param("comment", "big medical deals are A"))
				.andExpect(status().is3xxRedirection())
				.andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash().attributeExists("flash"));
			var rules = jdbc.sql("select rules from lead_grading_rules order by version desc limit 1").query(String.class).single();
			assertThat(rules).contains("BUDGET_AT_LEAST").contains("education").doesNotContain("FIRST_CONTACT");
		}
		finally {
			// other tests rely on the default rules: restore them as a newer version
			mvc.perform(post("/admin/grading").session(admin).with(csrf()).param("grade_0", "A")
					.param("k_0_BUDGET_CONFIRMED", "on").param("k_0_DECISION_CHAIN_KNOWN", "on")
					.param("k_0_FIRST_CONTACT_WITHIN_HOURS", "on").param("hours_0", "48")
					.param("grade_1", "B").param("k_1_BUDGET_CONFIRMED", "on")
					.param("grade_2", "B").param("k_2_DECISION_CHAIN_KNOWN", "on").param("comment", "defaults"));
		}
		MockHttpSession rep = login("lina");
		mvc.perform(get("/admin/grading").session(rep)).andExpect(status().isForbidden());
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
