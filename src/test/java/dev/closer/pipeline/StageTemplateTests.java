package dev.closer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import dev.closer.customers.CustomerFixture;
import dev.closer.support.IntegrationTest;

/**
 * Stage templates as data (SPEC O1, P5): the seven defaults (default journey 6 stages × 3 verifiable actions), validation
 * with a localised error naming the field, versions, an opportunity keeping its version until migrated explicitly,
 * and the red/yellow thresholds setting.
 */
@IntegrationTest
class StageTemplateTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcClient jdbc;

	PipelineFixture fx;

	String admin;

	@BeforeEach
	void setUp() throws Exception {
		fx = new PipelineFixture(mvc, jdbc);
		admin = fx.customers.leads.admin;
	}

	static String code() {
		return "T_" + Long.toString(System.nanoTime(), 36).toUpperCase();
	}

	static String stage(String code, int probability, String requirements) {
		return """
				{"code":"%s","names":{"en":"%s","zh-CN":"%s"},"probability":%d,"expectedDays":10,"requirements":[%s]}"""
			.formatted("S_" + code, code, code, probability, requirements);
	}

	static final String MEETING = "{\"code\":\"R1\",\"kind\":\"MEETING_BOOKED\",\"labels\":{\"en\":\"Meeting\",\"zh-CN\":\"会面\"}}";

	ResultActions save(String code, String stages) throws Exception {
		return mvc.perform(put("/api/admin/pipeline/templates/" + code).header("Authorization", admin)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"definition\":{\"names\":{\"en\":\"Test\",\"zh-CN\":\"测试\"},\"industries\":[],\"stages\":[" + stages
					+ "]},\"comment\":\"test\"}"));
	}

	@Test
	void sevenDefaultTemplatesAndTheDefaultJourneyHasSixStagesOfThreeVerifiableActions() throws Exception {
		mvc.perform(get("/api/pipeline/templates").header("Authorization", admin))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$[0].code").value("CUSTOMER_JOURNEY"))
			.andExpect(jsonPath("$[0].definition.stages", hasSize(6)))
			.andExpect(jsonPath("$[0].definition.stages[*].requirements[2].code", hasSize(6)))
			.andExpect(jsonPath("$[0].definition.stages[5].requirements", hasSize(3)));
		for (String code : new String[] { "SAAS", "MANUFACTURING", "EDUCATION", "HARDWARE", "SERVICES", "MEDICAL_DEVICES" }) {
			mvc.perform(get("/api/pipeline/templates/" + code).header("Authorization", admin))
				.andExpect(status().isOk()).andExpect(jsonPath("$.definition.names['zh-CN']").isNotEmpty());
		}
	}

	@Test
	void invalidDefinitionsAreRefusedNamingTheFieldAndNothingIsStored() throws Exception {
		String code = code();
		save(code, "").andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.code").value("error.pipelineTemplate.noStages"));
		save(code, stage("A", 10, "") + "," + stage("A", 20, "")).andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.errors[0].field").value("stages[1].code"))
			.andExpect(jsonPath("$.detail").value("The stage code “S_A” is used twice."));
		save(code, stage("A", 101, "")).andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.errors[0].field").value("stages[0].probability"));
		save(code, stage("A", 50, "") + "," + stage("B", 20, "")).andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.code").value("error.pipelineTemplate.probabilityOrder"));
		save(code, stage("A", 10, "{\"code\":\"R1\",\"kind\":\"FOLLOW_UP_SCENARIO\",\"scenario\":\"NO_SUCH\","
				+ "\"labels\":{\"en\":\"x\",\"zh-CN\":\"x\"}}"))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.errors[0].field").value("stages[0].requirements[0].scenario"))
			.andExpect(jsonPath("$.detail").value(containsString("PRICE_OBJECTION")));
		save(code, stage("A", 10, "{\"code\":\"R1\",\"kind\":\"DELIVERABLE\",\"deliverable\":\"DOC\",\"fileTypes\":[\"EXE\"],"
				+ "\"labels\":{\"en\":\"x\",\"zh-CN\":\"x\"}}"))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.errors[0].field").value("stages[0].requirements[0].fileTypes"));
		save(code, stage("A", 10, "{\"code\":\"R1\",\"kind\":\"FIELD_SET\",\"labels\":{\"en\":\"x\",\"zh-CN\":\"x\"}}"))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.code").value("error.pipelineTemplate.field"));
		save(code, stage("A", 10, MEETING + "," + MEETING)).andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.code").value("error.pipelineTemplate.requirementTwice"));
		save(code, stage("A", 10, "{\"code\":\"R1\",\"kind\":\"TELEPATHY\",\"labels\":{\"en\":\"x\",\"zh-CN\":\"x\"}}"))
			.andExpect(status().isBadRequest());
		mvc.perform(put("/api/admin/pipeline/templates/" + code).header("Authorization", admin)
			.header("Accept-Language", "zh-CN").contentType(MediaType.APPLICATION_JSON)
			.content("{\"definition\":{\"names\":{\"en\":\"T\",\"zh-CN\":\"T\"},\"stages\":[]}}"))
			.andExpect(jsonPath("$.detail").value("模板至少需要一个阶段。"));
		assertThat(jdbc.sql("select count(*) from pipeline_template where code = :c").param("c", code)
			.query(Long.class).single()).isZero();
		CustomerFixture.Team team = fx.team();
		save(code(), stage("A", 10, "")).andExpect(status().isOk());
		mvc.perform(put("/api/admin/pipeline/templates/" + code()).header("Authorization", team.managerToken())
			.contentType(MediaType.APPLICATION_JSON).content("{}")).andExpect(status().isForbidden());
	}

	@Test
	void anOpportunityKeepsItsVersionUntilMigratedAndMigrationMapsStagesByCode() throws Exception {
		String code = code();
		save(code, stage("A", 10, MEETING) + "," + stage("B", 50, "")).andExpect(jsonPath("$.version").value(1));
		CustomerFixture.Team team = fx.team();
		long id = fx.opportunity(team, "\"templateCode\":\"" + code + "\"");
		save(code, stage("A", 20, "") + "," + stage("B", 60, "") + "," + stage("C", 90, ""))
			.andExpect(jsonPath("$.version").value(2));
		mvc.perform(get("/api/opportunities/" + id).header("Authorization", team.repToken()))
			.andExpect(jsonPath("$.templateVersion").value(1));
		// version 1 still asks for the meeting
		fx.post(team.repToken(), "/api/opportunities/" + id + "/advance", "{}").andExpect(status().isConflict());
		fx.post(team.repToken(), "/api/opportunities/" + id + "/migrate", "{}").andExpect(status().isOk())
			.andExpect(jsonPath("$.templateVersion").value(2)).andExpect(jsonPath("$.probability").value(20))
			.andExpect(jsonPath("$.stageCode").value("S_A"));
		fx.post(team.repToken(), "/api/opportunities/" + id + "/migrate", "{}").andExpect(status().isConflict())
			.andExpect(jsonPath("$.code").value("error.opportunity.migrateCurrent"));
		assertThat(fx.audits(id, "migrate")).isOne();
		// version 3 drops stage A: an opportunity in A cannot migrate
		save(code, stage("B", 60, "") + "," + stage("C", 90, "")).andExpect(jsonPath("$.version").value(3));
		fx.post(team.repToken(), "/api/opportunities/" + id + "/migrate", "{}").andExpect(status().isConflict())
			.andExpect(jsonPath("$.code").value("error.opportunity.migrateStage"))
			.andExpect(jsonPath("$.detail").value(containsString("stage S_A does not exist")));
		mvc.perform(get("/api/opportunities/" + id).header("Authorization", team.repToken()))
			.andExpect(jsonPath("$.templateVersion").value(2));
		mvc.perform(get("/api/pipeline/templates/" + code + "/versions").header("Authorization", admin))
			.andExpect(jsonPath("$", hasSize(3)));
	}

	@Test
	void redYellowThresholdsAreAVersionedValidatedSetting() throws Exception {
		mvc.perform(put("/api/admin/pipeline/health-policy").header("Authorization", admin)
			.contentType(MediaType.APPLICATION_JSON).content("{\"yellowHours\":80,\"redHours\":72}"))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.code").value("error.pipelineHealth.order"));
		mvc.perform(put("/api/admin/pipeline/health-policy").header("Authorization", admin)
			.contentType(MediaType.APPLICATION_JSON).content("{\"yellowHours\":0,\"redHours\":72}"))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.errors[0].field").value("yellowHours"));
		mvc.perform(get("/api/pipeline/health-policy").header("Authorization", admin))
			.andExpect(jsonPath("$.yellowHours").value(48)).andExpect(jsonPath("$.redHours").value(72));
	}
}
