package dev.closer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

import com.jayway.jsonpath.JsonPath;

import dev.closer.customers.CustomerFixture;
import dev.closer.leads.LeadFixture;
import dev.closer.support.IntegrationTest;

/**
 * SPEC O6 tender projects: built from the default 12-node template with due dates from the offsets and default
 * owners by role, done only with the node's deliverable, file types by content, skip with a reason, owner changes
 * validated, template validation and versioning, the TENDER_NODES_DONE gate naming the open nodes, scope.
 */
@IntegrationTest
class TenderTests {

	static final List<String> CODES = List.of("REGISTRATION", "DOC_PURCHASE", "QA", "TECHNICAL_BID", "COMMERCIAL_BID",
			"BID_BOND", "SUBMISSION", "OPENING", "EVALUATION", "AWARD_NOTICE", "CONTRACT", "BOND_REFUND");

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcClient jdbc;

	PipelineFixture fx;

	TenderFixture tf;

	TenderFixture.Team team;

	String admin;

	@BeforeEach
	void setUp() throws Exception {
		fx = new PipelineFixture(mvc, jdbc);
		tf = new TenderFixture(fx);
		team = tf.team();
		admin = fx.customers.leads.admin;
	}

	long opportunity(String template) throws Exception {
		return fx.opportunity(team.base(), template == null ? null : "\"templateCode\":\"" + template + "\"");
	}

	@Test
	void aTenderHasTwelveNodesWithDueDatesFromTheOffsetsAndOwnersByRole() throws Exception {
		long id = opportunity(null);
		LocalDate today = LocalDate.now(TenderFixture.ZONE);
		LocalDate key = today.plusDays(40);
		String body = tf.createTender(team.repToken(), id, key).andExpect(status().isCreated())
			.andExpect(jsonPath("$.templateCode").value("DEFAULT"))
			.andExpect(jsonPath("$.keyDate").value(key.toString()))
			.andExpect(jsonPath("$.nodes", hasSize(12)))
			.andReturn().getResponse().getContentAsString();
		List<String> codes = JsonPath.read(body, "$.nodes[*].code");
		assertThat(codes).containsExactlyElementsOf(CODES);
		Map<String, Integer> offsets = Map.ofEntries(Map.entry("REGISTRATION", 2), Map.entry("DOC_PURCHASE", 5),
				Map.entry("QA", -10), Map.entry("TECHNICAL_BID", -5), Map.entry("COMMERCIAL_BID", -5),
				Map.entry("BID_BOND", -3), Map.entry("SUBMISSION", -1), Map.entry("OPENING", 0),
				Map.entry("EVALUATION", 7), Map.entry("AWARD_NOTICE", 14), Map.entry("CONTRACT", 30),
				Map.entry("BOND_REFUND", 45));
		for (int i = 0; i < 12; i++) {
			String code = CODES.get(i);
			LocalDate base = i < 2 ? today : key;
			assertThat((String) JsonPath.read(body, "$.nodes[" + i + "].dueOn")).as(code)
				.isEqualTo(base.plusDays(offsets.get(code)).toString());
			assertThat((String) JsonPath.read(body, "$.nodes[" + i + "].status")).isEqualTo("OPEN");
		}
		// the end of the due day in the creator's zone
		assertThat((String) JsonPath.read(body, "$.nodes[7].dueAt"))
			.isEqualTo(key.plusDays(1).atStartOfDay(TenderFixture.ZONE).toInstant().toString());
		Map<String, Long> owners = Map.of("REGISTRATION", team.base().rep(), "QA", team.presales(), "TECHNICAL_BID",
				team.presales(), "BID_BOND", team.finance(), "CONTRACT", team.legal(), "BOND_REFUND", team.finance(),
				"OPENING", team.base().rep());
		owners.forEach((code, owner) -> assertThat(((Number) JsonPath.read(body,
				"$.nodes[" + CODES.indexOf(code) + "].ownerId")).longValue()).as(code).isEqualTo(owner));
		assertThat(tf.audits("opportunity", id, "tender.create")).isOne();

		// a second tender on the same opportunity: 409, nothing added
		tf.createTender(team.repToken(), id, key).andExpect(status().isConflict())
			.andExpect(jsonPath("$.code").value("error.tender.exists"));
		assertThat(jdbc.sql("select count(*) from tender where opportunity_id = :o").param("o", id).query(Long.class)
			.single()).isOne();
	}

	@Test
	void badInputIsRefusedAndOtherTeamsSeeNothing() throws Exception {
		long id = opportunity(null);
		fx.post(team.repToken(), "/api/opportunities/" + id + "/tender", "{}")
			.andExpect(status().isUnprocessableContent()).andExpect(jsonPath("$.errors[0].field").value("keyDate"));
		fx.post(team.repToken(), "/api/opportunities/" + id + "/tender", "{\"keyDate\":\"2026-13-01\"}")
			.andExpect(status().isUnprocessableContent()).andExpect(jsonPath("$.errors[0].field").value("keyDate"));
		fx.post(team.repToken(), "/api/opportunities/" + id + "/tender",
				"{\"keyDate\":\"" + LocalDate.now().plusDays(9) + "\",\"templateCode\":\"NOPE\"}")
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.errors[0].field").value("templateCode"));
		assertThat(jdbc.sql("select count(*) from tender where opportunity_id = :o").param("o", id).query(Long.class)
			.single()).isZero();

		CustomerFixture.Team other = fx.team();
		tf.createTender(other.repToken(), id, LocalDate.now().plusDays(9)).andExpect(status().isNotFound());
		tf.createTender(team.repToken(), id, LocalDate.now().plusDays(9)).andExpect(status().isCreated());
		mvc.perform(get("/api/opportunities/" + id + "/tender").header("Authorization", other.repToken()))
			.andExpect(status().isNotFound());
		fx.post(other.managerToken(), "/api/opportunities/" + id + "/tender/nodes/EVALUATION/done", "{}")
			.andExpect(status().isNotFound());
		assertThat(tf.nodeStatus(id, "EVALUATION")).isEqualTo("OPEN");
		// the legal member owns the CONTRACT node: sees the tender although the opportunity is not in a REP scope
		mvc.perform(get("/api/opportunities/" + id + "/tender").header("Authorization", team.legalToken()))
			.andExpect(status().isOk()).andExpect(jsonPath("$.nodes", hasSize(12)));
		// ... and may change the CONTRACT node only, not someone else's
		fx.post(team.legalToken(), "/api/opportunities/" + id + "/tender/nodes/EVALUATION/done", "{}")
			.andExpect(status().isForbidden()).andExpect(jsonPath("$.code").value("error.tender.notYourNode"));
		assertThat(tf.nodeStatus(id, "EVALUATION")).isEqualTo("OPEN");
		fx.post(team.legalToken(), "/api/opportunities/" + id + "/tender/nodes/CONTRACT/skip",
				"{\"reason\":\"框架合同已签\"}").andExpect(status().isOk());
	}

	@Test
	void aNodeIsDoneOnlyWithItsDeliverableOfAnAllowedType() throws Exception {
		long id = opportunity(null);
		tf.createTender(team.repToken(), id, LocalDate.now().plusDays(60)).andExpect(status().isCreated());

		fx.post(team.repToken(), "/api/opportunities/" + id + "/tender/nodes/CONTRACT/done", "{}")
			.andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("error.tender.deliverableMissing"))
			.andExpect(jsonPath("$.detail", containsString("SIGNED_CONTRACT")));
		assertThat(tf.nodeStatus(id, "CONTRACT")).isEqualTo("OPEN");

		// CONTRACT takes PDF only: a PNG (named .pdf) is refused by content, nothing kept
		tf.uploadNode(team.repToken(), id, "CONTRACT", "contract.pdf", PipelineFixture.PNG)
			.andExpect(status().isUnprocessableContent()).andExpect(jsonPath("$.errors[0].field").value("file"));
		assertThat(jdbc.sql("""
				select count(*) from tender_node n join tender t on t.id = n.tender_id
				where t.opportunity_id = :o and n.file_id is not null""").param("o", id).query(Long.class).single())
			.isZero();

		tf.uploadNode(team.repToken(), id, "CONTRACT", "contract.pdf", PipelineFixture.PDF)
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.nodes[10].fileType").value("PDF"))
			.andExpect(jsonPath("$.nodes[10].fileSha256").value(org.hamcrest.Matchers.matchesPattern("[0-9a-f]{64}")));
		fx.post(team.legalToken(), "/api/opportunities/" + id + "/tender/nodes/CONTRACT/done", "{}")
			.andExpect(status().isOk()).andExpect(jsonPath("$.nodes[10].status").value("DONE"));
		fx.post(team.repToken(), "/api/opportunities/" + id + "/tender/nodes/CONTRACT/done", "{}")
			.andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("error.tender.nodeClosed"));
		tf.uploadNode(team.repToken(), id, "CONTRACT", "again.pdf", PipelineFixture.PDF)
			.andExpect(status().isConflict());

		// EVALUATION needs no deliverable: done at once, and an upload to it is refused
		tf.uploadNode(team.repToken(), id, "EVALUATION", "x.pdf", PipelineFixture.PDF)
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.code").value("error.tender.noDeliverable"));
		fx.post(team.repToken(), "/api/opportunities/" + id + "/tender/nodes/EVALUATION/done", "{}")
			.andExpect(status().isOk());
		assertThat(tf.nodeStatus(id, "EVALUATION")).isEqualTo("DONE");

		// skip needs a reason
		fx.post(team.repToken(), "/api/opportunities/" + id + "/tender/nodes/QA/skip", "{}")
			.andExpect(status().isUnprocessableContent()).andExpect(jsonPath("$.errors[0].field").value("reason"));
		assertThat(tf.nodeStatus(id, "QA")).isEqualTo("OPEN");
		fx.post(team.repToken(), "/api/opportunities/" + id + "/tender/nodes/QA/skip", "{\"reason\":\"无答疑会\"}")
			.andExpect(status().isOk()).andExpect(jsonPath("$.nodes[2].status").value("SKIPPED"))
			.andExpect(jsonPath("$.nodes[2].skipReason").value("无答疑会"));
		fx.post(team.repToken(), "/api/opportunities/" + id + "/tender/nodes/NOPE/done", "{}")
			.andExpect(status().isNotFound());
		assertThat(tf.audits("opportunity", id, "tender.upload")).isOne();
		assertThat(tf.audits("opportunity", id, "tender.node")).isEqualTo(3);
	}

	@Test
	void ownerChangesAreValidated() throws Exception {
		long id = opportunity(null);
		tf.createTender(team.repToken(), id, LocalDate.now().plusDays(30)).andExpect(status().isCreated());
		CustomerFixture.Team other = fx.team();
		mvc.perform(patch("/api/opportunities/" + id + "/tender/nodes/QA").header("Authorization", team.managerToken())
			.contentType(MediaType.APPLICATION_JSON).content("{\"ownerId\":" + other.rep() + "}"))
			.andExpect(status().isUnprocessableContent()).andExpect(jsonPath("$.errors[0].field").value("ownerId"));
		mvc.perform(patch("/api/opportunities/" + id + "/tender/nodes/QA").header("Authorization", team.managerToken())
			.contentType(MediaType.APPLICATION_JSON).content("{\"ownerId\":999999999}"))
			.andExpect(status().isUnprocessableContent());
		mvc.perform(patch("/api/opportunities/" + id + "/tender/nodes/QA").header("Authorization", team.managerToken())
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"ownerId\":" + team.base().rep() + ",\"dueOn\":\"" + LocalDate.now().plusDays(3) + "\"}"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.nodes[2].ownerId").value(team.base().rep()))
			.andExpect(jsonPath("$.nodes[2].dueOn").value(LocalDate.now(TenderFixture.ZONE).plusDays(3).toString()));
		assertThat(tf.audits("opportunity", id, "tender.assign")).isOne();
	}

	@Test
	void templatesAreValidatedAndVersionedAndATenderRecordsItsVersion() throws Exception {
		String code = "T" + LeadFixture.unique("").toUpperCase();
		String node = """
				{"code":"%s","names":{"en":"Node","zh-CN":"节点"},"anchor":"KEY_DATE","offsetDays":%d,"ownerRole":"REP"%s}""";
		String ladder = "[{\"afterHours\":0,\"target\":\"OWNER\"},{\"afterHours\":24,\"target\":\"MANAGER\"}]";
		record Bad(String nodes, String ladder, String field) {
		}
		List<Bad> bad = List.of(new Bad("[]", ladder, "nodes"),
				new Bad("[" + node.formatted("A1", 400, "") + "]", ladder, "nodes[0].offsetDays"),
				new Bad("[" + node.formatted("A1", 1, ",\"deliverable\":\"X1\",\"fileTypes\":[\"EXE\"]") + "]", ladder,
						"nodes[0].fileTypes"),
				new Bad("[" + node.formatted("A1", 1, "") + "," + node.formatted("A1", 2, "") + "]", ladder,
						"nodes[1].code"),
				new Bad("[" + node.formatted("A1", 1, "") + "]",
						"[{\"afterHours\":24,\"target\":\"OWNER\"},{\"afterHours\":24,\"target\":\"MANAGER\"}]",
						"escalation[1].afterHours"),
				new Bad("[" + node.formatted("A1", 1, "") + "]", "[]", "escalation"));
		for (Bad b : bad) {
			save(code, b.nodes(), b.ladder()).andExpect(status().isUnprocessableContent())
				.andExpect(jsonPath("$.errors[0].field").value(b.field()));
		}
		assertThat(jdbc.sql("select count(*) from pipeline_rule where code = :c").param("c", code).query(Long.class)
			.single()).isZero();
		String good = "[" + node.formatted("A1", -2, ",\"deliverable\":\"X1\",\"fileTypes\":[\"PDF\"]") + ","
				+ node.formatted("B2", 3, "") + "]";
		save(code, good, ladder).andExpect(status().isOk()).andExpect(jsonPath("$.version").value(1));
		save(code, good, ladder).andExpect(status().isOk()).andExpect(jsonPath("$.version").value(2));
		mvc.perform(put("/api/admin/pipeline/tender-templates/" + code).header("Authorization", team.repToken())
			.contentType(MediaType.APPLICATION_JSON).content("{}")).andExpect(status().isForbidden());
		mvc.perform(get("/api/pipeline/tender-templates/" + code + "/versions").header("Authorization", admin))
			.andExpect(status().isOk()).andExpect(jsonPath("$", hasSize(2)));

		long id = opportunity(null);
		LocalDate key = LocalDate.now(TenderFixture.ZONE).plusDays(20);
		fx.post(team.repToken(), "/api/opportunities/" + id + "/tender",
				"{\"keyDate\":\"" + key + "\",\"templateCode\":\"" + code + "\"}")
			.andExpect(status().isCreated()).andExpect(jsonPath("$.templateVersion").value(2))
			.andExpect(jsonPath("$.nodes", hasSize(2))).andExpect(jsonPath("$.nodes[0].dueOn").value(key.minusDays(2).toString()));
		assertThat(jdbc.sql("select count(*) from audit_log where entity_type = 'pipeline_rule' and entity_id = :e")
			.param("e", "tender:" + code).query(Long.class).single()).isEqualTo(2);
	}

	private org.springframework.test.web.servlet.ResultActions save(String code, String nodes, String ladder)
			throws Exception {
		return mvc.perform(put("/api/admin/pipeline/tender-templates/" + code).header("Authorization", admin)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"definition\":{\"names\":{\"en\":\"Test\",\"zh-CN\":\"测试\"},\"nodes\":" + nodes
					+ ",\"escalation\":" + ladder + "},\"comment\":\"test\"}"));
	}

	@Test
	void theTenderGateNamesTheOpenNodesUpToItsNode() throws Exception {
		long id = opportunity("PUBLIC_TENDER");
		assertThat(fx.stage(id)).isEqualTo("PREPARATION");
		fx.post(team.repToken(), "/api/opportunities/" + id + "/advance", "{}")
			.andExpect(status().isConflict()).andExpect(jsonPath("$.missing", hasSize(1)))
			.andExpect(jsonPath("$.missing[0].kind").value("TENDER_NODES_DONE"))
			.andExpect(jsonPath("$.missing[0].detail", org.hamcrest.Matchers.anyOf(containsString("“购买招标文件”"),
					containsString("Tender documents purchased"))));
		tf.createTender(team.repToken(), id, LocalDate.now().plusDays(30)).andExpect(status().isCreated());
		fx.post(team.repToken(), "/api/opportunities/" + id + "/advance", "{}")
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.missing[0].detail", org.hamcrest.Matchers.anyOf(containsString("报名, 购买招标文件"),
					containsString("Registration, Tender documents purchased"))));
		tf.uploadNode(team.repToken(), id, "REGISTRATION", "form.png", PipelineFixture.PNG).andExpect(status().isOk());
		fx.post(team.repToken(), "/api/opportunities/" + id + "/tender/nodes/REGISTRATION/done", "{}")
			.andExpect(status().isOk());
		fx.post(team.repToken(), "/api/opportunities/" + id + "/advance", "{}")
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.missing[0].detail", containsString("1")))
			.andExpect(jsonPath("$.missing[0].detail", org.hamcrest.Matchers.anyOf(containsString("“购买招标文件”"),
					containsString("Tender documents purchased"))));
		assertThat(fx.stage(id)).isEqualTo("PREPARATION");
		fx.post(team.repToken(), "/api/opportunities/" + id + "/tender/nodes/DOC_PURCHASE/skip",
				"{\"reason\":\"文件免费下载\"}").andExpect(status().isOk());
		fx.post(team.repToken(), "/api/opportunities/" + id + "/advance", "{}").andExpect(status().isOk())
			.andExpect(jsonPath("$.stageCode").value("BIDDING"));
		mvc.perform(get("/api/opportunities/" + id + "/requirements").header("Authorization", team.repToken())
				.header("Accept-Language", "en"))
			.andExpect(status().isOk()).andExpect(jsonPath("$[0].satisfied").value(false))
			.andExpect(jsonPath("$[0].detail", containsString("Tender nodes up to “Bid submitted” are not all done")));
		mvc.perform(get("/api/opportunities/" + id + "/requirements").header("Authorization", team.repToken())
				.header("Accept-Language", "zh-CN"))
			.andExpect(jsonPath("$[0].detail", containsString("截至“递交投标文件”的招投标节点未全部完成")));
	}

	@Test
	void aStageTemplateMayOnlyNameKnownTenderNodes() throws Exception {
		String stage = """
				{"code":"S1","names":{"en":"S","zh-CN":"阶段"},"probability":10,"expectedDays":5,"requirements":[
				 {"code":"R1","kind":"TENDER_NODES_DONE","node":"%s","labels":{"en":"Nodes","zh-CN":"节点"}},
				 {"code":"R2","kind":"CONTRACT_APPROVED","labels":{"en":"Contract","zh-CN":"合同"}}]}""";
		String code = "S" + LeadFixture.unique("").toUpperCase();
		mvc.perform(put("/api/admin/pipeline/templates/" + code).header("Authorization", admin)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"definition\":{\"names\":{\"en\":\"T\",\"zh-CN\":\"测\"},\"industries\":[],\"stages\":["
					+ stage.formatted("NOPE") + "]}}"))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.errors[0].field").value("stages[0].requirements[0].node"));
		mvc.perform(put("/api/admin/pipeline/templates/" + code).header("Authorization", admin)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"definition\":{\"names\":{\"en\":\"T\",\"zh-CN\":\"测\"},\"industries\":[],\"stages\":["
					+ stage.formatted("SUBMISSION") + "]}}"))
			.andExpect(status().isOk()).andExpect(jsonPath("$.version").value(1));
	}

	@Test
	void theDemoHasTendersWithOverdueNodesAndApprovalsInEveryState() {
		assertThat(jdbc.sql("select count(*) from tender where created_by = 'demo'").query(Long.class).single())
			.isGreaterThanOrEqualTo(10);
		assertThat(jdbc.sql("""
				select count(*) from tender_node n join tender t on t.id = n.tender_id
				where t.created_by = 'demo' and n.status = 'OPEN' and n.due_at < current_timestamp""").query(Long.class)
			.single()).isPositive();
		assertThat(jdbc.sql("""
				select count(*) from tender_escalation e join tender_node n on n.id = e.node_id join tender t on t.id = n.tender_id
				where t.created_by = 'demo'""").query(Long.class).single()).isPositive();
		for (String pending : List.of("LEGAL_REVIEW", "CREDIT_CHECK")) {
			assertThat(jdbc.sql("""
					select count(*) from contract_approval a join contract_approval_step s
					  on s.approval_id = a.id and s.step_no = a.current_step
					join opportunity o on o.id = a.opportunity_id
					where o.created_by = 'demo' and a.status = 'PENDING' and s.code = :c""").param("c", pending)
				.query(Long.class).single()).as(pending).isPositive();
		}
		for (String status : List.of("APPROVED", "REJECTED")) {
			assertThat(jdbc.sql("""
					select count(*) from contract_approval a join opportunity o on o.id = a.opportunity_id
					where o.created_by = 'demo' and a.status = :s""").param("s", status).query(Long.class).single())
				.as(status).isPositive();
		}
		// every won demo tender opportunity has its approved contract
		assertThat(jdbc.sql("""
				select count(*) from opportunity o where o.created_by = 'demo' and o.template_code = 'PUBLIC_TENDER'
				  and o.status = 'WON' and not exists (select 1 from contract_approval a where a.opportunity_id = o.id
				  and a.status = 'APPROVED')""").query(Long.class).single()).isZero();
	}
}
