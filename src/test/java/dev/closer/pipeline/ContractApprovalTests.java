package dev.closer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.time.LocalDate;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

import com.jayway.jsonpath.JsonPath;

import dev.closer.customers.CustomerFixture;
import dev.closer.support.IntegrationTest;

/**
 * SPEC O7 contract approval: the chain legal review → finance credit check → seal decided in order (409 naming the
 * rule) by the step's role in scope (403 naming the role), a rejection needs a comment and ends the request, each
 * step's waiting time, the CONTRACT_APPROVED gate on won, scope (404) and the audit trail; refusals change nothing.
 */
@IntegrationTest
class ContractApprovalTests {

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

	@Test
	void stepsAreDecidedInOrderByTheirRoleAndEachStepsWaitingTimeIsKept() throws Exception {
		long id = fx.opportunity(team.base(), null);
		String body = tf.requestApproval(team.repToken(), id, "880000", "分 3 期付款").andExpect(status().isCreated())
			.andExpect(jsonPath("$.status").value("PENDING")).andExpect(jsonPath("$.currentStep").value(1))
			.andExpect(jsonPath("$.amount").value(880000.00)).andExpect(jsonPath("$.fileType").value("PDF"))
			.andExpect(jsonPath("$.steps[*].code").value(org.hamcrest.Matchers.contains("LEGAL_REVIEW", "CREDIT_CHECK", "SEAL")))
			.andExpect(jsonPath("$.steps[0].status").value("PENDING"))
			.andExpect(jsonPath("$.steps[0].startedAt").isNotEmpty())
			.andExpect(jsonPath("$.steps[1].status").value("WAITING"))
			.andExpect(jsonPath("$.steps[1].startedAt").doesNotExist())
			.andReturn().getResponse().getContentAsString();
		long request = ((Number) JsonPath.read(body, "$.id")).longValue();
		// the legal member was told the step is theirs
		assertThat(notices(team.legal(), "contract.step")).isOne();
		assertThat(notices(team.finance(), "contract.step")).isZero();

		// out of order: 409 naming the rule, nothing changed
		tf.decide(team.financeToken(), request, 2, "approve", null).andExpect(status().isConflict())
			.andExpect(jsonPath("$.code").value("error.approval.order"))
			.andExpect(jsonPath("$.detail", containsString("in order")));
		tf.decide(admin, request, 3, "approve", null).andExpect(status().isConflict())
			.andExpect(jsonPath("$.code").value("error.approval.order"));
		// wrong role: 403 naming the role
		tf.decide(team.repToken(), request, 1, "approve", null).andExpect(status().isForbidden())
			.andExpect(jsonPath("$.code").value("error.approval.role"))
			.andExpect(jsonPath("$.detail", containsString("LEGAL")));
		tf.decide(team.financeToken(), request, 1, "approve", null).andExpect(status().isForbidden());
		tf.decide(team.legalToken(), request, 4, "approve", null).andExpect(status().isNotFound());
		assertThat(tf.stepStatuses(request)).isEqualTo("PENDING,WAITING,WAITING");

		tf.decide(team.legalToken(), request, 1, "approve", "条款无异议").andExpect(status().isOk())
			.andExpect(jsonPath("$.currentStep").value(2)).andExpect(jsonPath("$.steps[0].status").value("APPROVED"))
			.andExpect(jsonPath("$.steps[0].comment").value("条款无异议"))
			.andExpect(jsonPath("$.steps[0].waitingSeconds").isNumber())
			.andExpect(jsonPath("$.steps[1].status").value("PENDING"));
		assertThat(notices(team.finance(), "contract.step")).isOne();
		tf.decide(team.legalToken(), request, 1, "approve", null).andExpect(status().isConflict())
			.andExpect(jsonPath("$.code").value("error.approval.decided"));
		tf.decide(team.legalToken(), request, 2, "approve", null).andExpect(status().isForbidden())
			.andExpect(jsonPath("$.detail", containsString("FINANCE")));
		tf.decide(team.financeToken(), request, 2, "approve", null).andExpect(status().isOk())
			.andExpect(jsonPath("$.currentStep").value(3));
		// the seal: an ADMIN (company-wide)
		tf.decide(team.managerToken(), request, 3, "approve", null).andExpect(status().isForbidden())
			.andExpect(jsonPath("$.detail", containsString("ADMIN")));
		tf.decide(admin, request, 3, "approve", null).andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("APPROVED")).andExpect(jsonPath("$.decidedAt").isNotEmpty());
		tf.decide(admin, request, 3, "approve", null).andExpect(status().isConflict())
			.andExpect(jsonPath("$.code").value("error.approval.closed"));
		assertThat(tf.stepStatuses(request)).isEqualTo("APPROVED,APPROVED,APPROVED");

		// waiting time = decided − started, for every step
		var rows = jdbc.sql("select started_at, decided_at from contract_approval_step where approval_id = :a order by step_no")
			.param("a", request).query((rs, n) -> new Instant[] {
					rs.getObject(1, java.time.OffsetDateTime.class).toInstant(),
					rs.getObject(2, java.time.OffsetDateTime.class).toInstant() })
			.list();
		String view = mvc.perform(get("/api/approvals/" + request).header("Authorization", team.repToken()))
			.andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
		for (int i = 0; i < 3; i++) {
			assertThat(((Number) JsonPath.read(view, "$.steps[" + i + "].waitingSeconds")).longValue())
				.isEqualTo(java.time.Duration.between(rows.get(i)[0], rows.get(i)[1]).getSeconds());
			if (i > 0) {
				assertThat(rows.get(i)[0]).isEqualTo(rows.get(i - 1)[1]);
			}
		}
		assertThat(tf.audits("contract_approval", request, "create")).isOne();
		assertThat(tf.audits("contract_approval", request, "approve")).isEqualTo(3);
		assertThat(tf.audits("opportunity", id, "contract.approved")).isOne();
		assertThat(notices(team.base().rep(), "contract.decided")).isOne();
	}

	@Test
	void aRejectionNeedsACommentEndsTheRequestAndANewOneMayStart() throws Exception {
		long id = fx.opportunity(team.base(), null);
		long request = tf.approval(team.repToken(), id);
		tf.requestApproval(team.repToken(), id, "1", "again").andExpect(status().isConflict())
			.andExpect(jsonPath("$.code").value("error.approval.pendingExists"));
		tf.decide(team.legalToken(), request, 1, "reject", null).andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.errors[0].field").value("comment"));
		tf.decide(team.legalToken(), request, 1, "reject", "  ").andExpect(status().isUnprocessableContent());
		assertThat(tf.approvalStatus(request)).isEqualTo("PENDING");
		assertThat(tf.stepStatuses(request)).isEqualTo("PENDING,WAITING,WAITING");
		assertThat(tf.audits("contract_approval", request, "reject")).isZero();

		tf.decide(team.legalToken(), request, 1, "reject", "违约金条款不可接受").andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("REJECTED")).andExpect(jsonPath("$.steps[0].comment").value("违约金条款不可接受"));
		assertThat(tf.stepStatuses(request)).isEqualTo("REJECTED,CANCELLED,CANCELLED");
		tf.decide(team.financeToken(), request, 2, "approve", null).andExpect(status().isConflict())
			.andExpect(jsonPath("$.code").value("error.approval.closed"));
		assertThat(tf.audits("contract_approval", request, "reject")).isOne();
		assertThat(tf.audits("opportunity", id, "contract.rejected")).isOne();

		long second = tf.approval(team.repToken(), id);
		assertThat(second).isNotEqualTo(request);
		mvc.perform(get("/api/opportunities/" + id + "/contract-approvals").header("Authorization", team.repToken()))
			.andExpect(status().isOk()).andExpect(jsonPath("$", hasSize(2)))
			.andExpect(jsonPath("$[0].status").value("PENDING")).andExpect(jsonPath("$[1].status").value("REJECTED"));
	}

	@Test
	void aRepeatedRequestWithTheSameIdempotencyKeyStartsOneApproval() throws Exception {
		long id = fx.opportunity(team.base(), null);
		String key = java.util.UUID.randomUUID().toString();
		String first = mvc.perform(multipartWithKey(id, key)).andExpect(status().isCreated()).andReturn().getResponse()
			.getContentAsString();
		String second = mvc.perform(multipartWithKey(id, key)).andExpect(status().isCreated()).andReturn().getResponse()
			.getContentAsString();
		assertThat((Integer) JsonPath.read(second, "$.id")).isEqualTo((Integer) JsonPath.read(first, "$.id"));
		assertThat(jdbc.sql("select count(*) from contract_approval where opportunity_id = :o").param("o", id)
			.query(Long.class).single()).isOne();
	}

	private org.springframework.test.web.servlet.RequestBuilder multipartWithKey(long id, String key) {
		return org.springframework.test.web.servlet.request.MockMvcRequestBuilders
			.multipart("/api/opportunities/" + id + "/contract-approvals")
			.file(new org.springframework.mock.web.MockMultipartFile("file", "contract.pdf", "application/pdf",
					PipelineFixture.PDF))
			.param("amount", "100").param("terms", "t").header("Authorization", team.repToken())
			.header("Idempotency-Key", key);
	}

	@Test
	void badRequestsAreRefusedAndNothingIsStored() throws Exception {
		long id = fx.opportunity(team.base(), null);
		tf.requestApproval(team.repToken(), id, "", "terms").andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.errors[0].field").value("amount"));
		tf.requestApproval(team.repToken(), id, "-5", "terms").andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.errors[0].field").value("amount"));
		tf.requestApproval(team.repToken(), id, "100", " ").andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.errors[0].field").value("terms"));
		mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
			.multipart("/api/opportunities/" + id + "/contract-approvals")
			.file(new org.springframework.mock.web.MockMultipartFile("file", "contract.pdf", "application/pdf",
					"MZ not a pdf".getBytes()))
			.param("amount", "100").param("terms", "t").header("Authorization", team.repToken()))
			.andExpect(status().isUnprocessableContent()).andExpect(jsonPath("$.errors[0].field").value("file"));
		assertThat(jdbc.sql("select count(*) from contract_approval where opportunity_id = :o").param("o", id)
			.query(Long.class).single()).isZero();
	}

	@Test
	void otherTeamsSeeNothingAndCompanyWideApproversSeeTheirSteps() throws Exception {
		long id = fx.opportunity(team.base(), null);
		long request = tf.approval(team.repToken(), id);
		TenderFixture.Team other = tf.team();
		// a rep and a legal member of another team: 404 and not in their inbox; nothing changed
		mvc.perform(get("/api/approvals/" + request).header("Authorization", other.repToken()))
			.andExpect(status().isNotFound());
		tf.decide(other.legalToken(), request, 1, "approve", null).andExpect(status().isNotFound());
		tf.decide(other.repToken(), request, 1, "reject", "x").andExpect(status().isNotFound());
		mvc.perform(get("/api/approvals/pending").header("Authorization", other.legalToken()))
			.andExpect(status().isOk()).andExpect(jsonPath("$[*].id", not(hasItem((int) request))));
		mvc.perform(get("/api/opportunities/" + id + "/contract-approvals").header("Authorization", other.repToken()))
			.andExpect(status().isNotFound());
		assertThat(tf.stepStatuses(request)).isEqualTo("PENDING,WAITING,WAITING");
		// the team's legal member and the demo's company-wide legal staff have it in their inbox
		mvc.perform(get("/api/approvals/pending").header("Authorization", team.legalToken()))
			.andExpect(status().isOk()).andExpect(jsonPath("$[*].id", hasItem((int) request)))
			.andExpect(jsonPath("$[?(@.id == " + request + ")].steps[0].waitingSeconds").isNotEmpty());
		String duwen = dev.closer.support.Api.token(mvc, "duwen");
		mvc.perform(get("/api/approvals/pending").header("Authorization", duwen))
			.andExpect(status().isOk()).andExpect(jsonPath("$[*].id", hasItem((int) request)));
		mvc.perform(get("/api/approvals/pending").header("Authorization", team.financeToken()))
			.andExpect(status().isOk()).andExpect(jsonPath("$[*].id", not(hasItem((int) request))));
	}

	@Test
	void wonIsRefusedWithoutAnApprovedContractAndAllowedAfter() throws Exception {
		long id = fx.opportunity(team.base(), "\"templateCode\":\"PUBLIC_TENDER\"");
		for (int i = 0; i < 3; i++) {
			fx.post(team.managerToken(), "/api/opportunities/" + id + "/override", "{\"reason\":\"test\"}")
				.andExpect(status().isOk());
		}
		assertThat(fx.stage(id)).isEqualTo("CONTRACT");
		fx.post(team.repToken(), "/api/opportunities/" + id + "/won", "{\"reason\":\"中标签约\"}")
			.andExpect(status().isConflict()).andExpect(jsonPath("$.missing", hasSize(2)))
			.andExpect(jsonPath("$.missing[0].kind").value("CONTRACT_APPROVED"))
			.andExpect(jsonPath("$.missing[0].detail").value("No contract approval has been requested."));
		// the tender nodes up to CONTRACT: skipped with a reason, CONTRACT done with its PDF
		tf.createTender(team.repToken(), id, LocalDate.now().minusDays(20)).andExpect(status().isCreated());
		for (String node : TenderTests.CODES.subList(0, 10)) {
			fx.post(team.repToken(), "/api/opportunities/" + id + "/tender/nodes/" + node + "/skip",
					"{\"reason\":\"线下已完成\"}").andExpect(status().isOk());
		}
		tf.uploadNode(team.repToken(), id, "CONTRACT", "signed.pdf", PipelineFixture.PDF).andExpect(status().isOk());
		fx.post(team.repToken(), "/api/opportunities/" + id + "/tender/nodes/CONTRACT/done", "{}")
			.andExpect(status().isOk());

		long request = tf.approval(team.repToken(), id);
		fx.post(team.repToken(), "/api/opportunities/" + id + "/won", "{\"reason\":\"中标签约\"}")
			.andExpect(status().isConflict()).andExpect(jsonPath("$.missing", hasSize(1)))
			.andExpect(jsonPath("$.missing[0].code").value("R1"))
			.andExpect(jsonPath("$.missing[0].detail", containsString("LEGAL_REVIEW")));
		tf.decide(team.legalToken(), request, 1, "reject", "改条款").andExpect(status().isOk());
		fx.post(team.repToken(), "/api/opportunities/" + id + "/won", "{\"reason\":\"中标签约\"}")
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.missing[0].detail", containsString("rejected")));
		assertThat(jdbc.sql("select status from opportunity where id = :id").param("id", id).query(String.class)
			.single()).isEqualTo("OPEN");

		long second = tf.approval(team.repToken(), id);
		tf.decide(team.legalToken(), second, 1, "approve", null).andExpect(status().isOk());
		tf.decide(team.financeToken(), second, 2, "approve", null).andExpect(status().isOk());
		tf.decide(admin, second, 3, "approve", null).andExpect(status().isOk());
		fx.post(team.repToken(), "/api/opportunities/" + id + "/won", "{\"reason\":\"中标签约\"}")
			.andExpect(status().isOk()).andExpect(jsonPath("$.status").value("WON"));
		assertThat(fx.audits(id, "won")).isOne();
		// a closed opportunity takes no new request
		tf.requestApproval(team.repToken(), id, "1", "t").andExpect(status().isConflict());
	}

	@Test
	void theOpportunityPageAndTheInboxShowTheChain() throws Exception {
		long id = fx.opportunity(team.base(), null);
		long request = tf.approval(team.repToken(), id);
		var legal = fx.customers.login(team.legal());
		mvc.perform(get("/approvals").session(legal)).andExpect(status().isOk())
			.andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.content()
				.string(containsString("data-id=\"" + request + "\"")))
			.andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.content()
				.string(containsString("waiting for")));
		var rep = fx.customers.login(team.base().rep());
		mvc.perform(get("/opportunities/" + id).session(rep)).andExpect(status().isOk())
			.andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.content()
				.string(containsString("id=\"contract-section\"")));
		mvc.perform(get("/opportunities/" + id + "/tender").session(rep)).andExpect(status().isOk())
			.andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.content()
				.string(containsString("id=\"tender-create\"")));
	}

	long notices(long user, String category) {
		return jdbc.sql("select count(*) from notification where recipient_id = :u and category = :c")
			.param("u", user).param("c", category).query(Long.class).single();
	}
}
