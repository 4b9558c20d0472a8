package dev.closer.pipeline;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

import dev.closer.customers.CustomerFixture;
import dev.closer.support.IntegrationTest;

/** O2: a missing follow-up is named by its scenario as people call it, in their language, not by its code. */
@IntegrationTest
class GateWordingTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcClient jdbc;

	@Test
	void aMissingScenarioFollowUpIsNamedInTheReadersLanguage() throws Exception {
		PipelineFixture fx = new PipelineFixture(mvc, jdbc);
		CustomerFixture.Team team = fx.team();
		long id = fx.opportunity(team, null);
		fx.post(team.managerToken(), "/api/opportunities/" + id + "/override", "{\"reason\":\"跳过资格确认\"}")
			.andExpect(status().isOk());
		mvc.perform(get("/api/opportunities/" + id + "/requirements").header("Authorization", team.repToken())
				.header("Accept-Language", "zh-CN"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$[?(@.kind == 'FOLLOW_UP_SCENARIO')].detail")
				.value("本阶段开始后，客户尚无“需求变更”场景的跟进记录。"));
		mvc.perform(get("/api/opportunities/" + id + "/requirements").header("Authorization", team.repToken())
				.header("Accept-Language", "en"))
			.andExpect(jsonPath("$[?(@.kind == 'FOLLOW_UP_SCENARIO')].detail")
				.value("No “Requirement change” follow-up recorded on the customer since this stage began."));
	}
}
