package dev.closer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import dev.closer.customers.CustomerFixture;
import dev.closer.support.IntegrationTest;

/** P3 / O: an opportunity changes owner only by a manager in scope, to an active team member, with a reason; audited. */
@IntegrationTest
class OpportunityOwnerTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcClient jdbc;

	private ResultActions reassign(String token, long id, String body) throws Exception {
		return mvc.perform(put("/api/opportunities/" + id + "/owner").header("Authorization", token)
			.header("Accept-Language", "en").contentType(MediaType.APPLICATION_JSON).content(body));
	}

	@Test
	void aManagerHandsAnOpportunityToAnotherRepOfTheTeamWithAReason() throws Exception {
		PipelineFixture fx = new PipelineFixture(mvc, jdbc);
		CustomerFixture.Team team = fx.team();
		long id = fx.opportunity(team, "\"name\":\"转交商机\"");
		long other = fx.customers.leads.user(team.id(), "REP", "李娜");
		CustomerFixture.Team elsewhere = fx.team();
		long before = fx.audits(id, "owner");
		String stage = fx.stage(id);

		reassign(team.repToken(), id, "{\"ownerId\":" + other + ",\"reason\":\"离职交接\"}").andExpect(status().isForbidden());
		reassign(elsewhere.managerToken(), id, "{\"ownerId\":" + other + ",\"reason\":\"离职交接\"}")
			.andExpect(status().isNotFound());
		reassign(team.managerToken(), id, "{\"ownerId\":" + other + "}")
			.andExpect(status().isUnprocessableContent()).andExpect(jsonPath("$.errors[0].field").value("reason"));
		reassign(team.managerToken(), id, "{\"ownerId\":" + elsewhere.rep() + ",\"reason\":\"区域调整\"}")
			.andExpect(status().isUnprocessableContent()).andExpect(jsonPath("$.errors[0].field").value("ownerId"));
		reassign(team.managerToken(), id, "{\"ownerId\":" + team.rep() + ",\"reason\":\"区域调整\"}")
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.detail").value("张伟 already owns this opportunity."));
		assertThat(fx.audits(id, "owner")).isEqualTo(before);

		reassign(team.managerToken(), id, "{\"ownerId\":" + other + ",\"reason\":\"离职交接\"}")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.ownerId").value(other))
			.andExpect(jsonPath("$.ownerName").value("李娜"))
			.andExpect(jsonPath("$.stageCode").value(stage));
		assertThat(fx.audits(id, "owner")).isEqualTo(before + 1);
		assertThat(jdbc.sql("select reason from audit_log where entity_type = 'opportunity' and entity_id = :id and action = 'owner'")
			.param("id", String.valueOf(id)).query(String.class).single()).isEqualTo("离职交接");
		assertThat(jdbc.sql("select count(*) from notification where recipient_id = :u and category = 'opportunity.assigned'")
			.param("u", other).query(Integer.class).single()).isEqualTo(1);
		// the old owner no longer sees it, the new one does
		mvc.perform(get("/api/opportunities/" + id).header("Authorization", team.repToken())).andExpect(status().isNotFound());
		mvc.perform(get("/api/opportunities/" + id).header("Authorization", fx.customers.leads.tokenOf(other)))
			.andExpect(status().isOk());

		// the page form: for managers only
		mvc.perform(get("/opportunities/" + id + "/owner-form").session(fx.customers.login(team.manager())))
			.andExpect(status().isOk()).andExpect(content().string(containsString("id=\"owner-form\"")));
		mvc.perform(get("/opportunities/" + id + "/owner-form").session(fx.customers.login(other)))
			.andExpect(status().isOk()).andExpect(content().string(not(containsString("id=\"owner-form\""))));

		// a closed opportunity keeps its owner
		fx.post(team.managerToken(), "/api/opportunities/" + id + "/lost", "{\"reason\":\"预算取消\"}").andExpect(status().isOk());
		reassign(team.managerToken(), id, "{\"ownerId\":" + team.rep() + ",\"reason\":\"回收\"}").andExpect(status().isConflict());
	}
}
