package dev.closer.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

import com.jayway.jsonpath.JsonPath;

import dev.closer.support.Api;
import dev.closer.support.IntegrationTest;

/** The identity API end to end: tokens, scope, user admin, bad input, HR sync, audit. */
@IntegrationTest
class IdentityApiTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	UserDirectory directory;

	static String unique(String prefix) {
		return prefix + UUID.randomUUID().toString().substring(0, 8);
	}

	long teamId(String name) {
		return jdbc.sql("select id from team where name = :n").param("n", name).query(Long.class).single();
	}

	String createUser(String admin, String username, long teamId, String role) throws Exception {
		String body = mvc.perform(post("/api/admin/users").header("Authorization", admin)
				.contentType(MediaType.APPLICATION_JSON)
				.content("""
						{"username":"%s","displayName":"Test %s","email":"%s@example.com","teamId":%d,
						 "roles":["%s"],"password":"secret-123"}""".formatted(username, username, username, teamId, role)))
			.andExpect(status().isCreated())
			.andReturn().getResponse().getContentAsString();
		return String.valueOf(((Number) JsonPath.read(body, "$.id")).longValue());
	}

	@Test
	void tokenForDemoAdminAndMe() throws Exception {
		String admin = Api.token(mvc, "admin");
		mvc.perform(get("/api/me").header("Authorization", admin))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.username").value("admin"))
			.andExpect(jsonPath("$.roles", hasItem("ADMIN")));
	}

	@Test
	void wrongPasswordIsALocalisedProblem() throws Exception {
		mvc.perform(post("/api/auth/token").contentType(MediaType.APPLICATION_JSON).header("Accept-Language", "zh-CN")
				.content("{\"username\":\"lina\",\"password\":\"nope\"}"))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string("Content-Type", containsString("application/problem+json")))
			.andExpect(jsonPath("$.detail").value("用户名或密码错误。"));
	}

	@Test
	void withoutTokenTheApiAnswers401AndAnUnknownTokenToo() throws Exception {
		mvc.perform(get("/api/me")).andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.code").value("error.unauthenticated"));
		mvc.perform(get("/api/me").header("Authorization", "Bearer clsr_nonsense"))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.code").value("error.token.invalid"));
	}

	@Test
	void revokedTokenStopsWorking() throws Exception {
		String token = Api.token(mvc, "wangfang");
		String list = mvc.perform(get("/api/me/tokens").header("Authorization", token))
			.andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
		int id = JsonPath.read(list, "$[0].id");
		mvc.perform(delete("/api/me/tokens/" + id).header("Authorization", token)).andExpect(status().isNoContent());
		mvc.perform(get("/api/me").header("Authorization", token)).andExpect(status().isUnauthorized());
	}

	@Test
	void aRepCannotReadAnotherTeamsRecordButAManagerOfTheTeamCan() throws Exception {
		// zhangwei is a rep of 上海一组; zhouxun a rep of 深圳组; zhoumin manages 上海一组; zhaolei directs 华东大区
		long zhouxun = directory.findByUsername("zhouxun").orElseThrow().id();
		long lina = directory.findByUsername("lina").orElseThrow().id();
		String rep = Api.token(mvc, "zhangwei");
		mvc.perform(get("/api/users/" + zhouxun).header("Authorization", rep))
			.andExpect(status().isNotFound())
			.andExpect(jsonPath("$.code").value("error.notFound"));
		mvc.perform(get("/api/users/" + lina).header("Authorization", rep)).andExpect(status().isNotFound());
		mvc.perform(get("/api/users").header("Authorization", rep))
			.andExpect(jsonPath("$.total").value(1))
			.andExpect(jsonPath("$.items[0].username").value("zhangwei"));

		String manager = Api.token(mvc, "zhoumin");
		mvc.perform(get("/api/users/" + lina).header("Authorization", manager)).andExpect(status().isOk());
		mvc.perform(get("/api/users/" + zhouxun).header("Authorization", manager)).andExpect(status().isNotFound());

		String director = Api.token(mvc, "zhaolei");
		long chenjing = directory.findByUsername("chenjing").orElseThrow().id(); // 杭州组, also 华东大区
		mvc.perform(get("/api/users/" + chenjing).header("Authorization", director)).andExpect(status().isOk());
		mvc.perform(get("/api/users/" + zhouxun).header("Authorization", director)).andExpect(status().isNotFound());
	}

	@Test
	void adminEndpointsRequireTheAdminRole() throws Exception {
		String rep = Api.token(mvc, "liuyang");
		mvc.perform(post("/api/admin/regions").header("Authorization", rep).contentType(MediaType.APPLICATION_JSON)
				.content("{\"name\":\"x\"}"))
			.andExpect(status().isForbidden())
			.andExpect(jsonPath("$.code").value("error.forbidden"));
	}

	@Test
	void createUserIsAuditedAndDuplicatesAreRefused() throws Exception {
		String admin = Api.token(mvc, "admin");
		String username = unique("u");
		String id = createUser(admin, username, teamId("杭州组"), "REP");
		assertThat(directory.find(Long.parseLong(id))).get()
			.satisfies(u -> assertThat(u.roles()).containsExactly(dev.closer.shared.security.Role.REP));
		mvc.perform(post("/api/admin/users").header("Authorization", admin).contentType(MediaType.APPLICATION_JSON)
				.content("{\"username\":\"%s\",\"displayName\":\"x\",\"teamId\":%d,\"roles\":[\"REP\"],\"password\":\"secret-123\"}"
					.formatted(username.toUpperCase(), teamId("杭州组"))))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.code").value("error.user.duplicate"));
		mvc.perform(get("/api/admin/audit").param("entityType", "user").param("entityId", id).header("Authorization", admin))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.items[0].action").value("create"))
			.andExpect(jsonPath("$.items[0].actorName").value("admin"));
	}

	@Test
	void idempotencyKeyReplaysTheFirstResponseAndRefusesADifferentBody() throws Exception {
		String admin = Api.token(mvc, "admin");
		String username = unique("idem");
		String body = "{\"username\":\"%s\",\"displayName\":\"I\",\"teamId\":%d,\"roles\":[\"REP\"],\"password\":\"secret-123\"}"
			.formatted(username, teamId("广州组"));
		String key = UUID.randomUUID().toString();
		String first = mvc.perform(post("/api/admin/users").header("Authorization", admin).header("Idempotency-Key", key)
				.contentType(MediaType.APPLICATION_JSON).content(body))
			.andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
		mvc.perform(post("/api/admin/users").header("Authorization", admin).header("Idempotency-Key", key)
				.contentType(MediaType.APPLICATION_JSON).content(body))
			.andExpect(status().isCreated())
			.andExpect(header().string("Idempotent-Replayed", "true"))
			.andExpect(jsonPath("$.id").value((Integer) JsonPath.read(first, "$.id")));
		assertThat(jdbc.sql("select count(*) from app_user where username = :u").param("u", username).query(Long.class)
			.single()).isEqualTo(1);
		mvc.perform(post("/api/admin/users").header("Authorization", admin).header("Idempotency-Key", key)
				.contentType(MediaType.APPLICATION_JSON).content(body.replace("\"I\"", "\"J\"")))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.code").value("error.idempotency.mismatch"));
	}

	@Test
	void badInputGetsAClearProblemAndChangesNothing() throws Exception {
		String admin = Api.token(mvc, "admin");
		long before = jdbc.sql("select count(*) from app_user").query(Long.class).single();
		mvc.perform(post("/api/admin/users").header("Authorization", admin).contentType(MediaType.APPLICATION_JSON)
				.content("{\"username\":\"abc\",\"displayName\":\"x\",\"roles\":[\"REP\"],\"colour\":\"red\"}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.code").value("error.unknownField"))
			.andExpect(jsonPath("$.detail").value("Unknown field 'colour'."));
		mvc.perform(post("/api/admin/users").header("Authorization", admin).contentType(MediaType.APPLICATION_JSON)
				.content("{\"username\":\"abc\",\"displayName\":\"x\",\"teamId\":\"five\",\"roles\":[\"REP\"]}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.code").value("error.wrongType"))
			.andExpect(jsonPath("$.detail", containsString("teamId")));
		mvc.perform(post("/api/admin/users").header("Authorization", admin).contentType(MediaType.APPLICATION_JSON)
				.content("{\"username\":\"abc\",\"displayName\":\"x\",\"teamId\":999999,\"roles\":[\"REP\"],\"password\":\"secret-123\"}"))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.errors[0].field").value("teamId"));
		mvc.perform(post("/api/admin/users").header("Authorization", admin).contentType(MediaType.APPLICATION_JSON)
				.content("{\"username\":\"\",\"roles\":[]}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.code").value("error.validation"));
		mvc.perform(post("/api/admin/users").header("Authorization", admin).contentType(MediaType.APPLICATION_JSON)
				.content("{not json"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.code").value("error.unreadable"));
		String huge = "{\"username\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";
		mvc.perform(post("/api/admin/users").header("Authorization", admin).contentType(MediaType.APPLICATION_JSON)
				.content(huge))
			.andExpect(status().isPayloadTooLarge())
			.andExpect(jsonPath("$.code").value("error.tooLarge"));
		mvc.perform(get("/api/users/123456789").header("Authorization", admin)).andExpect(status().isNotFound());
		mvc.perform(get("/api/users/abc").header("Authorization", admin)).andExpect(status().isBadRequest());
		assertThat(jdbc.sql("select count(*) from app_user").query(Long.class).single()).isEqualTo(before);
	}

	@Test
	void theLastActiveAdminCannotBeDisabledOrDemoted() throws Exception {
		String admin = Api.token(mvc, "admin");
		long adminId = directory.findByUsername("admin").orElseThrow().id();
		// other tests may create admins; make sure only the demo admin is an active admin for this check
		long activeAdmins = jdbc.sql("select count(*) from app_user u join user_role r on r.user_id = u.id where r.role = 'ADMIN' and u.status = 'ACTIVE'")
			.query(Long.class).single();
		assertThat(activeAdmins).isEqualTo(1);
		mvc.perform(post("/api/admin/users/" + adminId + "/status").header("Authorization", admin)
				.contentType(MediaType.APPLICATION_JSON).content("{\"status\":\"DISABLED\",\"reason\":\"test\"}"))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.code").value("error.user.lastAdmin"));
		assertThat(directory.find(adminId).orElseThrow().active()).isTrue();
	}

	@Test
	void hrSyncAppliesGoodRowsReportsBadOnesAndDisabledUsersLoseAccess() throws Exception {
		String admin = Api.token(mvc, "admin");
		String a = unique("hra");
		String b = unique("hrb");
		createUser(admin, a, teamId("北京组"), "REP");
		createUser(admin, b, teamId("北京组"), "REP");
		String tokenOfA = Api.token(mvc, a, "secret-123");
		String report = mvc.perform(post("/api/hr/status-sync").header("Authorization", admin)
				.contentType(MediaType.APPLICATION_JSON)
				.content("""
						[{"username":"%s","status":"DISABLED","reason":"left the company"},
						 {"username":"nobody-%s","status":"DISABLED"},
						 {"username":"%s","status":"SLEEPING"},
						 {"username":"%s","status":"ACTIVE"}]""".formatted(a, a, b, b)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.total").value(4))
			.andExpect(jsonPath("$.applied").value(1))
			.andExpect(jsonPath("$.unchanged").value(1))
			.andExpect(jsonPath("$.failed").value(2))
			.andExpect(jsonPath("$.rows[1].outcome").value("FAILED"))
			.andExpect(jsonPath("$.rows[2].message").value("Status 'SLEEPING' is not ACTIVE or DISABLED."))
			.andReturn().getResponse().getContentAsString();
		assertThat(report).contains("APPLIED");
		assertThat(directory.findByUsername(a).orElseThrow().status()).isEqualTo(AccountStatus.DISABLED);
		assertThat(directory.findByUsername(b).orElseThrow().status()).isEqualTo(AccountStatus.ACTIVE);
		// a disabled account cannot use its token nor get a new one
		mvc.perform(get("/api/me").header("Authorization", tokenOfA)).andExpect(status().isUnauthorized());
		mvc.perform(post("/api/auth/token").contentType(MediaType.APPLICATION_JSON)
				.content("{\"username\":\"%s\",\"password\":\"secret-123\"}".formatted(a)))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.code").value("error.auth.disabled"));
		// the validity probe reads the new status
		long idOfA = directory.findByUsername(a).orElseThrow().id();
		Boolean active = new org.springframework.transaction.support.TransactionTemplate(transactions)
			.execute(s -> directory.isActiveLocked(idOfA));
		assertThat(active).isFalse();
		// audited with the HR reason
		mvc.perform(get("/api/admin/audit").param("entityId", String.valueOf(idOfA)).param("action", "status")
				.header("Authorization", admin))
			.andExpect(jsonPath("$.items[0].reason").value("HR sync: left the company"));
	}

	@Autowired
	org.springframework.transaction.PlatformTransactionManager transactions;

	@Test
	void hrSyncAcceptsCsvAndRefusesAFileWithoutTheRightHeader() throws Exception {
		String admin = Api.token(mvc, "admin");
		String a = unique("csv");
		createUser(admin, a, teamId("天津组"), "REP");
		mvc.perform(post("/api/hr/status-sync").header("Authorization", admin).contentType("text/csv")
				.content("username,status,reason\r\n" + a + ",DISABLED,resigned\r\n"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.applied").value(1));
		assertThat(directory.findByUsername(a).orElseThrow().active()).isFalse();
		mvc.perform(post("/api/hr/status-sync").header("Authorization", admin).contentType("text/csv")
				.content("name;state\n" + a + ";ACTIVE\n"))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.code").value("error.hr.csvHeader"));
		assertThat(directory.findByUsername(a).orElseThrow().active()).isFalse();
	}

	@Test
	void repeatedWrongPasswordsLockTheAccount() throws Exception {
		String admin = Api.token(mvc, "admin");
		String a = unique("lock");
		createUser(admin, a, teamId("深圳组"), "REP");
		for (int i = 0; i < 5; i++) {
			mvc.perform(post("/api/auth/token").contentType(MediaType.APPLICATION_JSON)
					.content("{\"username\":\"%s\",\"password\":\"wrong-%d\"}".formatted(a, i)))
				.andExpect(status().isUnauthorized());
		}
		mvc.perform(post("/api/auth/token").contentType(MediaType.APPLICATION_JSON)
				.content("{\"username\":\"%s\",\"password\":\"secret-123\"}".formatted(a)))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.code").value("error.auth.locked"));
	}

	@Test
	void orgTreeListsTheDemoCompany() throws Exception {
		String rep = Api.token(mvc, "lina");
		mvc.perform(get("/api/org").header("Authorization", rep))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$[*].name", hasItem("华东大区")));
	}

	@Test
	void openApiAndHealthArePublic() throws Exception {
		mvc.perform(get("/v3/api-docs")).andExpect(status().isOk())
			.andExpect(jsonPath("$.paths['/api/auth/token']").exists());
		mvc.perform(get("/actuator/health")).andExpect(status().isOk()).andExpect(jsonPath("$.status").value("UP"));
		mvc.perform(get("/actuator/prometheus")).andExpect(status().isUnauthorized());
		mvc.perform(get("/actuator/prometheus").header("Authorization", Api.token(mvc, "admin")))
			.andExpect(status().isOk())
			.andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.content()
				.string(containsString("jvm_memory_used_bytes")));
	}
}
