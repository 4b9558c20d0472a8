package dev.closer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

import dev.closer.customers.CustomerFixture;
import dev.closer.support.IntegrationTest;

/** The opportunity pages (O1-O5): list, board card moves with the gate's answer in place, detail, new, health, admin, demo data. */
@IntegrationTest
class OpportunityPageTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcClient jdbc;

	PipelineFixture fx;

	CustomerFixture.Team team;

	MockHttpSession rep;

	@BeforeEach
	void setUp() throws Exception {
		fx = new PipelineFixture(mvc, jdbc);
		team = fx.team();
		rep = fx.customers.login(team.rep());
	}

	@Test
	void theBoardAnswersARefusedMoveInPlaceListingEveryMissingItem() throws Exception {
		long id = fx.opportunity(team, "\"name\":\"看板测试\"");
		mvc.perform(get("/opportunities/board").session(rep)).andExpect(status().isOk())
			.andExpect(content().string(containsString("card-" + id)))
			.andExpect(content().string(containsString("看板测试")));
		mvc.perform(post("/opportunities/" + id + "/card-advance").session(rep).with(csrf()).param("to", "NEEDS"))
			.andExpect(status().isOk())
			.andExpect(header().doesNotExist("X-Stage"))
			.andExpect(content().string(containsString("opp-refusal")))
			.andExpect(content().string(containsString("The amount is not filled in.")))
			.andExpect(content().string(containsString("The decision maker is not named.")))
			.andExpect(content().string(containsString("No meeting or visit recorded")));
		assertThat(fx.stage(id)).isEqualTo("QUALIFY");
		mvc.perform(post("/opportunities/" + id + "/card-advance").session(rep).with(csrf()).param("to", "PROPOSAL"))
			.andExpect(content().string(containsString("One-step rule")));
		fx.patchFields(team.repToken(), id, "{\"amount\":\"10\",\"decisionMaker\":\"王院长\"}");
		fx.followUp(id, null, "MEETING", Instant.now().plusSeconds(1));
		mvc.perform(post("/opportunities/" + id + "/card-advance").session(rep).with(csrf()).param("to", "NEEDS"))
			.andExpect(status().isOk()).andExpect(header().string("X-Stage", "NEEDS"));
		assertThat(fx.stage(id)).isEqualTo("NEEDS");
	}

	@Test
	void theOpportunityPageShowsTheChecklistAndUploadsADeliverable() throws Exception {
		long id = fx.opportunity(team, "\"amount\":\"1\",\"decisionMaker\":\"王院长\"");
		fx.followUp(id, null, "VISIT", Instant.now().plusSeconds(1));
		fx.post(team.repToken(), "/api/opportunities/" + id + "/advance", "{}");
		mvc.perform(get("/opportunities/" + id).session(rep)).andExpect(status().isOk())
			.andExpect(content().string(containsString("id=\"requirements\"")))
			.andExpect(content().string(containsString("No NEEDS_DOC file uploaded in this stage.")))
			.andExpect(content().string(containsString("id=\"dwell\"")));
		mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
			.multipart("/opportunities/" + id + "/deliverables")
			.file(new org.springframework.mock.web.MockMultipartFile("file", "needs.pdf", "application/pdf", PipelineFixture.PDF))
			.param("kind", "NEEDS_DOC").session(rep).with(csrf()))
			.andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl("/opportunities/" + id));
		assertThat(fx.deliverables(id)).isOne();
		mvc.perform(post("/opportunities/" + id + "/advance").session(rep).with(csrf()))
			.andExpect(status().is3xxRedirection())
			.andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash()
				.attributeExists("refused"));
		mvc.perform(get("/opportunities").session(rep)).andExpect(status().isOk())
			.andExpect(content().string(containsString("/opportunities/" + id)));
		mvc.perform(get("/opportunities/export").session(rep)).andExpect(status().isOk());
		mvc.perform(get("/opportunities/health").session(rep)).andExpect(status().isOk());
		mvc.perform(get("/opportunities/health/export").param("teamId", String.valueOf(team.id())).session(rep))
			.andExpect(status().isOk());
		long customer = fx.customerOf(id);
		mvc.perform(get("/customers/" + customer).session(rep)).andExpect(status().isOk())
			.andExpect(content().string(containsString("/opportunities/new?customerId=" + customer)))
			.andExpect(content().string(containsString("/opportunities/" + id + "\"")));
		mvc.perform(get("/opportunities/new").param("customerId", String.valueOf(customer)).session(rep))
			.andExpect(status().isOk());
		mvc.perform(post("/opportunities/new").session(rep).with(csrf()).param("customerId", String.valueOf(customer))
			.param("amount", "-3")).andExpect(status().isOk())
			.andExpect(content().string(containsString("the amount cannot be negative")));
	}

	@Test
	void anotherTeamsRepGets404OnThePages() throws Exception {
		long id = fx.opportunity(team, null);
		CustomerFixture.Team other = fx.team();
		MockHttpSession stranger = fx.customers.login(other.rep());
		mvc.perform(get("/opportunities/" + id).session(stranger)).andExpect(status().isNotFound());
		mvc.perform(post("/opportunities/" + id + "/card-advance").session(stranger).with(csrf()))
			.andExpect(status().isNotFound());
		mvc.perform(get("/opportunities/board").session(stranger)).andExpect(status().isOk())
			.andExpect(content().string(org.hamcrest.Matchers.not(containsString("card-" + id + "\""))));
	}

	@Test
	void theBoardFiltersByTemplateTeamAndRep() throws Exception {
		long id = fx.opportunity(team, null);
		MockHttpSession manager = fx.customers.login(team.manager());
		mvc.perform(get("/opportunities/board").param("teamId", String.valueOf(team.id()))
			.param("ownerId", String.valueOf(team.rep())).session(manager))
			.andExpect(status().isOk()).andExpect(content().string(containsString("card-" + id + "\"")))
			.andExpect(content().string(containsString("id=\"board-rep\"")));
		mvc.perform(get("/opportunities/board").param("ownerId", String.valueOf(team.manager())).session(manager))
			.andExpect(content().string(org.hamcrest.Matchers.not(containsString("card-" + id + "\""))));
		mvc.perform(get("/opportunities/board").param("template", "SAAS").session(manager))
			.andExpect(status().isOk())
			.andExpect(content().string(org.hamcrest.Matchers.not(containsString("card-" + id + "\""))));
		mvc.perform(get("/opportunities/" + id).session(manager)).andExpect(status().isOk())
			.andExpect(content().string(containsString("id=\"override-form\"")))
			.andExpect(content().string(containsString("id=\"audit-trail\"")));
	}

	@Test
	void adminsEditTemplatesAsValidatedVersions() throws Exception {
		MockHttpSession admin = fx.customers.login("admin", "closer");
		mvc.perform(get("/admin/pipeline").session(admin)).andExpect(status().isOk())
			.andExpect(content().string(containsString("MEDICAL_DEVICES")));
		mvc.perform(get("/admin/pipeline/SAAS").session(admin)).andExpect(status().isOk());
		mvc.perform(post("/admin/pipeline/BROKEN_TPL").session(admin).with(csrf()).param("definition", "{not json"))
			.andExpect(status().isOk()).andExpect(content().string(containsString("not valid JSON")));
		mvc.perform(get("/admin/pipeline").session(rep)).andExpect(status().isForbidden());
	}

	@Test
	void theDemoHas400OpportunitiesOverEveryTemplateAndStage() {
		long demo = jdbc.sql("select count(*) from opportunity where created_by = 'demo'").query(Long.class).single();
		assertThat(demo).isEqualTo(400);
		long templates = jdbc.sql("select count(distinct template_code) from opportunity where created_by = 'demo'")
			.query(Long.class).single();
		assertThat(templates).isEqualTo(8);
		long pairs = jdbc.sql("select count(*) from (select distinct o.template_code, v.stage_code from opportunity_stage_visit v "
				+ "join opportunity o on o.id = v.opportunity_id where o.created_by = 'demo') x").query(Long.class).single();
		assertThat(pairs).isEqualTo(41);
		assertThat(jdbc.sql("select count(*) from opportunity where created_by = 'demo' and status = 'WON'")
			.query(Long.class).single()).isPositive();
		assertThat(jdbc.sql("select count(*) from opportunity_deliverable d join opportunity o on o.id = d.opportunity_id "
				+ "where o.created_by = 'demo'").query(Long.class).single()).isPositive();
	}
}
