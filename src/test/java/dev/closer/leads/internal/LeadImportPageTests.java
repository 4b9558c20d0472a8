package dev.closer.leads.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;

import dev.closer.leads.LeadFixture;
import dev.closer.support.IntegrationTest;

/** The import pages: link from the leads list, upload form, job page with its polled progress fragment. */
@IntegrationTest
class LeadImportPageTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	ImportJobs jobs;

	MockHttpSession login(String username) throws Exception {
		MockHttpSession session = new MockHttpSession();
		mvc.perform(post("/login").session(session).with(csrf()).param("username", username).param("password", "closer"))
			.andExpect(status().is3xxRedirection());
		return session;
	}

	@Test
	void uploadFromThePageAndFollowTheProgressUntilItStopsPolling() throws Exception {
		LeadFixture fx = new LeadFixture(mvc, jdbc);
		long team = fx.team();
		fx.user(team, "REP", "张伟");
		MockHttpSession admin = login("admin");
		mvc.perform(get("/leads").session(admin).param("lang", "en"))
			.andExpect(content().string(containsString("id=\"import-leads\"")));
		mvc.perform(get("/leads/import").session(admin))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("id=\"import-form\"")))
			.andExpect(content().string(containsString("VALID_ROWS")));

		String notCsv = "%PDF-1.4\n\u0000\u0001binary";
		mvc.perform(multipart("/leads/import").file(new MockMultipartFile("file", "a.csv", null,
				notCsv.getBytes(StandardCharsets.ISO_8859_1))).param("teamId", String.valueOf(team)).session(admin).with(csrf()))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("id=\"import-error\"")));

		String csv = "联系人,电话\n甲,%s\n".formatted(LeadFixture.phone());
		String location = mvc.perform(multipart("/leads/import")
				.file(new MockMultipartFile("file", "a.csv", null, csv.getBytes(StandardCharsets.UTF_8)))
				.param("teamId", String.valueOf(team)).param("mode", "VALID_ROWS").session(admin).with(csrf()))
			.andExpect(status().is3xxRedirection()).andReturn().getResponse().getRedirectedUrl();
		assertThat(location).startsWith("/leads/imports/");
		long id = Long.parseLong(location.substring("/leads/imports/".length()));
		mvc.perform(get(location).session(admin)).andExpect(status().isOk())
			.andExpect(content().string(containsString("id=\"import-progress\"")));
		long deadline = System.currentTimeMillis() + 60_000;
		while (!jobs.find(id).orElseThrow().finished()) {
			assertThat(System.currentTimeMillis()).isLessThan(deadline);
			Thread.sleep(200);
		}
		mvc.perform(get(location + "/progress").session(admin)).andExpect(status().isOk())
			.andExpect(content().string(containsString("id=\"import-counts\"")))
			.andExpect(content().string(not(containsString("hx-trigger"))));
	}
}
