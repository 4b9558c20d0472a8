package dev.closer.activities;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HexFormat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import com.jayway.jsonpath.JsonPath;

import dev.closer.customers.CustomerFixture;
import dev.closer.support.SampleFiles;

/**
 * SPEC F1 attachments, F3 visits and the daily report, P6 files: a visit carries customer role, procurement stage
 * and a photo (an image by content); the daily report is refused while a visit of the day lacks any of them,
 * naming it, and accepted once complete; a submitted day is closed.
 */
@dev.closer.support.IntegrationTest
class VisitDailyReportTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	Clock clock;

	CustomerFixture fx;

	@BeforeEach
	void setUp() throws Exception {
		fx = new CustomerFixture(mvc, jdbc);
	}

	static MockMultipartFile json(String body) {
		return new MockMultipartFile("activity", "", MediaType.APPLICATION_JSON_VALUE, body.getBytes(StandardCharsets.UTF_8));
	}

	static MockMultipartFile photo(byte[] bytes, String name) {
		return new MockMultipartFile("photo", name, "image/jpeg", bytes);
	}

	static String visit(long customer, String visitJson) {
		return """
				{"customerId":%d,"channel":"VISIT","action":"现场拜访，演示了设备","output":"院长同意进入采购论证"%s}"""
			.formatted(customer, visitJson == null ? "" : ",\"visit\":" + visitJson);
	}

	private ResultActions record(String token, MockMultipartFile... parts) throws Exception {
		var request = multipart("/api/activities").header("Authorization", token).header("Accept-Language", "en");
		for (MockMultipartFile p : parts) {
			request.file(p);
		}
		return mvc.perform(request);
	}

	private long id(ResultActions result) throws Exception {
		return ((Number) JsonPath.read(result.andReturn().getResponse().getContentAsString(), "$.id")).longValue();
	}

	private int rows(String table) {
		return jdbc.sql("select count(*) from " + table).query(Integer.class).single();
	}

	private LocalDate today() {
		return LocalDate.now(clock.withZone(ZoneId.of("Asia/Shanghai")));
	}

	@Test
	void aCompleteVisitKeepsRoleStageAndAPhotoWithItsChecksum() throws Exception {
		CustomerFixture.Team t = fx.team();
		long customer = fx.customer(t);
		byte[] jpeg = SampleFiles.jpeg();
		long id = id(record(t.repToken(), json(visit(customer, "{\"customerRole\":\"DEAN\",\"procurementStage\":\"TENDER\"}")),
				photo(jpeg, "IMG_0001.jpg"))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.visit.values.customerRole").value("DEAN"))
			.andExpect(jsonPath("$.visit.shown[0].value").value("Hospital president"))
			.andExpect(jsonPath("$.visit.complete").value(true))
			.andExpect(jsonPath("$.visit.photos").value(1))
			.andExpect(jsonPath("$.files[0].purpose").value("PHOTO"))
			.andExpect(jsonPath("$.files[0].type").value("JPEG"))
			.andExpect(jsonPath("$.files[0].size").value(jpeg.length))
			.andExpect(jsonPath("$.files[0].sha256").value(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(jpeg)))));
		long fileId = jdbc.sql("select file_id from activity_file where activity_id = :a").param("a", id).query(Long.class).single();
		mvc.perform(get("/api/activities/" + id + "/files/" + fileId).header("Authorization", t.repToken()))
			.andExpect(status().isOk())
			.andExpect(header().string("Content-Type", "image/jpeg"))
			.andExpect(content().bytes(jpeg));
		// another team's rep sees neither the follow-up nor its file
		CustomerFixture.Team other = fx.team();
		mvc.perform(get("/api/activities/" + id + "/files/" + fileId).header("Authorization", other.repToken()))
			.andExpect(status().isNotFound());
		mvc.perform(patch("/api/activities/" + id + "/visit").header("Authorization", other.repToken())
				.contentType(MediaType.APPLICATION_JSON).content("{\"visit\":{\"procurementStage\":\"CONTRACT\"}}"))
			.andExpect(status().isNotFound());
		// a file id of another follow-up is not served through this one
		long otherVisit = id(record(t.repToken(), json(visit(customer, null)), photo(SampleFiles.png(), "b.png")));
		long otherFile = jdbc.sql("select file_id from activity_file where activity_id = :a").param("a", otherVisit)
			.query(Long.class).single();
		mvc.perform(get("/api/activities/" + id + "/files/" + otherFile).header("Authorization", t.repToken()))
			.andExpect(status().isNotFound());
	}

	@Test
	void aPdfRenamedJpgA50MbPhotoABadRoleOrAPhotoOnACallAreRefusedAndNothingIsSaved() throws Exception {
		CustomerFixture.Team t = fx.team();
		long customer = fx.customer(t);
		int activities = rows("activity");
		int files = rows("stored_file");
		record(t.repToken(), json(visit(customer, "{\"customerRole\":\"DEAN\",\"procurementStage\":\"TENDER\"}")),
				photo(SampleFiles.pdf(), "现场.jpg"))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.errors[0].field").value("photo"))
			.andExpect(jsonPath("$.detail").value("This file is PDF by its content; allowed here: GIF, HEIC, JPG, PNG, WEBP."));
		byte[] big = new byte[50 * 1024 * 1024];
		System.arraycopy(SampleFiles.jpeg(), 0, big, 0, SampleFiles.jpeg().length);
		record(t.repToken(), json(visit(customer, null)), photo(big, "big.jpg"))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.errors[0].field").value("photo"))
			.andExpect(jsonPath("$.detail").value("The file is larger than the limit of 20 MB."));
		record(t.repToken(), json(visit(customer, "{\"customerRole\":\"KING\"}")))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.errors[0].field").value("visit.customerRole"));
		record(t.repToken(), json(visit(customer, "{\"mood\":\"good\"}")))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.errors[0].field").value("visit.mood"));
		record(t.repToken(), json("""
				{"customerId":%d,"channel":"CALL","action":"电话回访"}""".formatted(customer)), photo(SampleFiles.jpeg(), "a.jpg"))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.errors[0].field").value("photo"));
		record(t.repToken(), json("""
				{"customerId":%d,"channel":"CALL","action":"电话回访","visit":{"customerRole":"DEAN"}}""".formatted(customer)))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.errors[0].field").value("visit"));
		record(t.repToken(), json("""
				{"customerId":%d,"channel":"CALL","action":"电话回访","templateCode":"VISIT"}""".formatted(customer)))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.errors[0].field").value("templateCode"));
		assertThat(rows("activity")).isEqualTo(activities);
		assertThat(rows("stored_file")).isEqualTo(files);
		// attachments: a document on a call is fine, and typed by its content
		record(t.repToken(), json("""
				{"customerId":%d,"channel":"CALL","action":"发送了方案"}""".formatted(customer)),
				new MockMultipartFile("attachments", "方案.pdf", "application/octet-stream", SampleFiles.docx()))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.files[0].purpose").value("ATTACHMENT"))
			.andExpect(jsonPath("$.files[0].type").value("DOCX"))
			.andExpect(jsonPath("$.files[0].name").value("方案.pdf"));
	}

	@Test
	void theDailyReportIsRefusedWhileAVisitLacksEvidenceThenAcceptedAndTheDayIsClosed() throws Exception {
		CustomerFixture.Team t = fx.team();
		long customer = fx.customer(t);
		String rep = t.repToken();
		// a call and a visit without role, stage or photo (allowed: completed later today)
		record(rep, json("""
				{"customerId":%d,"channel":"CALL","action":"电话确认拜访时间","output":"明天上午"}""".formatted(customer)))
			.andExpect(status().isCreated());
		long visitId = id(record(rep, json(visit(customer, "{\"procurementStage\":\"BUDGET\"}")))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.visit.complete").value(false))
			.andExpect(jsonPath("$.visit.photos").value(0))
			.andExpect(jsonPath("$.visit.missingFields[0]").value("Customer role")));
		String customerName = jdbc.sql("select name from customer where id = :id").param("id", customer)
			.query(String.class).single();

		mvc.perform(get("/api/daily-reports/mine").header("Authorization", rep).header("Accept-Language", "en"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("NONE"))
			.andExpect(jsonPath("$.records.length()").value(2))
			.andExpect(jsonPath("$.visits").value(1))
			.andExpect(jsonPath("$.channels.CALL").value(1))
			.andExpect(jsonPath("$.incompleteVisits[0].id").value(visitId))
			.andExpect(jsonPath("$.summary", containsString("2 follow-ups today")))
			.andExpect(jsonPath("$.summary", containsString(customerName)));

		mvc.perform(post("/api/daily-reports/mine/submit").header("Authorization", rep).header("Accept-Language", "en")
				.contentType(MediaType.APPLICATION_JSON).content("{\"summary\":\"今天拜访了一家医院\"}"))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.errors[0].field").value("visits"))
			.andExpect(jsonPath("$.detail", containsString("1 visit(s) still lack evidence: " + customerName)))
			.andExpect(jsonPath("$.detail", containsString("(Photo, Customer role)")));
		assertThat(jdbc.sql("select count(*) from daily_report where user_id = :u and status = 'SUBMITTED'")
			.param("u", t.rep()).query(Integer.class).single()).isZero();

		// complete the role: still no photo
		mvc.perform(patch("/api/activities/" + visitId + "/visit").header("Authorization", rep)
				.contentType(MediaType.APPLICATION_JSON).content("{\"visit\":{\"customerRole\":\"EQUIPMENT_HEAD\"}}"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.visit.values.procurementStage").value("BUDGET"))
			.andExpect(jsonPath("$.visit.values.customerRole").value("EQUIPMENT_HEAD"))
			.andExpect(jsonPath("$.visit.complete").value(false));
		mvc.perform(post("/api/daily-reports/mine/submit").header("Authorization", rep).header("Accept-Language", "zh-CN")
				.contentType(MediaType.APPLICATION_JSON).content("{}"))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.detail", containsString(" (照片)")));
		// a PDF as the photo is still refused; a real photo completes it
		mvc.perform(multipart("/api/activities/" + visitId + "/files").file(photo(SampleFiles.pdf(), "x.jpg"))
				.header("Authorization", rep))
			.andExpect(status().isUnprocessableContent());
		mvc.perform(multipart("/api/activities/" + visitId + "/files").file(photo(SampleFiles.jpeg(), "现场.jpg"))
				.header("Authorization", rep))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.visit.complete").value(true));

		mvc.perform(put("/api/daily-reports/mine").header("Authorization", rep)
				.contentType(MediaType.APPLICATION_JSON).content("{\"summary\":\"草稿：拜访设备科主任\"}"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("DRAFT"))
			.andExpect(jsonPath("$.summaryGenerated").value(false));
		mvc.perform(post("/api/daily-reports/mine/submit").header("Authorization", rep)
				.contentType(MediaType.APPLICATION_JSON).content("{}"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("SUBMITTED"))
			.andExpect(jsonPath("$.summary").value("草稿：拜访设备科主任"))
			.andExpect(jsonPath("$.submittedAt").exists());

		// the day is closed
		mvc.perform(post("/api/daily-reports/mine/submit").header("Authorization", rep)
				.contentType(MediaType.APPLICATION_JSON).content("{}"))
			.andExpect(status().isConflict());
		mvc.perform(put("/api/daily-reports/mine").header("Authorization", rep)
				.contentType(MediaType.APPLICATION_JSON).content("{\"summary\":\"改\"}"))
			.andExpect(status().isConflict());
		mvc.perform(patch("/api/activities/" + visitId + "/visit").header("Authorization", rep)
				.contentType(MediaType.APPLICATION_JSON).content("{\"visit\":{\"procurementStage\":\"CONTRACT\"}}"))
			.andExpect(status().isConflict());
		int before = rows("activity");
		record(rep, json(visit(customer, "{\"customerRole\":\"DEAN\"}"))).andExpect(status().isConflict());
		assertThat(rows("activity")).isEqualTo(before);
		record(rep, json(visit(customer, "{\"customerRole\":\"DEAN\",\"procurementStage\":\"TENDER\"}")),
				photo(SampleFiles.jpeg(), "p.jpg"))
			.andExpect(status().isCreated());
		record(rep, json("""
				{"customerId":%d,"channel":"CALL","action":"补录一个电话"}""".formatted(customer)))
			.andExpect(status().isCreated());

		// the team's manager sees it; another team's manager does not
		mvc.perform(get("/api/daily-reports").param("teamId", String.valueOf(t.id())).header("Authorization", t.managerToken()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$[?(@.userId == " + t.rep() + ")].status").value("SUBMITTED"))
			.andExpect(jsonPath("$[?(@.userId == " + t.rep() + ")].visits").value(2));
		mvc.perform(get("/api/daily-reports/users/" + t.rep()).header("Authorization", t.managerToken()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("SUBMITTED"));
		CustomerFixture.Team other = fx.team();
		mvc.perform(get("/api/daily-reports/users/" + t.rep()).header("Authorization", other.managerToken()))
			.andExpect(status().isNotFound());
		mvc.perform(get("/api/daily-reports").param("teamId", String.valueOf(t.id())).header("Authorization", other.managerToken()))
			.andExpect(status().isNotFound());
		mvc.perform(get("/api/daily-reports").param("teamId", String.valueOf(t.id())).header("Authorization", t.repToken()))
			.andExpect(status().isNotFound());
	}

	@Test
	void aReportForTomorrowIsRefusedAndAnEmptyDayNeedsASummary() throws Exception {
		CustomerFixture.Team t = fx.team();
		mvc.perform(get("/api/daily-reports/mine").param("date", today().plusDays(2).toString())
				.header("Authorization", t.repToken()))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.errors[0].field").value("date"));
		mvc.perform(post("/api/daily-reports/mine/submit").header("Authorization", t.repToken())
				.contentType(MediaType.APPLICATION_JSON).content("{}"))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.errors[0].field").value("summary"));
		mvc.perform(post("/api/daily-reports/mine/submit").header("Authorization", t.repToken())
				.contentType(MediaType.APPLICATION_JSON).content("{\"summary\":\"内部培训，无客户拜访\"}"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("SUBMITTED"));
	}

	@Test
	void theVisitEssentialsAreVersionedDataThatMustKeepRoleAndStage() throws Exception {
		String admin = fx.leads.admin;
		String body = mvc.perform(get("/api/templates/VISIT").header("Authorization", admin))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.definition.fields[0].name").value("customerRole"))
			.andExpect(jsonPath("$.definition.fields[0].options[1].labels['zh-CN']").value("设备科主任"))
			.andReturn().getResponse().getContentAsString();
		int version = JsonPath.read(body, "$.version");
		mvc.perform(put("/api/admin/templates/VISIT").header("Authorization", admin).header("Accept-Language", "en")
				.contentType(MediaType.APPLICATION_JSON).content("""
						{"definition":{"names":{"en":"Visit","zh-CN":"拜访"},"fields":[
						 {"name":"procurementStage","type":"CHOICE","required":true,"labels":{"en":"Stage","zh-CN":"阶段"},
						  "options":[{"code":"NEEDS","labels":{"en":"Needs","zh-CN":"需求"}}]}]}}"""))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.detail").value(containsString("customerRole")));
		assertThat(JsonPath.<Integer>read(mvc.perform(get("/api/templates/VISIT").header("Authorization", admin))
			.andReturn().getResponse().getContentAsString(), "$.version")).isEqualTo(version);
	}
}
