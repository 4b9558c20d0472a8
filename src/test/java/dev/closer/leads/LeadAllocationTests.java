package dev.closer.leads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

import com.jayway.jsonpath.JsonPath;

import dev.closer.support.IntegrationTest;

/** SPEC L1-L8 end to end through the API, on the test database (H2, and PostgreSQL in CI). */
@IntegrationTest
class LeadAllocationTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcClient jdbc;

	LeadFixture fx;

	@BeforeEach
	void fixture() throws Exception {
		fx = new LeadFixture(mvc, jdbc);
	}

	String submit(String token, String body) throws Exception {
		return mvc.perform(post("/api/leads").header("Authorization", token).contentType(MediaType.APPLICATION_JSON)
				.header("Accept-Language", "en").content(body))
			.andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
	}

	long leads() {
		return jdbc.sql("select count(*) from lead").query(Long.class).single();
	}

	@Test
	void theSeedsExampleLiNaGetsTheLeadAndZhangWeiIsToldHeIsOverloaded() throws Exception {
		long team = fx.team();
		long zhang = fx.user(team, "REP", "张伟");
		long li = fx.user(team, "REP", "李娜");
		fx.policy(team, LeadFixture.settings("WEIGHTED", 100, 200, 20));
		fx.load(team, zhang, 92); // 92 % of a baseline of 100
		fx.load(team, li, 41); // 41 %
		String body = submit(fx.admin, LeadFixture.lead(team, LeadFixture.phone()));
		assertThat(((Number) JsonPath.read(body, "$.ownerId")).longValue()).isEqualTo(li);
		assertThat((String) JsonPath.read(body, "$.outcome")).isEqualTo("ASSIGNED");
		long leadId = ((Number) JsonPath.read(body, "$.lead.id")).longValue();

		mvc.perform(get("/api/leads/" + leadId + "/allocation").header("Authorization", fx.admin)
				.header("Accept-Language", "en"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$[0].kind").value("ASSIGNED"))
			.andExpect(jsonPath("$[0].policyVersion").value(2))
			.andExpect(jsonPath("$[0].winnerId").value(li))
			.andExpect(jsonPath("$[0].candidates[0].name").value("李娜"))
			.andExpect(jsonPath("$[0].candidates[0].loadRate").value(0.41))
			.andExpect(jsonPath("$[0].candidates[1].name").value("张伟"))
			.andExpect(jsonPath("$[0].candidates[1].loadRate").value(0.92))
			.andExpect(jsonPath("$[0].candidates[1].why", containsString("mostly Spare capacity")))
			.andExpect(jsonPath("$[0].notices[0]", containsString("张伟 is at 92%")));
		// L8: Zhang Wei is told, in his inbox
		String zhangToken = fx.tokenOf(zhang);
		mvc.perform(get("/api/notifications").header("Authorization", zhangToken))
			.andExpect(jsonPath("$.items[?(@.category == 'lead.overload')]").isNotEmpty());
		// and Li Na got the new lead in hers
		mvc.perform(get("/api/notifications").header("Authorization", fx.tokenOf(li)))
			.andExpect(jsonPath("$.items[?(@.category == 'lead.assigned')]").isNotEmpty());
	}

	@Test
	void aDisabledRepShowingZeroLoadNeverGetsLeads() throws Exception {
		long team = fx.team();
		long gone = fx.user(team, "REP", "离职销售");
		long active = fx.user(team, "REP", "在职销售");
		fx.load(team, active, 5);
		mvc.perform(post("/api/hr/status-sync").header("Authorization", fx.admin).contentType(MediaType.APPLICATION_JSON)
				.content("[{\"username\":\"%s\",\"status\":\"DISABLED\"}]".formatted(
						jdbc.sql("select username from app_user where id = :id").param("id", gone).query(String.class).single())))
			.andExpect(jsonPath("$.applied").value(1));
		for (int i = 0; i < 3; i++) {
			String body = submit(fx.admin, LeadFixture.lead(team, LeadFixture.phone()));
			assertThat(((Number) JsonPath.read(body, "$.ownerId")).longValue()).isEqualTo(active);
		}
		String body = submit(fx.admin, LeadFixture.lead(team, LeadFixture.phone()));
		long leadId = ((Number) JsonPath.read(body, "$.lead.id")).longValue();
		mvc.perform(get("/api/leads/" + leadId + "/allocation").header("Authorization", fx.admin)
				.header("Accept-Language", "en"))
			.andExpect(jsonPath("$[0].candidates[1].eligible").value(false))
			.andExpect(jsonPath("$[0].candidates[1].verdicts[0]").value("Account of 离职销售 is disabled"))
			.andExpect(jsonPath("$[0].candidates[0].eligible").value(true))
			.andExpect(jsonPath("$[0].candidates[0].verdicts").isEmpty());
		// as stored: the rejected rep keeps all five verdicts; the eligible one is stored without them
		String stored = jdbc.sql("select candidates from allocation_decision where lead_id = :id")
			.param("id", leadId).query(String.class).single();
		assertThat((List<Object>) JsonPath.read(stored, "$.candidates[?(@.repId == %d)].verdicts[*]".formatted(gone)))
			.hasSize(5);
		assertThat((List<Object>) JsonPath.read(stored, "$.candidates[?(@.repId == %d)].verdicts".formatted(active)))
			.isEmpty();
		assertThat((List<Object>) JsonPath.read(stored, "$.candidates[?(@.repId == %d)].scores[*]".formatted(active)))
			.hasSize(5);
	}

	@Test
	void aDuplicateGoesToTheOriginalOwnerNeverToASecondRep() throws Exception {
		long team = fx.team();
		long a = fx.user(team, "REP", "A");
		fx.user(team, "REP", "B");
		String phone = LeadFixture.phone();
		String first = submit(fx.admin, LeadFixture.lead(team, phone));
		long owner = ((Number) JsonPath.read(first, "$.ownerId")).longValue();
		long firstId = ((Number) JsonPath.read(first, "$.lead.id")).longValue();
		// same number written differently, different company: still the same contact
		String spaced = "+86 " + phone.substring(0, 3) + " " + phone.substring(3, 7) + " " + phone.substring(7);
		String second = submit(fx.admin, LeadFixture.lead(team, spaced));
		assertThat((String) JsonPath.read(second, "$.outcome")).isEqualTo("DUPLICATE");
		assertThat(((Number) JsonPath.read(second, "$.ownerId")).longValue()).isEqualTo(owner);
		assertThat(((Number) JsonPath.read(second, "$.duplicateOf")).longValue()).isEqualTo(firstId);
		assertThat(jdbc.sql("select count(*) from lead_note where lead_id = :id and kind = 'DUPLICATE'")
			.param("id", firstId).query(Long.class).single()).isEqualTo(1);
		assertThat(a).isPositive();
	}

	@Test
	void gradeANeedsItsFieldsAndBadInputChangesNothing() throws Exception {
		long team = fx.team();
		fx.user(team, "REP", "R");
		long before = leads();
		mvc.perform(post("/api/leads").header("Authorization", fx.admin).contentType(MediaType.APPLICATION_JSON)
				.header("Accept-Language", "en")
				.content("""
						{"teamId":%d,"contactName":"x","phone":"%s","budget":100000,"budgetConfirmed":true,
						 "requestedGrade":"A"}""".formatted(team, LeadFixture.phone())))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.detail").value("Grade A needs: decisionChainKnown, firstContactDueAt."));
		mvc.perform(post("/api/leads").header("Authorization", fx.admin).contentType(MediaType.APPLICATION_JSON)
				.header("Accept-Language", "en").content("{\"teamId\":%d,\"contactName\":\"x\",\"phone\":\"12345\"}".formatted(team)))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.errors[0].field").value("phone"));
		mvc.perform(post("/api/leads").header("Authorization", fx.admin).contentType(MediaType.APPLICATION_JSON)
				.content("{\"teamId\":%d,\"contactName\":\"x\"}".formatted(team)))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.code").value("error.lead.noContact"));
		mvc.perform(post("/api/leads").header("Authorization", fx.admin).contentType(MediaType.APPLICATION_JSON)
				.content("{\"teamId\":%d,\"contactName\":\"x\",\"email\":\"a@b.cn\",\"latitude\":31.2}".formatted(team)))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.errors[0].field").value("longitude"));
		mvc.perform(post("/api/leads").header("Authorization", fx.admin).contentType(MediaType.APPLICATION_JSON)
				.content("{\"teamId\":%d,\"contactName\":\"x\",\"email\":\"a@b.cn\",\"latitude\":91,\"longitude\":0}".formatted(team)))
			.andExpect(status().isBadRequest());
		mvc.perform(post("/api/leads").header("Authorization", fx.admin).contentType(MediaType.APPLICATION_JSON)
				.content("{\"teamId\":%d,\"contactName\":\"x\",\"email\":\"a@b.cn\",\"budget\":-1}".formatted(team)))
			.andExpect(status().isBadRequest());
		mvc.perform(post("/api/leads").header("Authorization", fx.admin).contentType(MediaType.APPLICATION_JSON)
				.content("{\"teamId\":987654,\"contactName\":\"x\",\"email\":\"a@b.cn\"}"))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.errors[0].field").value("teamId"));
		assertThat(leads()).isEqualTo(before);
		// with all three criteria the lead is A
		String body = submit(fx.admin, """
				{"teamId":%d,"contactName":"x","phone":"%s","budget":100000,"budgetConfirmed":true,
				 "decisionChainKnown":true,"firstContactDueAt":"%s","requestedGrade":"A"}"""
			.formatted(team, LeadFixture.phone(), LeadFixture.now().plusSeconds(3600)));
		assertThat((String) JsonPath.read(body, "$.lead.grade")).isEqualTo("A");
	}

	@Test
	void aRepCannotSeeAnotherTeamsLead() throws Exception {
		long team = fx.team();
		long rep = fx.user(team, "REP", "R");
		long manager = fx.user(team, "MANAGER", "M");
		long otherTeam = fx.team();
		long outsider = fx.user(otherTeam, "REP", "O");
		String body = submit(fx.admin, LeadFixture.lead(team, LeadFixture.phone()));
		long id = ((Number) JsonPath.read(body, "$.lead.id")).longValue();
		mvc.perform(get("/api/leads/" + id).header("Authorization", fx.tokenOf(rep))).andExpect(status().isOk());
		mvc.perform(get("/api/leads/" + id).header("Authorization", fx.tokenOf(manager))).andExpect(status().isOk());
		mvc.perform(get("/api/leads/" + id).header("Authorization", fx.tokenOf(outsider)))
			.andExpect(status().isNotFound());
		mvc.perform(get("/api/leads/" + id + "/allocation").header("Authorization", fx.tokenOf(outsider)))
			.andExpect(status().isNotFound());
		mvc.perform(get("/api/leads").header("Authorization", fx.tokenOf(outsider)))
			.andExpect(jsonPath("$.total").value(0));
	}

	@Test
	void thePoolClaimLimitsCooldownAndRelease() throws Exception {
		long team = fx.team();
		long a = fx.user(team, "REP", "A");
		long b = fx.user(team, "REP", "B");
		fx.policy(team, LeadFixture.settings("WEIGHTED", 8, 1, 1)); // hard capacity 1, one claim a day
		fx.load(team, a, 1);
		fx.load(team, b, 1);
		String body = submit(fx.admin, LeadFixture.lead(team, LeadFixture.phone()));
		assertThat((String) JsonPath.read(body, "$.outcome")).isEqualTo("POOL");
		long id = ((Number) JsonPath.read(body, "$.lead.id")).longValue();
		String tokenA = fx.tokenOf(a);
		mvc.perform(get("/api/pool").header("Authorization", tokenA)).andExpect(jsonPath("$.items[0].id").value(id));
		// full reps cannot claim
		mvc.perform(post("/api/leads/" + id + "/claim").header("Authorization", tokenA))
			.andExpect(status().isConflict());
		fx.policy(team, LeadFixture.settings("WEIGHTED", 8, 10, 1));
		mvc.perform(post("/api/leads/" + id + "/claim").header("Authorization", tokenA))
			.andExpect(status().isOk()).andExpect(jsonPath("$.ownerId").value(a));
		// release needs a reason; then A may not reclaim within the cooldown, B may
		mvc.perform(post("/api/leads/" + id + "/release").header("Authorization", tokenA)
				.contentType(MediaType.APPLICATION_JSON).content("{\"reason\":\"\"}"))
			.andExpect(status().isUnprocessableContent());
		mvc.perform(post("/api/leads/" + id + "/release").header("Authorization", tokenA)
				.contentType(MediaType.APPLICATION_JSON).content("{\"reason\":\"客户无预算\"}"))
			.andExpect(status().isOk()).andExpect(jsonPath("$.status").value("POOL"));
		mvc.perform(post("/api/leads/" + id + "/claim").header("Authorization", tokenA))
			.andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("error.lead.cooldown"));
		String tokenB = fx.tokenOf(b);
		mvc.perform(post("/api/leads/" + id + "/claim").header("Authorization", tokenB)).andExpect(status().isOk());
		// B's daily limit is 1
		String other = submit(fx.admin, LeadFixture.lead(team, LeadFixture.phone()));
		long otherId = ((Number) JsonPath.read(other, "$.lead.id")).longValue();
		mvc.perform(post("/api/leads/" + otherId + "/release").header("Authorization", fx.admin)
				.contentType(MediaType.APPLICATION_JSON).content("{\"reason\":\"test\"}"));
		mvc.perform(post("/api/leads/" + otherId + "/claim").header("Authorization", tokenB))
			.andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("error.lead.claimLimit"));
	}

	@Test
	void manualReassignmentNeedsAReasonAndIsAudited() throws Exception {
		long team = fx.team();
		long a = fx.user(team, "REP", "A");
		long b = fx.user(team, "REP", "B");
		long manager = fx.user(team, "MANAGER", "M");
		String body = submit(fx.admin, LeadFixture.lead(team, LeadFixture.phone()));
		long id = ((Number) JsonPath.read(body, "$.lead.id")).longValue();
		long owner = ((Number) JsonPath.read(body, "$.ownerId")).longValue();
		long target = owner == a ? b : a;
		String token = fx.tokenOf(manager);
		mvc.perform(post("/api/leads/" + id + "/reassign").header("Authorization", token)
				.contentType(MediaType.APPLICATION_JSON).content("{\"ownerId\":%d}".formatted(target)))
			.andExpect(status().isUnprocessableContent()).andExpect(jsonPath("$.errors[0].field").value("reason"));
		mvc.perform(post("/api/leads/" + id + "/reassign").header("Authorization", token)
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"ownerId\":%d,\"reason\":\"客户指定对接人\"}".formatted(target)))
			.andExpect(status().isOk()).andExpect(jsonPath("$.ownerId").value(target));
		mvc.perform(get("/api/admin/audit").param("entityType", "lead").param("entityId", String.valueOf(id))
				.param("action", "reassign").header("Authorization", fx.admin))
			.andExpect(jsonPath("$.items[0].reason").value("客户指定对接人"))
			.andExpect(jsonPath("$.items[0].before").value(String.valueOf(owner)));
		// a rep cannot reassign
		mvc.perform(post("/api/leads/" + id + "/reassign").header("Authorization", fx.tokenOf(target))
				.contentType(MediaType.APPLICATION_JSON).content("{\"ownerId\":%d,\"reason\":\"x\"}".formatted(owner)))
			.andExpect(status().isConflict());
	}

	@Test
	void policiesAreValidatedAndVersioned() throws Exception {
		long team = fx.team();
		long before = jdbc.sql("select count(*) from allocation_policy where team_id = :t").param("t", team)
			.query(Long.class).single();
		mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put("/api/teams/" + team + "/allocation-policy")
				.header("Authorization", fx.admin).header("Accept-Language", "en").contentType(MediaType.APPLICATION_JSON)
				.content("{\"settings\":" + LeadFixture.settings("WEIGHTED", 8, 16, 5).replace("\"capacityWeight\":1", "\"capacityWeight\":-1") + "}"))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.errors[0].field").value("weights.capacity"));
		String zero = LeadFixture.settings("WEIGHTED", 8, 16, 5).replaceAll("Weight\":1", "Weight\":0");
		mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put("/api/teams/" + team + "/allocation-policy")
				.header("Authorization", fx.admin).header("Accept-Language", "en").contentType(MediaType.APPLICATION_JSON)
				.content("{\"settings\":" + zero + "}"))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.code").value("error.policy.allWeightsZero"));
		assertThat(jdbc.sql("select count(*) from allocation_policy where team_id = :t").param("t", team)
			.query(Long.class).single()).isEqualTo(before);
		fx.policy(team, LeadFixture.settings("ROUND_ROBIN", 8, 16, 5));
		mvc.perform(get("/api/teams/" + team + "/allocation-policy").header("Authorization", fx.admin))
			.andExpect(jsonPath("$.version").value(2))
			.andExpect(jsonPath("$.settings.strategy").value("ROUND_ROBIN"));
	}

	@Test
	void concurrentIntakeNeverPushesARepPastHardCapacity() throws Exception {
		long team = fx.team();
		long a = fx.user(team, "REP", "A");
		long b = fx.user(team, "REP", "B");
		fx.policy(team, LeadFixture.settings("WEIGHTED", 8, 5, 5));
		fx.load(team, a, 3);
		fx.load(team, b, 4);
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try {
			List<Callable<String>> jobs = new ArrayList<>();
			for (int i = 0; i < 16; i++) {
				jobs.add(() -> submit(fx.admin, LeadFixture.lead(team, LeadFixture.phone())));
			}
			List<String> outcomes = new ArrayList<>();
			for (Future<String> f : pool.invokeAll(jobs)) {
				outcomes.add(JsonPath.read(f.get(), "$.outcome"));
			}
			// 2 + 1 free places: exactly 3 assigned, the rest in the pool
			assertThat(outcomes.stream().filter("ASSIGNED"::equals).count()).isEqualTo(3);
			assertThat(outcomes.stream().filter("POOL"::equals).count()).isEqualTo(13);
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(jdbc.sql("select count(*) from lead where owner_id = :o and status = 'ASSIGNED'").param("o", a)
			.query(Long.class).single()).isEqualTo(5);
		assertThat(jdbc.sql("select count(*) from lead where owner_id = :o and status = 'ASSIGNED'").param("o", b)
			.query(Long.class).single()).isEqualTo(5);
	}
}
