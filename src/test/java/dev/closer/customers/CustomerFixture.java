package dev.closer.customers;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

import com.jayway.jsonpath.JsonPath;

import dev.closer.leads.LeadFixture;

/**
 * Isolated teams with one rep and one manager, leads allocated to that rep, and customers converted from them,
 * all through the API (safe on a shared database: every name is unique).
 */
public final class CustomerFixture {

	public final LeadFixture leads;

	public final MockMvc mvc;

	public final JdbcClient jdbc;

	public CustomerFixture(MockMvc mvc, JdbcClient jdbc) throws Exception {
		this.leads = new LeadFixture(mvc, jdbc);
		this.mvc = mvc;
		this.jdbc = jdbc;
	}

	/** A team with one rep and one manager. */
	public record Team(long id, long rep, long manager, String repToken, String managerToken) {
	}

	public Team team() throws Exception {
		long team = leads.team();
		long rep = leads.user(team, "REP", "张伟");
		long manager = leads.user(team, "MANAGER", "周敏");
		return new Team(team, rep, manager, leads.tokenOf(rep), leads.tokenOf(manager));
	}

	/** A lead of the team (allocated at once to its only rep). */
	public long lead(long team, String company, String phone) throws Exception {
		String body = mvc.perform(post("/api/leads").header("Authorization", leads.admin)
				.contentType(MediaType.APPLICATION_JSON)
				.content("""
						{"teamId":%d,"contactName":"王先生","phone":"%s","company":"%s","industry":"medical",
						 "sourceChannel":"web"}""".formatted(team, phone, company)))
			.andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
		return ((Number) JsonPath.read(body, "$.lead.id")).longValue();
	}

	/** Converts a lead as the given user; returns the new customer's id. */
	public long convert(long lead, String token) throws Exception {
		String body = mvc.perform(post("/api/leads/" + lead + "/convert").header("Authorization", token)
				.contentType(MediaType.APPLICATION_JSON).content("{}"))
			.andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
		return ((Number) JsonPath.read(body, "$.customer.id")).longValue();
	}

	/** A customer of the team's rep, converted from a fresh lead. */
	public long customer(Team team) throws Exception {
		return convert(lead(team.id(), LeadFixture.unique("客户公司"), LeadFixture.phone()), team.repToken());
	}

	public MockHttpSession login(long userId) throws Exception {
		String username = jdbc.sql("select username from app_user where id = :id").param("id", userId)
			.query(String.class).single();
		return login(username, "secret-123");
	}

	public MockHttpSession login(String username, String password) throws Exception {
		MockHttpSession session = new MockHttpSession();
		mvc.perform(post("/login").session(session).with(csrf()).param("username", username).param("password", password))
			.andExpect(status().is3xxRedirection());
		return session;
	}
}
