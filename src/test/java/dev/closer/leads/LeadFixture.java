package dev.closer.leads;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.util.UUID;

import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

import com.jayway.jsonpath.JsonPath;

import dev.closer.support.Api;

/** Builds isolated teams, reps and loads through the API (and plain inserts for bulk load). */
public final class LeadFixture {

	public final MockMvc mvc;

	public final JdbcClient jdbc;

	public final String admin;

	public LeadFixture(MockMvc mvc, JdbcClient jdbc) throws Exception {
		this.mvc = mvc;
		this.jdbc = jdbc;
		this.admin = Api.token(mvc, "admin");
	}

	public static String unique(String prefix) {
		return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
	}

	public long team() throws Exception {
		long region = jdbc.sql("select min(id) from region").query(Long.class).single();
		String body = mvc.perform(post("/api/admin/teams").header("Authorization", admin)
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"name\":\"%s\",\"regionId\":%d}".formatted(unique("team-"), region)))
			.andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
		return ((Number) JsonPath.read(body, "$.id")).longValue();
	}

	public long user(long team, String role, String displayName) throws Exception {
		String username = unique("u");
		String body = mvc.perform(post("/api/admin/users").header("Authorization", admin)
				.contentType(MediaType.APPLICATION_JSON)
				.content("""
						{"username":"%s","displayName":"%s","email":"%s@example.com","teamId":%d,"roles":["%s"],
						 "password":"secret-123"}""".formatted(username, displayName, username, team, role)))
			.andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
		return ((Number) JsonPath.read(body, "$.id")).longValue();
	}

	public String tokenOf(long userId) throws Exception {
		String username = jdbc.sql("select username from app_user where id = :id").param("id", userId)
			.query(String.class).single();
		return Api.token(mvc, username, "secret-123");
	}

	public void policy(long team, String settingsJson) throws Exception {
		mvc.perform(put("/api/teams/" + team + "/allocation-policy").header("Authorization", admin)
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"settings\":" + settingsJson + ",\"comment\":\"test\"}"))
			.andExpect(status().isOk());
	}

	public static String settings(String strategy, int baseline, int hardCapacity, int claimLimit) {
		return """
				{"strategy":"%s","capacityWeight":1,"conversionWeight":1,"regionWeight":1,"skillWeight":1,
				 "fairnessWeight":1,"roleBaseline":%d,"hardCapacity":%d,"regionToleranceKm":5,"regionDecayKm":50,
				 "overloadThreshold":0.9,"conversionPriorRate":0.3,"conversionPriorWeight":5,"fairnessWindowDays":30,
				 "reclaimCooldownDays":7,"dailyClaimLimit":%d,"requireSkills":false,"requireRegion":false}"""
			.formatted(strategy, baseline, hardCapacity, claimLimit);
	}

	/** Gives a rep {@code count} active leads directly (the fixture's way to set a load rate). */
	public void load(long team, long rep, int count) {
		for (int i = 0; i < count; i++) {
			jdbc.sql("""
					insert into lead (team_id, owner_id, status, grade, grading_version, contact_name, created_at,
					                  assigned_at, updated_at)
					values (:t, :o, 'ASSIGNED', 'C', 1, 'load', :now, :now, :now)""")
				.param("t", team).param("o", rep).param("now", java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC))
				.update();
		}
		// rows written behind the application's back: bring the rep's kept count (RepLoads) in line, as a repair would
		jdbc.sql("""
				insert into rep_profile (user_id, updated_at) select :o, :now
				where not exists (select 1 from rep_profile where user_id = :o)""")
			.param("o", rep).param("now", java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC)).update();
		jdbc.sql("""
				update rep_profile set active_leads = (select count(*) from lead where owner_id = :o and status = 'ASSIGNED')
				where user_id = :o""")
			.param("o", rep).update();
	}

	public static String lead(long team, String phone) {
		return """
				{"teamId":%d,"contactName":"王先生","phone":"%s","company":"%s","industry":"medical",
				 "sourceChannel":"web"}""".formatted(team, phone, unique("公司"));
	}

	public static String phone() {
		return "139" + String.format("%08d", Math.abs(UUID.randomUUID().getMostSignificantBits()) % 100_000_000L);
	}

	public static Instant now() {
		return Instant.now();
	}
}
