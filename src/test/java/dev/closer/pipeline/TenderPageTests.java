package dev.closer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.LocalDate;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;

import dev.closer.support.IntegrationTest;

/**
 * SPEC O6, O7 pages: the tender page's forms (create, upload, done with the deliverable missing and present), the
 * XLSX exports, "my day" (my nodes due soon or overdue, approvals waiting for me), and the admin editor of tender
 * templates refusing bad JSON with the error shown and nothing stored.
 */
@IntegrationTest
class TenderPageTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcClient jdbc;

	PipelineFixture fx;

	TenderFixture tf;

	TenderFixture.Team team;

	MockHttpSession rep;

	@BeforeEach
	void setUp() throws Exception {
		fx = new PipelineFixture(mvc, jdbc);
		tf = new TenderFixture(fx);
		team = tf.team();
		rep = fx.customers.login(team.base().rep());
	}

	@Test
	void theTenderPageCreatesUploadsAndRefusesDoneWithoutTheDeliverable() throws Exception {
		long id = fx.opportunity(team.base(), null);
		String page = "/opportunities/" + id + "/tender";
		mvc.perform(post(page).session(rep).with(csrf()).param("keyDate", "")).andExpect(redirectedUrl(page))
			.andExpect(flash().attributeExists("flashError"));
		assertThat(jdbc.sql("select count(*) from tender where opportunity_id = :o").param("o", id).query(Long.class)
			.single()).isZero();
		mvc.perform(post(page).session(rep).with(csrf()).param("templateCode", "DEFAULT")
			.param("keyDate", LocalDate.now(TenderFixture.ZONE).plusDays(30).toString()))
			.andExpect(redirectedUrl(page)).andExpect(flash().attribute("flash", "Tender project created."));
		mvc.perform(get(page).session(rep)).andExpect(status().isOk())
			.andExpect(content().string(containsString("data-code=\"REGISTRATION\"")))
			.andExpect(content().string(containsString("0 of 12 nodes done")));
		mvc.perform(post(page + "/nodes/REGISTRATION/done").session(rep).with(csrf()))
			.andExpect(redirectedUrl(page)).andExpect(flash().attribute("flashError",
					containsString("can only be done once its deliverable REGISTRATION_FORM")));
		mvc.perform(multipart(page + "/nodes/REGISTRATION/upload")
			.file(new MockMultipartFile("file", "form.pdf", "application/pdf", PipelineFixture.PDF)).session(rep)
			.with(csrf())).andExpect(redirectedUrl(page)).andExpect(flash().attributeExists("flash"));
		mvc.perform(post(page + "/nodes/REGISTRATION/done").session(rep).with(csrf()))
			.andExpect(redirectedUrl(page)).andExpect(flash().attributeExists("flash"));
		assertThat(tf.nodeStatus(id, "REGISTRATION")).isEqualTo("DONE");
		mvc.perform(get("/opportunities/" + id).session(rep)).andExpect(status().isOk())
			.andExpect(content().string(containsString("1 of 12 nodes done, 0 overdue")));
		mvc.perform(get(page + "/export").session(rep)).andExpect(status().isOk())
			.andExpect(header().string("Content-Type", containsString("spreadsheetml")));
		// another team's rep: 404 on the page
		var other = fx.customers.login(fx.team().rep());
		mvc.perform(get(page).session(other)).andExpect(status().isNotFound());
	}

	@Test
	void myDayListsMyNodesDueSoonAndTheApprovalsWaitingForMe() throws Exception {
		long id = fx.opportunity(team.base(), null);
		tf.createTender(team.repToken(), id, LocalDate.now(TenderFixture.ZONE).plusDays(30))
			.andExpect(status().isCreated());
		// REGISTRATION (mine, due in 2 days) is listed; QA (presales, due in 20 days) is not mine
		mvc.perform(get("/").session(rep)).andExpect(status().isOk())
			.andExpect(content().string(containsString("id=\"myday-tenders\"")))
			.andExpect(content().string(containsString("Registration")))
			.andExpect(content().string(not(containsString("Questions and clarifications"))));
		tf.approval(team.repToken(), id);
		var legal = fx.customers.login(team.legal());
		mvc.perform(get("/").session(legal)).andExpect(status().isOk())
			.andExpect(content().string(containsString("1 approval step(s) waiting for me")));
		mvc.perform(get("/approvals/export").session(legal)).andExpect(status().isOk())
			.andExpect(header().string("Content-Type", containsString("spreadsheetml")));
	}

	@Test
	void theAdminEditorRefusesBadTemplatesAndSavesGoodOnes() throws Exception {
		var admin = fx.customers.login("admin", "closer");
		mvc.perform(get("/admin/tender-rules").session(admin)).andExpect(status().isOk())
			.andExpect(content().string(containsString("DEFAULT")))
			.andExpect(content().string(containsString("Legal review (LEGAL)")));
		String code = "P" + dev.closer.leads.LeadFixture.unique("").toUpperCase();
		mvc.perform(post("/admin/tender-rules/tender/" + code).session(admin).with(csrf()).param("definition", "{oops"))
			.andExpect(status().isOk()).andExpect(content().string(containsString("id=\"flash-error\"")));
		mvc.perform(post("/admin/tender-rules/chain/" + code).session(admin).with(csrf())
			.param("definition", "{\"names\":{\"en\":\"C\",\"zh-CN\":\"链\"},\"steps\":[]}"))
			.andExpect(status().isOk()).andExpect(content().string(containsString("at least one step")));
		assertThat(jdbc.sql("select count(*) from pipeline_rule where code = :c").param("c", code).query(Long.class)
			.single()).isZero();
		mvc.perform(post("/admin/tender-rules/chain/" + code).session(admin).with(csrf())
			.param("definition", "{\"names\":{\"en\":\"C\",\"zh-CN\":\"链\"},\"steps\":[{\"code\":\"ONLY\","
					+ "\"names\":{\"en\":\"Only\",\"zh-CN\":\"唯一\"},\"roles\":[\"FINANCE\"]}]}"))
			.andExpect(redirectedUrl("/admin/tender-rules/chain/" + code));
		assertThat(jdbc.sql("select count(*) from pipeline_rule where code = :c and rule_kind = 'CHAIN'")
			.param("c", code).query(Long.class).single()).isOne();
		mvc.perform(get("/admin/tender-rules").session(rep)).andExpect(status().isForbidden());
	}
}
