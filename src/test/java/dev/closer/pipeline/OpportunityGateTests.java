package dev.closer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

import dev.closer.customers.CustomerFixture;
import dev.closer.support.IntegrationTest;

/**
 * SPEC O1-O3 on the default customer journey (QUALIFY: meeting, amount, decision maker → NEEDS: requirement-change
 * follow-up, needs document PDF/DOCX, product lines): each gate policy satisfied and missing, the refusal listing
 * every missing item and changing nothing, one step at a time, back with a reason, override by managers, won/lost,
 * bad amounts, scope.
 */
@IntegrationTest
class OpportunityGateTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcClient jdbc;

	PipelineFixture fx;

	CustomerFixture.Team team;

	@BeforeEach
	void setUp() throws Exception {
		fx = new PipelineFixture(mvc, jdbc);
		team = fx.team();
	}

	@Test
	void createStartsInTheFirstStageOfTheDefaultJourneyWithExactAmount() throws Exception {
		long customer = fx.customer(team);
		fx.post(team.repToken(), "/api/opportunities", """
				{"customerId":%d,"name":"Imaging upgrade","amount":"1234567.5","expectedCloseOn":"2027-03-31"}"""
			.formatted(customer))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.templateCode").value("CUSTOMER_JOURNEY"))
			.andExpect(jsonPath("$.templateVersion").value(1))
			.andExpect(jsonPath("$.stageCode").value("QUALIFY"))
			.andExpect(jsonPath("$.probability").value(10))
			.andExpect(jsonPath("$.amount").value(1234567.50))
			.andExpect(jsonPath("$.currency").value("CNY"))
			.andExpect(jsonPath("$.ownerId").value(team.rep()))
			.andExpect(jsonPath("$.status").value("OPEN"));
		assertThat(jdbc.sql("select amount from opportunity where customer_id = :c").param("c", customer)
			.query(java.math.BigDecimal.class).single()).isEqualByComparingTo("1234567.50");
	}

	@Test
	void badAmountsAreRefusedNamingTheRuleAndNothingIsWritten() throws Exception {
		long customer = fx.customer(team);
		String[][] cases = { { "\"-1\"", "error.opportunity.amountNegative" }, { "-0.01", "error.opportunity.amountNegative" },
				{ "\"abc\"", "error.opportunity.amountNumber" }, { "\"12,5\"", "error.opportunity.amountNumber" },
				{ "\"1.234\"", "error.opportunity.amountScale" },
				{ "\"100000000000000000\"", "error.opportunity.amountTooLarge" } };
		for (String[] c : cases) {
			fx.post(team.repToken(), "/api/opportunities", "{\"customerId\":%d,\"amount\":%s}".formatted(customer, c[0]))
				.andExpect(status().isUnprocessableContent())
				.andExpect(jsonPath("$.code").value(c[1]))
				.andExpect(jsonPath("$.errors[0].field").value("amount"))
				.andExpect(jsonPath("$.detail").value(containsString("Amount rule")));
		}
		assertThat(jdbc.sql("select count(*) from opportunity where customer_id = :c").param("c", customer)
			.query(Long.class).single()).isZero();
		long id = fx.opportunity(team.repToken(), customer, "\"amount\":100");
		fx.patchFields(team.repToken(), id, "{\"amount\":\"-5\"}").andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.errors[0].field").value("amount"));
		assertThat(jdbc.sql("select amount from opportunity where id = :id").param("id", id)
			.query(java.math.BigDecimal.class).single()).isEqualByComparingTo("100");
		assertThat(fx.audits(id, "update")).isZero();
	}

	@Test
	void theRefusalListsEveryMissingItemAndChangesNothing() throws Exception {
		long id = fx.opportunity(team, null);
		fx.post(team.repToken(), "/api/opportunities/" + id + "/advance", "{}")
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.code").value("error.gate.refused"))
			.andExpect(jsonPath("$.stage").value("QUALIFY"))
			.andExpect(jsonPath("$.missing", hasSize(3)))
			.andExpect(jsonPath("$.missing[*].kind", contains("MEETING_BOOKED", "FIELD_SET", "FIELD_SET")))
			.andExpect(jsonPath("$.missing[0].detail").value(containsString("meeting")))
			.andExpect(jsonPath("$.missing[1].detail").value("The amount is not filled in."))
			.andExpect(jsonPath("$.missing[2].detail").value("The decision maker is not named."));
		assertThat(fx.stage(id)).isEqualTo("QUALIFY");
		assertThat(fx.visits(id)).isEqualTo(1);
		assertThat(fx.audits(id, "advance")).isZero();
		// in Chinese too
		mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
			.post("/api/opportunities/" + id + "/advance").header("Authorization", team.repToken())
			.header("Accept-Language", "zh-CN").contentType(MediaType.APPLICATION_JSON).content("{}"))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.missing[1].detail").value("尚未填写金额。"))
			.andExpect(jsonPath("$.missing[1].label").value("已填写金额"));
	}

	@Test
	void eachPolicyTurnsSatisfiedByItsEvidenceThenTheGateOpens() throws Exception {
		long id = fx.opportunity(team, null);
		fx.patchFields(team.repToken(), id, "{\"amount\":\"50000\",\"decisionMaker\":\"王院长\"}")
			.andExpect(status().isOk());
		mvc.perform(get("/api/opportunities/" + id + "/requirements").header("Authorization", team.repToken()))
			.andExpect(jsonPath("$[*].satisfied", contains(false, true, true)));
		// a call is not a meeting
		fx.followUp(id, null, "CALL", Instant.now().plusSeconds(1));
		mvc.perform(get("/api/opportunities/" + id + "/requirements").header("Authorization", team.repToken()))
			.andExpect(jsonPath("$[0].satisfied").value(false));
		// a meeting recorded through the follow-up API counts
		fx.post(team.repToken(), "/api/activities", """
				{"customerId":%d,"channel":"MEETING","action":"需求交流会","output":"客户同意下周演示"}"""
			.formatted(fx.customerOf(id))).andExpect(status().isCreated());
		mvc.perform(get("/api/opportunities/" + id + "/requirements").header("Authorization", team.repToken()))
			.andExpect(jsonPath("$[*].satisfied", contains(true, true, true)));
		fx.post(team.repToken(), "/api/opportunities/" + id + "/advance", "{\"to\":\"NEEDS\"}")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.stageCode").value("NEEDS"))
			.andExpect(jsonPath("$.probability").value(25));
		assertThat(fx.visits(id)).isEqualTo(2);
		assertThat(fx.audits(id, "advance")).isOne();
		// NEEDS: follow-up of scenario REQUIREMENT_CHANGE, needs document, product lines
		fx.followUp(id, "PRICE_OBJECTION", "CALL", Instant.now().plusSeconds(2));
		mvc.perform(get("/api/opportunities/" + id + "/requirements").header("Authorization", team.repToken())
				.header("Accept-Language", "en"))
			.andExpect(jsonPath("$[*].satisfied", contains(false, false, false)))
			.andExpect(jsonPath("$[0].detail").value(containsString("“Requirement change”")));
		fx.followUp(id, "REQUIREMENT_CHANGE", "WECHAT", Instant.now().plusSeconds(2));
		fx.upload(team.repToken(), id, "NEEDS_DOC", "needs.pdf", PipelineFixture.PDF).andExpect(status().isCreated())
			.andExpect(jsonPath("$.fileType").value("PDF"))
			.andExpect(jsonPath("$.sha256").value(org.hamcrest.Matchers.matchesPattern("[0-9a-f]{64}")));
		fx.patchFields(team.repToken(), id, "{\"productLines\":\"CT, MRI\"}").andExpect(status().isOk());
		mvc.perform(get("/api/opportunities/" + id + "/requirements").header("Authorization", team.repToken()))
			.andExpect(jsonPath("$[*].satisfied", contains(true, true, true)));
		fx.post(team.repToken(), "/api/opportunities/" + id + "/advance", "{}").andExpect(status().isOk())
			.andExpect(jsonPath("$.stageCode").value("SOLUTION"));
	}

	@Test
	void advancingTwoStagesAtOnceIsRefusedNamingTheRule() throws Exception {
		long id = fx.opportunity(team, "\"amount\":\"1\",\"decisionMaker\":\"李主任\"");
		fx.followUp(id, null, "VISIT", Instant.now().plusSeconds(1));
		fx.post(team.repToken(), "/api/opportunities/" + id + "/advance", "{\"to\":\"SOLUTION\"}")
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.code").value("error.opportunity.oneStep"))
			.andExpect(jsonPath("$.errors[0].field").value("to"))
			.andExpect(jsonPath("$.detail").value(containsString("One-step rule")));
		fx.post(team.managerToken(), "/api/opportunities/" + id + "/override",
				"{\"to\":\"PROPOSAL\",\"reason\":\"skip\"}")
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.code").value("error.opportunity.oneStep"));
		assertThat(fx.stage(id)).isEqualTo("QUALIFY");
		assertThat(fx.visits(id)).isEqualTo(1);
	}

	@Test
	void wrongFileTypesAreRefusedAtUploadAndNothingIsKept() throws Exception {
		long id = fx.opportunity(team, "\"amount\":\"1\",\"decisionMaker\":\"李主任\"");
		fx.followUp(id, null, "MEETING", Instant.now().plusSeconds(1));
		fx.post(team.repToken(), "/api/opportunities/" + id + "/advance", "{}").andExpect(status().isOk());
		long files = jdbc.sql("select count(*) from stored_file").query(Long.class).single();
		// a text file named .pdf: the type comes from the content
		fx.upload(team.repToken(), id, "NEEDS_DOC", "needs.pdf", "just some text\n".getBytes(StandardCharsets.UTF_8))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.errors[0].field").value("file"));
		// a PNG where PDF or DOCX is asked
		fx.upload(team.repToken(), id, "NEEDS_DOC", "needs.png", PipelineFixture.PNG)
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.errors[0].field").value("file"));
		// a kind this stage does not ask for
		fx.upload(team.repToken(), id, "QUOTATION", "q.pdf", PipelineFixture.PDF)
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.code").value("error.deliverable.kind"))
			.andExpect(jsonPath("$.errors[0].field").value("kind"));
		assertThat(fx.deliverables(id)).isZero();
		assertThat(jdbc.sql("select count(*) from stored_file").query(Long.class).single()).isEqualTo(files);
	}

	@Test
	void aPdfRenamedJpgIsRefusedWhereOnlyImagesAreAllowed() throws Exception {
		String code = "PHOTO_" + Long.toString(System.nanoTime(), 36).toUpperCase();
		mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
			.put("/api/admin/pipeline/templates/" + code).header("Authorization", fx.customers.leads.admin)
			.contentType(MediaType.APPLICATION_JSON).content("""
					{"definition":{"names":{"en":"Photo test","zh-CN":"照片测试"},"industries":[],"stages":[
					 {"code":"SITE","names":{"en":"Site","zh-CN":"现场"},"probability":10,"expectedDays":5,"requirements":[
					  {"code":"R1","kind":"DELIVERABLE","deliverable":"SITE_PHOTO","fileTypes":["JPEG","PNG"],
					   "labels":{"en":"Site photo","zh-CN":"现场照片"}}]},
					 {"code":"DONE","names":{"en":"Done","zh-CN":"完成"},"probability":90,"expectedDays":5,"requirements":[]}]},
					 "comment":"test"}"""))
			.andExpect(status().isOk()).andExpect(jsonPath("$.version").value(1));
		long id = fx.opportunity(team, "\"templateCode\":\"" + code + "\"");
		fx.upload(team.repToken(), id, "SITE_PHOTO", "photo.jpg", PipelineFixture.PDF)
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.errors[0].field").value("file"));
		assertThat(fx.deliverables(id)).isZero();
		fx.upload(team.repToken(), id, "SITE_PHOTO", "photo.png", PipelineFixture.PNG).andExpect(status().isCreated());
		fx.post(team.repToken(), "/api/opportunities/" + id + "/advance", "{}").andExpect(status().isOk())
			.andExpect(jsonPath("$.stageCode").value("DONE"));
	}

	@Test
	void aDeliverableUploadedBeforeTheStageBeganDoesNotCount() throws Exception {
		long id = fx.opportunity(team, "\"amount\":\"1\",\"decisionMaker\":\"李主任\",\"productLines\":\"CT\"");
		fx.followUp(id, null, "MEETING", Instant.now().plusSeconds(1));
		fx.post(team.repToken(), "/api/opportunities/" + id + "/advance", "{}").andExpect(status().isOk());
		fx.upload(team.repToken(), id, "NEEDS_DOC", "needs.pdf", PipelineFixture.PDF).andExpect(status().isCreated());
		fx.post(team.repToken(), "/api/opportunities/" + id + "/back", "{\"to\":\"QUALIFY\",\"reason\":\"预算重审\"}")
			.andExpect(status().isOk()).andExpect(jsonPath("$.stageCode").value("QUALIFY"));
		Thread.sleep(5);
		fx.followUp(id, null, "MEETING", Instant.now().plusSeconds(2));
		fx.post(team.repToken(), "/api/opportunities/" + id + "/advance", "{}").andExpect(status().isOk());
		fx.followUp(id, "REQUIREMENT_CHANGE", "CALL", Instant.now().plusSeconds(3));
		fx.post(team.repToken(), "/api/opportunities/" + id + "/advance", "{}")
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.missing", hasSize(1)))
			.andExpect(jsonPath("$.missing[0].code").value("R2"))
			.andExpect(jsonPath("$.missing[0].detail").value(containsString("before this stage began")));
		assertThat(fx.stage(id)).isEqualTo("NEEDS");
	}

	@Test
	void movingBackNeedsAReasonAndAnEarlierStage() throws Exception {
		long id = fx.opportunity(team, "\"amount\":\"1\",\"decisionMaker\":\"李主任\"");
		fx.followUp(id, null, "MEETING", Instant.now().plusSeconds(1));
		fx.post(team.repToken(), "/api/opportunities/" + id + "/advance", "{}").andExpect(status().isOk());
		fx.post(team.repToken(), "/api/opportunities/" + id + "/back", "{\"to\":\"QUALIFY\"}")
			.andExpect(status().isUnprocessableContent()).andExpect(jsonPath("$.errors[0].field").value("reason"));
		fx.post(team.repToken(), "/api/opportunities/" + id + "/back", "{\"to\":\"SOLUTION\",\"reason\":\"x\"}")
			.andExpect(status().isUnprocessableContent()).andExpect(jsonPath("$.code").value("error.opportunity.backOnly"));
		fx.post(team.repToken(), "/api/opportunities/" + id + "/advance", "{\"to\":\"QUALIFY\"}")
			.andExpect(status().isUnprocessableContent()).andExpect(jsonPath("$.code").value("error.opportunity.useBack"));
		assertThat(fx.stage(id)).isEqualTo("NEEDS");
		assertThat(fx.audits(id, "back")).isZero();
		fx.post(team.repToken(), "/api/opportunities/" + id + "/back", "{\"to\":\"QUALIFY\",\"reason\":\"客户换了决策人\"}")
			.andExpect(status().isOk()).andExpect(jsonPath("$.probability").value(10));
		assertThat(fx.audits(id, "back")).isOne();
		assertThat(jdbc.sql("""
				select reason from opportunity_stage_visit where opportunity_id = :id and entered_how = 'BACK'""")
			.param("id", id).query(String.class).single()).isEqualTo("客户换了决策人");
	}

	@Test
	void managersOverrideTheGateWithAReasonAuditedAndFlagged() throws Exception {
		long id = fx.opportunity(team, null);
		fx.post(team.repToken(), "/api/opportunities/" + id + "/override", "{\"reason\":\"老客户\"}")
			.andExpect(status().isForbidden());
		fx.post(team.managerToken(), "/api/opportunities/" + id + "/override", "{}")
			.andExpect(status().isUnprocessableContent()).andExpect(jsonPath("$.errors[0].field").value("reason"));
		assertThat(fx.stage(id)).isEqualTo("QUALIFY");
		fx.post(team.managerToken(), "/api/opportunities/" + id + "/override", "{\"reason\":\"老客户续约\"}")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.stageCode").value("NEEDS"))
			.andExpect(jsonPath("$.stageOverridden").value(true))
			.andExpect(jsonPath("$.overrideReason").value("老客户续约"));
		String after = jdbc.sql("""
				select after_value from audit_log where entity_type = 'opportunity' and entity_id = :id and action = 'override'""")
			.param("id", String.valueOf(id)).query(String.class).single();
		assertThat(after).contains("MEETING_BOOKED").contains("AMOUNT").contains("DECISION_MAKER");
	}

	@Test
	void lostFromAnyStageWonOnlyFromTheLastThroughItsGate() throws Exception {
		long id = fx.opportunity(team, null);
		fx.post(team.repToken(), "/api/opportunities/" + id + "/won", "{\"reason\":\"签了\"}")
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.code").value("error.opportunity.wonOnlyLast"));
		fx.post(team.repToken(), "/api/opportunities/" + id + "/lost", "{}")
			.andExpect(status().isUnprocessableContent()).andExpect(jsonPath("$.errors[0].field").value("reason"));
		fx.post(team.repToken(), "/api/opportunities/" + id + "/lost", "{\"reason\":\"预算取消\"}")
			.andExpect(status().isOk()).andExpect(jsonPath("$.status").value("LOST"))
			.andExpect(jsonPath("$.probability").value(0)).andExpect(jsonPath("$.closeReason").value("预算取消"));
		fx.post(team.repToken(), "/api/opportunities/" + id + "/advance", "{}")
			.andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("error.opportunity.closed"));

		long won = fx.opportunity(team, null);
		for (int i = 0; i < 5; i++) {
			fx.post(team.managerToken(), "/api/opportunities/" + won + "/override", "{\"reason\":\"test\"}")
				.andExpect(status().isOk());
		}
		assertThat(fx.stage(won)).isEqualTo("CLOSING");
		fx.post(team.repToken(), "/api/opportunities/" + won + "/won", "{\"reason\":\"签约\"}")
			.andExpect(status().isConflict()).andExpect(jsonPath("$.missing", hasSize(3)));
		fx.followUp(won, "PAYMENT_CHASE", "CALL", Instant.now().plusSeconds(1));
		fx.followUp(won, null, "VISIT", Instant.now().plusSeconds(1));
		fx.upload(team.repToken(), won, "SIGNED_CONTRACT", "contract.pdf", PipelineFixture.PDF)
			.andExpect(status().isCreated());
		fx.post(team.repToken(), "/api/opportunities/" + won + "/won", "{\"reason\":\"签约\"}")
			.andExpect(status().isOk()).andExpect(jsonPath("$.status").value("WON"))
			.andExpect(jsonPath("$.probability").value(100));
		assertThat(fx.audits(won, "won")).isOne();
	}

	@Test
	void anotherTeamsRepSeesNothing() throws Exception {
		long id = fx.opportunity(team, null);
		CustomerFixture.Team other = fx.team();
		mvc.perform(get("/api/opportunities/" + id).header("Authorization", other.repToken()))
			.andExpect(status().isNotFound());
		mvc.perform(get("/api/opportunities/" + id).header("Authorization", other.managerToken()))
			.andExpect(status().isNotFound());
		fx.post(other.managerToken(), "/api/opportunities/" + id + "/override", "{\"reason\":\"x\"}")
			.andExpect(status().isNotFound());
		fx.post(other.repToken(), "/api/opportunities", "{\"customerId\":" + fx.customerOf(id) + "}")
			.andExpect(status().isNotFound());
		mvc.perform(get("/api/opportunities").header("Authorization", other.repToken()))
			.andExpect(jsonPath("$.total").value(0));
		mvc.perform(get("/api/opportunities").header("Authorization", team.managerToken()))
			.andExpect(jsonPath("$.items[*].id", org.hamcrest.Matchers.hasItem((int) id)));
		assertThat(fx.stage(id)).isEqualTo("QUALIFY");
	}

	@Test
	void theIdempotencyKeyCreatesOnceAndALeadMustBelongToTheCustomer() throws Exception {
		long customer = fx.customer(team);
		for (int i = 0; i < 2; i++) {
			mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post("/api/opportunities")
				.header("Authorization", team.repToken()).header("Idempotency-Key", "opp-" + customer)
				.contentType(MediaType.APPLICATION_JSON).content("{\"customerId\":" + customer + "}"))
				.andExpect(status().isCreated());
		}
		assertThat(jdbc.sql("select count(*) from opportunity where customer_id = :c").param("c", customer)
			.query(Long.class).single()).isOne();
		long lead = jdbc.sql("select lead_id from customer_lead where customer_id = :c").param("c", customer)
			.query(Long.class).single();
		fx.post(team.repToken(), "/api/opportunities", "{\"customerId\":%d,\"leadId\":%d}".formatted(customer, lead))
			.andExpect(status().isCreated()).andExpect(jsonPath("$.leadId").value(lead));
		fx.post(team.repToken(), "/api/opportunities", "{\"customerId\":%d,\"leadId\":%d}".formatted(customer, lead + 100000))
			.andExpect(status().isUnprocessableContent()).andExpect(jsonPath("$.errors[0].field").value("leadId"));
	}
}
