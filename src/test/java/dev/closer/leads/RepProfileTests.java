package dev.closer.leads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import com.jayway.jsonpath.JsonPath;

import dev.closer.support.IntegrationTest;

/**
 * SPEC L4 rep profiles: who may read and edit them (page and API), validation that changes nothing on refusal,
 * the audit trail, and the next allocation reading the new profile.
 */
@IntegrationTest
class RepProfileTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcClient jdbc;

	LeadFixture fx;

	long region;

	@BeforeEach
	void fixture() throws Exception {
		fx = new LeadFixture(mvc, jdbc);
		region = jdbc.sql("select min(id) from region").query(Long.class).single(); // the fixture's teams' region
	}

	ResultActions putProfile(String token, long rep, String json, String language) throws Exception {
		return mvc.perform(put("/api/reps/" + rep + "/profile").header("Authorization", token)
			.header("Accept-Language", language).contentType(MediaType.APPLICATION_JSON).content(json));
	}

	ResultActions putProfile(String token, long rep, String json) throws Exception {
		return putProfile(token, rep, json, "en");
	}

	ResultActions getProfile(String token, long rep) throws Exception {
		return mvc.perform(get("/api/reps/" + rep + "/profile").header("Authorization", token));
	}

	String username(long userId) {
		return jdbc.sql("select username from app_user where id = :id").param("id", userId).query(String.class).single();
	}

	MockHttpSession login(long userId) throws Exception {
		MockHttpSession session = new MockHttpSession();
		mvc.perform(post("/login").session(session).with(csrf()).param("username", username(userId))
				.param("password", "secret-123"))
			.andExpect(status().is3xxRedirection());
		return session;
	}

	/** The stored profile columns; empty when the rep has no profile row. */
	Map<String, Object> stored(long rep) {
		return jdbc.sql("""
				select skills, regions, base_latitude, base_longitude, radius_km, baseline from rep_profile
				where user_id = :u""").param("u", rep).query().listOfRows().stream().findFirst().orElse(Map.of());
	}

	long audits(long rep) {
		return jdbc.sql("select count(*) from audit_log where entity_type = 'rep_profile' and entity_id = :id")
			.param("id", String.valueOf(rep)).query(Long.class).single();
	}

	static MockHttpServletRequestBuilder form(MockHttpSession session, long rep, String language) {
		return post("/leads/reps/" + rep).session(session).with(csrf()).header("Accept-Language", language);
	}

	String valid() {
		return """
				{"skills":["medical"],"regionIds":[%d],"latitude":31.23,"longitude":121.47,"radiusKm":30,"baseline":6}"""
			.formatted(region);
	}

	@Test
	void editorsAndTheRepThemselvesSeeTheProfileAnyoneElseGetsNotFound() throws Exception {
		long team = fx.team();
		long rep = fx.user(team, "REP", "档案销售");
		long colleague = fx.user(team, "REP", "同组销售");
		long manager = fx.user(team, "MANAGER", "本组经理");
		long otherTeam = fx.team();
		long otherManager = fx.user(otherTeam, "MANAGER", "别组经理");
		long otherRep = fx.user(otherTeam, "REP", "别组销售");
		long presales = fx.user(team, "PRESALES", "售前");

		// the admin and the team's manager read and edit
		getProfile(fx.admin, rep).andExpect(status().isOk()).andExpect(jsonPath("$.editable").value(true))
			.andExpect(jsonPath("$.displayName").value("档案销售")).andExpect(jsonPath("$.teamId").value(team))
			.andExpect(jsonPath("$.profile.skills").isEmpty()).andExpect(jsonPath("$.profile.baseline").isEmpty())
			.andExpect(jsonPath("$.servedRegions[0].id").value(region)); // none of their own: the rep's region
		String managerToken = fx.tokenOf(manager);
		putProfile(managerToken, rep, valid()).andExpect(status().isOk())
			.andExpect(jsonPath("$.profile.skills[0]").value("medical"))
			.andExpect(jsonPath("$.profile.regionIds[0]").value(region))
			.andExpect(jsonPath("$.profile.radiusKm").value(30.0)).andExpect(jsonPath("$.baseline").value(6));
		Map<String, Object> saved = stored(rep);
		assertThat(saved.get("skills")).isEqualTo("medical");
		assertThat(saved.get("regions")).isEqualTo(String.valueOf(region));
		assertThat(((Number) saved.get("baseline")).intValue()).isEqualTo(6);

		// the rep reads their own, read only; may not change it
		String repToken = fx.tokenOf(rep);
		getProfile(repToken, rep).andExpect(status().isOk()).andExpect(jsonPath("$.editable").value(false))
			.andExpect(jsonPath("$.profile.baseline").value(6));
		putProfile(repToken, rep, "{\"baseline\":100}").andExpect(status().isForbidden());
		MockHttpSession repSession = login(rep);
		mvc.perform(get("/leads/reps").session(repSession)).andExpect(redirectedUrl("/leads/reps/" + rep));
		mvc.perform(get("/leads/reps/" + rep).session(repSession).header("Accept-Language", "en"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("id=\"read-only\"")))
			.andExpect(content().string(containsString("disabled")))
			.andExpect(content().string(not(containsString("save-rep-profile"))));
		mvc.perform(form(repSession, rep, "en").param("baseline", "100")).andExpect(status().isForbidden());

		// everyone else: as if the rep did not exist, on the API and on the pages
		String otherManagerToken = fx.tokenOf(otherManager);
		getProfile(otherManagerToken, rep).andExpect(status().isNotFound());
		putProfile(otherManagerToken, rep, "{\"baseline\":100}").andExpect(status().isNotFound());
		putProfile(otherManagerToken, rep, "{\"latitude\":999}").andExpect(status().isNotFound()); // no hint from validation
		MockHttpSession otherManagerSession = login(otherManager);
		mvc.perform(get("/leads/reps/" + rep).session(otherManagerSession)).andExpect(status().isNotFound());
		mvc.perform(form(otherManagerSession, rep, "en").param("baseline", "100")).andExpect(status().isNotFound());
		mvc.perform(form(otherManagerSession, rep, "en").param("latitude", "north")).andExpect(status().isNotFound());
		mvc.perform(get("/leads/reps").param("teamId", String.valueOf(team)).session(otherManagerSession))
			.andExpect(status().isNotFound());
		getProfile(fx.tokenOf(colleague), rep).andExpect(status().isNotFound());
		getProfile(fx.tokenOf(otherRep), rep).andExpect(status().isNotFound());
		getProfile(fx.tokenOf(presales), rep).andExpect(status().isNotFound());
		mvc.perform(get("/leads/reps").session(login(presales))).andExpect(status().isNotFound());
		// only reps have profiles; unknown ids are not found either
		getProfile(fx.admin, manager).andExpect(status().isNotFound());
		getProfile(fx.admin, 987_654_321L).andExpect(status().isNotFound());
		putProfile(fx.admin, 987_654_321L, "{}").andExpect(status().isNotFound());
		// nothing the refused requests sent was stored
		assertThat(stored(rep)).isEqualTo(saved);
	}

	@Test
	void aDirectorEditsTheRepsOfTheRegionsTeams() throws Exception {
		long team = fx.team();
		long rep = fx.user(team, "REP", "R");
		long directorTeam = fx.team(); // same region as every fixture team
		long director = fx.user(directorTeam, "DIRECTOR", "总监");
		String token = fx.tokenOf(director);
		getProfile(token, rep).andExpect(status().isOk()).andExpect(jsonPath("$.editable").value(true));
		putProfile(token, rep, "{\"baseline\":12}").andExpect(status().isOk()).andExpect(jsonPath("$.baseline").value(12));
		MockHttpSession session = login(director);
		mvc.perform(get("/leads/reps").param("teamId", String.valueOf(team)).session(session)
				.header("Accept-Language", "en"))
			.andExpect(status().isOk()).andExpect(content().string(containsString("id=\"rep-" + rep + "\"")))
			.andExpect(content().string(containsString("reps-team"))); // a team selector: the region has several
	}

	@Test
	void invalidProfilesAreRefusedWithALocalisedReasonAndChangeNothing() throws Exception {
		long team = fx.team();
		long rep = fx.user(team, "REP", "R");
		putProfile(fx.admin, rep, valid()).andExpect(status().isOk());
		Map<String, Object> before = stored(rep);
		long audited = audits(rep);
		String[][] cases = {
				{ "{\"latitude\":31.2,\"radiusKm\":10}", "longitude",
						"Give latitude and longitude together, or leave both empty." },
				{ "{\"longitude\":121.4,\"radiusKm\":10}", "latitude",
						"Give latitude and longitude together, or leave both empty." },
				{ "{\"latitude\":90.0001,\"longitude\":0,\"radiusKm\":10}", "latitude",
						"Latitude must be between -90 and 90 (90.0001 given)." },
				{ "{\"latitude\":0,\"longitude\":-180.5,\"radiusKm\":10}", "longitude",
						"Longitude must be between -180 and 180 (-180.5 given)." },
				{ "{\"latitude\":0,\"longitude\":0,\"radiusKm\":0}", "radiusKm",
						"The service radius must be above 0 and at most 20000 km (0 given)." },
				{ "{\"latitude\":0,\"longitude\":0,\"radiusKm\":20000.5}", "radiusKm",
						"The service radius must be above 0 and at most 20000 km (20000.5 given)." },
				{ "{\"radiusKm\":10}", "latitude",
						"A base and a service radius go together: give latitude, longitude and radius, or none of them." },
				{ "{\"baseline\":0}", "baseline",
						"The own baseline must be a whole number from 1 to 1000, or empty for the team's role baseline ('0' given)." },
				{ "{\"baseline\":1001}", "baseline",
						"The own baseline must be a whole number from 1 to 1000, or empty for the team's role baseline ('1001' given)." },
				{ "{\"skills\":[\"" + "x".repeat(65) + "\"]}", "skills",
						"Each skill must be 1 to 64 characters long ('" + "x".repeat(65) + "')." },
				{ "{\"skills\":[\"ok\",\" \"]}", "skills", "Each skill must be 1 to 64 characters long ('')." },
				{ "{\"skills\":[\"medical,saas\"]}", "skills",
						"A skill cannot contain commas or line breaks ('medical,saas')." },
				{ "{\"skills\":[" + skills(51) + "]}", "skills", "At most 50 skills (51 given)." },
				{ "{\"regionIds\":[987654321]}", "regionIds", "No region with id 987654321." } };
		for (String[] c : cases) {
			putProfile(fx.admin, rep, c[0]).andExpect(status().isUnprocessableContent())
				.andExpect(jsonPath("$.errors[0].field").value(c[1]))
				.andExpect(jsonPath("$.detail").value(c[2]));
		}
		putProfile(fx.admin, rep, "{\"latitude\":91,\"longitude\":0,\"radiusKm\":5}", "zh-CN")
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.detail").value("纬度须在 -90 到 90 之间（填写的是 91）。"));
		// a fraction is not a baseline, and is not silently rounded either
		putProfile(fx.admin, rep, "{\"baseline\":2.5}").andExpect(status().isBadRequest());
		putProfile(fx.admin, rep, "{\"baseline\":8,\"color\":\"red\"}").andExpect(status().isBadRequest());
		assertThat(stored(rep)).isEqualTo(before);
		assertThat(audits(rep)).isEqualTo(audited);

		// the edges themselves are accepted; skills are trimmed and de-duplicated, case kept (the engine compares exactly)
		putProfile(fx.admin, rep, """
				{"skills":[" medical ","medical","Medical","%s"],"regionIds":[%d,%d],"latitude":-90,"longitude":180,
				 "radiusKm":20000,"baseline":1000}""".formatted("医".repeat(64), region, region))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.profile.skills.length()").value(3))
			.andExpect(jsonPath("$.profile.skills[1]").value("Medical"))
			.andExpect(jsonPath("$.profile.regionIds.length()").value(1));
		assertThat(stored(rep).get("skills")).isEqualTo("medical,Medical," + "医".repeat(64));
		putProfile(fx.admin, rep, "{\"skills\":[" + skills(50) + "],\"baseline\":1}").andExpect(status().isOk())
			.andExpect(jsonPath("$.profile.skills.length()").value(50)).andExpect(jsonPath("$.baseline").value(1));
	}

	/** {@code n} distinct skills of 64 characters each, as JSON array items. */
	static String skills(int n) {
		StringBuilder sb = new StringBuilder();
		for (int i = 0; i < n; i++) {
			String s = String.format("%02d", i) + "技".repeat(62);
			sb.append(i == 0 ? "" : ",").append('"').append(s).append('"');
		}
		return sb.toString();
	}

	@Test
	void everyChangeIsAuditedWithWhoBeforeAndAfterAndARepeatIsNoChange() throws Exception {
		long team = fx.team();
		long rep = fx.user(team, "REP", "R");
		long manager = fx.user(team, "MANAGER", "M");
		String token = fx.tokenOf(manager);
		putProfile(token, rep, "{\"skills\":[\"saas\"],\"baseline\":5}").andExpect(status().isOk());
		putProfile(token, rep, "{\"skills\":[\"saas\",\"retail\"]}").andExpect(status().isOk());
		putProfile(token, rep, "{\"skills\":[\"saas\",\"retail\"]}").andExpect(status().isOk()); // the same again
		List<Map<String, Object>> rows = jdbc.sql("""
				select actor_name, action, before_value, after_value from audit_log
				where entity_type = 'rep_profile' and entity_id = :id order by id""")
			.param("id", String.valueOf(rep)).query().listOfRows();
		assertThat(rows).hasSize(2);
		assertThat(rows).allSatisfy(r -> {
			assertThat(r.get("actor_name")).isEqualTo(username(manager));
			assertThat(r.get("action")).isEqualTo("update");
		});
		assertThat(JsonPath.<List<String>>read((String) rows.get(0).get("before_value"), "$.skills")).isEmpty();
		assertThat((Object) JsonPath.read((String) rows.get(0).get("before_value"), "$.baseline")).isNull();
		assertThat(JsonPath.<List<String>>read((String) rows.get(0).get("after_value"), "$.skills")).containsExactly("saas");
		assertThat(JsonPath.<Integer>read((String) rows.get(0).get("after_value"), "$.baseline")).isEqualTo(5);
		assertThat(JsonPath.<Integer>read((String) rows.get(1).get("before_value"), "$.baseline")).isEqualTo(5);
		assertThat(JsonPath.<List<String>>read((String) rows.get(1).get("after_value"), "$.skills"))
			.containsExactly("saas", "retail");
		assertThat((Object) JsonPath.read((String) rows.get(1).get("after_value"), "$.baseline")).isNull();
	}

	long submit(long team) throws Exception {
		String body = mvc.perform(post("/api/leads").header("Authorization", fx.admin)
				.contentType(MediaType.APPLICATION_JSON).content(LeadFixture.lead(team, LeadFixture.phone())))
			.andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
		Object owner = JsonPath.read(body, "$.ownerId");
		return owner == null ? 0 : ((Number) owner).longValue();
	}

	@Test
	void theNextAllocationReadsTheNewBaseline() throws Exception {
		long team = fx.team();
		long a = fx.user(team, "REP", "A");
		long b = fx.user(team, "REP", "B");
		fx.policy(team, LeadFixture.settings("WEIGHTED", 10, 100, 20));
		fx.load(team, a, 2); // 20 % of the role baseline 10
		fx.load(team, b, 4); // 40 %
		assertThat(submit(team)).isEqualTo(a); // A now 3 / 10
		getProfile(fx.admin, a).andExpect(jsonPath("$.activeLeads").value(3)).andExpect(jsonPath("$.baseline").value(10))
			.andExpect(jsonPath("$.loadRate").value(0.3));
		// A part-time: an own baseline of 2 puts A at 150 %
		putProfile(fx.admin, a, "{\"baseline\":2}").andExpect(status().isOk()).andExpect(jsonPath("$.loadRate").value(1.5));
		assertThat(submit(team)).isEqualTo(b); // B now 5 / 10
		assertThat(submit(team)).isEqualTo(b); // 6 / 10 still below A's 150 %
		// back to the role baseline (empty): A 3 / 10 against B 6 / 10
		putProfile(fx.admin, a, "{\"baseline\":null}").andExpect(status().isOk()).andExpect(jsonPath("$.baseline").value(10));
		assertThat(submit(team)).isEqualTo(a);
	}

	@Test
	void aRequiredSkillCountsOnlyAsSpelledOnTheLeadAndTheNextAllocationSeesItAtOnce() throws Exception {
		long team = fx.team();
		long a = fx.user(team, "REP", "A");
		long b = fx.user(team, "REP", "B");
		fx.policy(team, LeadFixture.settings("WEIGHTED", 10, 100, 20).replace("\"requireSkills\":false",
				"\"requireSkills\":true"));
		fx.load(team, a, 5); // B would win on load alone
		// the fixture's leads are in industry "medical"; nobody has it: the lead goes to the pool
		assertThat(submit(team)).isZero();
		putProfile(fx.admin, b, "{\"skills\":[\"Medical\"]}").andExpect(status().isOk());
		assertThat(submit(team)).isZero(); // spelled differently: still no match
		putProfile(fx.admin, a, "{\"skills\":[\" medical \"]}").andExpect(status().isOk());
		assertThat(submit(team)).isEqualTo(a); // A has it (trimmed), B does not, whatever the load
		putProfile(fx.admin, b, "{\"skills\":[\"medical\"]}").andExpect(status().isOk());
		assertThat(submit(team)).isEqualTo(b); // both have it now: B's lighter load wins
		putProfile(fx.admin, b, "{\"skills\":[]}").andExpect(status().isOk());
		assertThat(submit(team)).isEqualTo(a); // skill taken away: back to A
	}

	@Test
	void theRepsPageListsLoadAndTheEditorSavesOrExplainsWithoutChangingAnything() throws Exception {
		long team = fx.team();
		long rep = fx.user(team, "REP", "页面销售");
		long other = fx.user(team, "REP", "另一销售");
		long manager = fx.user(team, "MANAGER", "页面经理");
		fx.policy(team, LeadFixture.settings("WEIGHTED", 10, 100, 20));
		fx.load(team, rep, 2);
		putProfile(fx.admin, other, "{\"baseline\":4,\"skills\":[\"saas\",\"retail\"]}").andExpect(status().isOk());
		fx.load(team, other, 5);
		MockHttpSession session = login(manager);
		mvc.perform(get("/leads/reps").session(session).header("Accept-Language", "en"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("页面销售")))
			.andExpect(content().string(containsString("2 / 10 · 20%")))
			.andExpect(content().string(containsString("5 / 4 · 125%")))
			.andExpect(content().string(containsString("saas, retail")))
			.andExpect(content().string(containsString("4 · own baseline")))
			.andExpect(content().string(containsString("href=\"/leads/reps/" + rep + "\"")))
			.andExpect(content().string(not(containsString("reps-team")))); // one team: no selector
		mvc.perform(get("/leads/reps/" + rep).session(session).header("Accept-Language", "en"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Active leads 2 / baseline 10 (role baseline): load rate 20%.")))
			.andExpect(content().string(containsString("save-rep-profile")));

		// refused: the form comes back as typed, with the reason and the field marked; nothing is stored
		Map<String, Object> before = stored(rep);
		mvc.perform(form(session, rep, "en").param("skills", "medical, saas").param("latitude", "31.2")
				.param("radiusKm", "30").param("baseline", "6"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Give latitude and longitude together, or leave both empty.")))
			.andExpect(content().string(containsString("is-invalid")))
			.andExpect(content().string(containsString("value=\"medical, saas\"")));
		mvc.perform(form(session, rep, "zh-CN").param("baseline", "1001"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("个人基准须为 1 至 1000 的整数，或留空以使用团队角色基准（填写的是“1001”）。")));
		mvc.perform(form(session, rep, "en").param("radiusKm", "far"))
			.andExpect(status().isOk()).andExpect(content().string(containsString("&#39;far&#39; is not a number.")));
		assertThat(stored(rep)).isEqualTo(before);

		// saved: back to the team's list, which shows the new load rate
		mvc.perform(form(session, rep, "en").param("skills", "medical，saas, medical").param("regionIds", String.valueOf(region))
				.param("latitude", "31.2304").param("longitude", "121.4737").param("radiusKm", "25").param("baseline", "4"))
			.andExpect(redirectedUrl("/leads/reps?teamId=" + team + "#rep-" + rep));
		Map<String, Object> after = stored(rep);
		assertThat(after.get("skills")).isEqualTo("medical,saas");
		assertThat(((Number) after.get("baseline")).intValue()).isEqualTo(4);
		assertThat(((Number) after.get("radius_km")).doubleValue()).isEqualTo(25.0);
		mvc.perform(get("/leads/reps").session(session).header("Accept-Language", "en"))
			.andExpect(content().string(containsString("2 / 4 · 50%")));
		mvc.perform(get("/leads/reps/" + rep).session(session).header("Accept-Language", "en"))
			.andExpect(content().string(containsString("value=\"medical, saas\"")))
			.andExpect(content().string(containsString("value=\"31.2304\"")));
	}

	@Test
	void theProfilesAreLinkedFromThePolicyPageTheLeadListAndTheAdminMenu() throws Exception {
		long team = fx.team();
		long manager = fx.user(team, "MANAGER", "M");
		long rep = fx.user(team, "REP", "R");
		MockHttpSession session = login(manager);
		mvc.perform(get("/leads/policy").session(session)).andExpect(status().isOk())
			.andExpect(content().string(containsString("href=\"/leads/reps?teamId=" + team + "\"")));
		mvc.perform(get("/leads").session(session)).andExpect(status().isOk())
			.andExpect(content().string(containsString("id=\"reps-link\"")));
		mvc.perform(get("/leads").session(login(rep))).andExpect(status().isOk())
			.andExpect(content().string(not(containsString("id=\"reps-link\""))));
		MockHttpSession admin = new MockHttpSession();
		mvc.perform(post("/login").session(admin).with(csrf()).param("username", "admin").param("password", "closer"));
		mvc.perform(get("/").session(admin)).andExpect(content().string(containsString("href=\"/leads/reps\"")));
	}

	@Test
	void theApiIsDocumented() throws Exception {
		mvc.perform(get("/v3/api-docs")).andExpect(status().isOk())
			.andExpect(jsonPath("$.paths['/api/reps/{userId}/profile'].get.summary").exists())
			.andExpect(jsonPath("$.paths['/api/reps/{userId}/profile'].put.summary").exists())
			.andExpect(jsonPath("$.components.schemas.RepProfileSettings.properties.baseline.description").exists());
	}
}
