package dev.closer.pipeline;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.LocalDate;
import java.time.ZoneId;

import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.ResultActions;

import com.jayway.jsonpath.JsonPath;

import dev.closer.customers.CustomerFixture;

/** Tender projects and contract approvals for tests (SPEC O6, O7), through the API. */
public final class TenderFixture {

	public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

	public final PipelineFixture fx;

	public TenderFixture(PipelineFixture fx) {
		this.fx = fx;
	}

	/** A team with rep, manager, and one PRESALES, LEGAL and FINANCE member each. */
	public record Team(CustomerFixture.Team base, long presales, long legal, long finance, String legalToken,
			String financeToken) {

		public long id() {
			return base.id();
		}

		public String repToken() {
			return base.repToken();
		}

		public String managerToken() {
			return base.managerToken();
		}
	}

	public Team team() throws Exception {
		CustomerFixture.Team base = fx.team();
		var leads = fx.customers.leads;
		long presales = leads.user(base.id(), "PRESALES", "韩梅");
		long legal = leads.user(base.id(), "LEGAL", "杜文");
		long finance = leads.user(base.id(), "FINANCE", "蒋涛");
		return new Team(base, presales, legal, finance, leads.tokenOf(legal), leads.tokenOf(finance));
	}

	public ResultActions createTender(String token, long opportunity, LocalDate keyDate) throws Exception {
		return fx.post(token, "/api/opportunities/" + opportunity + "/tender",
				"{\"keyDate\":\"" + keyDate + "\"}");
	}

	public ResultActions uploadNode(String token, long opportunity, String node, String name, byte[] bytes)
			throws Exception {
		return fx.mvc.perform(multipart("/api/opportunities/" + opportunity + "/tender/nodes/" + node + "/deliverable")
			.file(new MockMultipartFile("file", name, "application/octet-stream", bytes)).header("Authorization", token));
	}

	public ResultActions requestApproval(String token, long opportunity, String amount, String terms) throws Exception {
		return fx.mvc.perform(multipart("/api/opportunities/" + opportunity + "/contract-approvals")
			.file(new MockMultipartFile("file", "contract.pdf", "application/pdf", PipelineFixture.PDF))
			.param("amount", amount).param("terms", terms).header("Authorization", token));
	}

	/** Starts a request and returns its id. */
	public long approval(String token, long opportunity) throws Exception {
		String body = requestApproval(token, opportunity, "880000.00", "12 个月付款，质保 3 年").andExpect(status().isCreated())
			.andReturn().getResponse().getContentAsString();
		return ((Number) JsonPath.read(body, "$.id")).longValue();
	}

	public ResultActions decide(String token, long request, int step, String decision, String comment)
			throws Exception {
		return fx.post(token, "/api/approvals/" + request + "/steps/" + step + "/" + decision,
				comment == null ? "{}" : "{\"comment\":\"" + comment + "\"}");
	}

	public String nodeStatus(long opportunity, String code) {
		return fx.jdbc.sql("""
				select n.status from tender_node n join tender t on t.id = n.tender_id
				where t.opportunity_id = :o and n.code = :c""").param("o", opportunity).param("c", code)
			.query(String.class).single();
	}

	public String approvalStatus(long request) {
		return fx.jdbc.sql("select status from contract_approval where id = :id").param("id", request)
			.query(String.class).single();
	}

	public String stepStatuses(long request) {
		return String.join(",", fx.jdbc.sql("select status from contract_approval_step where approval_id = :a order by step_no")
			.param("a", request).query(String.class).list());
	}

	public long audits(String entity, long id, String action) {
		return fx.jdbc.sql("select count(*) from audit_log where entity_type = :e and entity_id = :id and action = :a")
			.param("e", entity).param("id", String.valueOf(id)).param("a", action).query(Long.class).single();
	}
}
