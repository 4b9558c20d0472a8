package dev.closer.customers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

import com.jayway.jsonpath.JsonPath;

import dev.closer.leads.LeadFixture;
import dev.closer.support.IntegrationTest;

/** SPEC F / C7: lead conversion, dedupe with "attach to existing", data scope, owner changes, contacts, idempotency. */
@IntegrationTest
class CustomerApiTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcClient jdbc;

	CustomerFixture fx;

	@BeforeEach
	void setUp() throws Exception {
		fx = new CustomerFixture(mvc, jdbc);
	}

	@Test
	void convertingALeadMakesACustomerWithTheLeadsContactClosesTheLeadAndStopsItsClock() throws Exception {
		CustomerFixture.Team t = fx.team();
		String company = LeadFixture.unique("上海转化测试医疗器械有限公司");
		long lead = fx.lead(t.id(), company, LeadFixture.phone());
		assertThat(jdbc.sql("select owner_id from lead where id = :id").param("id", lead).query(Long.class).single())
			.isEqualTo(t.rep());
		assertThat(clockRunning(lead)).isTrue();

		String body = mvc.perform(post("/api/leads/" + lead + "/convert").header("Authorization", t.repToken())
				.contentType(MediaType.APPLICATION_JSON).content("{\"industry\":\"hospital\",\"address\":\"上海市徐汇区\"}"))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.customer.name").value(company))
			.andExpect(jsonPath("$.customer.ownerId").value(t.rep()))
			.andExpect(jsonPath("$.customer.teamId").value(t.id()))
			.andExpect(jsonPath("$.customer.sourceLeadId").value(lead))
			.andExpect(jsonPath("$.customer.industry").value("hospital"))
			.andExpect(jsonPath("$.attached").value(false))
			.andReturn().getResponse().getContentAsString();
		long customer = ((Number) JsonPath.read(body, "$.customer.id")).longValue();

		assertThat(jdbc.sql("select status from lead where id = :id").param("id", lead).query(String.class).single())
			.isEqualTo("CONVERTED");
		assertThat(jdbc.sql("select closed_at from lead where id = :id").param("id", lead)
			.query(java.sql.Timestamp.class).optional()).isPresent();
		assertThat(clockRunning(lead)).as("the SLA clock stopped").isFalse();
		assertThat(jdbc.sql("select next_due_at from lead_sla_clock where lead_id = :id").param("id", lead)
			.query(java.sql.Timestamp.class).optional()).isEmpty();
		assertThat(audits("lead", lead, "convert")).isEqualTo(1);
		assertThat(audits("customer", customer, "create")).isEqualTo(1);

		mvc.perform(get("/api/customers/" + customer).header("Authorization", t.repToken()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.contacts.length()").value(1))
			.andExpect(jsonPath("$.contacts[0].name").value("王先生"))
			.andExpect(jsonPath("$.contacts[0].primary").value(true))
			.andExpect(jsonPath("$.leadIds[0]").value(lead))
			.andExpect(jsonPath("$.owners.length()").value(1))
			.andExpect(jsonPath("$.owners[0].ownerId").value(t.rep()))
			.andExpect(jsonPath("$.owners[0].endedAt").doesNotExist());

		// the same lead again: already converted, nothing new
		mvc.perform(post("/api/leads/" + lead + "/convert").header("Authorization", t.repToken())
				.header("Accept-Language", "en"))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.code").value("error.convert.already"));
		assertThat(jdbc.sql("select count(*) from customer_lead where lead_id = :l").param("l", lead)
			.query(Long.class).single()).isEqualTo(1);
	}

	@Test
	void aDuplicateCompanyIsRefusedWith409NamingTheCustomerAndTheLeadCanBeAttachedToIt() throws Exception {
		CustomerFixture.Team t = fx.team();
		String word = LeadFixture.unique("瑞康");
		long first = fx.lead(t.id(), "杭州" + word + "医疗器械有限公司", LeadFixture.phone());
		long customer = fx.convert(first, t.repToken());
		// the same company written differently (legal form, full-width brackets) is the same customer
		long second = fx.lead(t.id(), "杭州" + word + "医疗器械（杭州）股份有限公司", LeadFixture.phone());
		long customers = count("customer");
		mvc.perform(post("/api/leads/" + second + "/convert").header("Authorization", t.repToken())
				.header("Accept-Language", "en"))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.code").value("error.customer.duplicate.name"))
			.andExpect(jsonPath("$.detail").value("A customer with this company name already exists: 杭州" + word
					+ "医疗器械有限公司 (owner: 张伟)."))
			.andExpect(jsonPath("$.existingCustomer.id").value(customer))
			.andExpect(jsonPath("$.existingCustomer.matchedOn").value("name"))
			.andExpect(jsonPath("$.attachable").value(true));
		assertThat(count("customer")).isEqualTo(customers);
		assertThat(jdbc.sql("select status from lead where id = :id").param("id", second).query(String.class).single())
			.as("a refused conversion leaves the lead as it was").isEqualTo("ASSIGNED");

		// attach to existing: converted into that customer, the lead's contact added once
		mvc.perform(post("/api/leads/" + second + "/convert").header("Authorization", t.repToken())
				.contentType(MediaType.APPLICATION_JSON).content("{\"attachTo\":" + customer + "}"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.attached").value(true))
			.andExpect(jsonPath("$.customer.id").value(customer));
		assertThat(count("customer")).isEqualTo(customers);
		assertThat(jdbc.sql("select status from lead where id = :id").param("id", second).query(String.class).single())
			.isEqualTo("CONVERTED");
		mvc.perform(get("/api/customers/" + customer).header("Authorization", t.repToken()))
			.andExpect(jsonPath("$.leadIds.length()").value(2))
			.andExpect(jsonPath("$.contacts.length()").value(1));
		assertThat(audits("customer", customer, "attach_lead")).isEqualTo(1);
	}

	@Test
	void aPhoneOrEmailOfAnExistingCustomerOrItsContactsIsADuplicateToo() throws Exception {
		CustomerFixture.Team t = fx.team();
		String phone = LeadFixture.phone();
		long customer = fx.convert(fx.lead(t.id(), LeadFixture.unique("甲公司"), phone), t.repToken());
		long other = fx.lead(t.id(), LeadFixture.unique("乙公司"), LeadFixture.phone());
		// the lead's own phone differs; the extra contact carries the customer's contact phone (another notation)
		mvc.perform(post("/api/leads/" + other + "/convert").header("Authorization", t.repToken())
				.header("Accept-Language", "en").contentType(MediaType.APPLICATION_JSON)
				.content("{\"contacts\":[{\"name\":\"李经理\",\"phone\":\"+86 " + phone + "\"}]}"))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.code").value("error.customer.duplicate.phone"))
			.andExpect(jsonPath("$.existingCustomer.id").value(customer));
		String email = LeadFixture.unique("buyer") + "@Example.com";
		mvc.perform(post("/api/customers/" + customer + "/contacts").header("Authorization", t.repToken())
				.contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"赵采购\",\"email\":\"" + email + "\"}"))
			.andExpect(status().isCreated());
		mvc.perform(post("/api/customers").header("Authorization", t.repToken()).contentType(MediaType.APPLICATION_JSON)
				.content("{\"name\":\"" + LeadFixture.unique("丙公司") + "\",\"email\":\"" + email.toLowerCase() + "\"}"))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.code").value("error.customer.duplicate.email"))
			.andExpect(jsonPath("$.existingCustomer.matchedOn").value("email"));
	}

	@Test
	void aRepOfAnotherTeamNeverSeesTheCustomerAndCannotAttachToIt() throws Exception {
		CustomerFixture.Team mine = fx.team();
		CustomerFixture.Team theirs = fx.team();
		String company = LeadFixture.unique("深圳明远信息技术有限公司");
		long customer = fx.convert(fx.lead(mine.id(), company, LeadFixture.phone()), mine.repToken());

		mvc.perform(get("/api/customers/" + customer).header("Authorization", theirs.repToken()))
			.andExpect(status().isNotFound());
		mvc.perform(get("/api/customers/" + customer + "/contacts").header("Authorization", theirs.repToken()))
			.andExpect(status().isNotFound());
		mvc.perform(get("/api/customers").param("q", company).header("Authorization", theirs.repToken()))
			.andExpect(status().isOk()).andExpect(jsonPath("$.total").value(0));
		mvc.perform(get("/api/customers").param("q", company).header("Authorization", theirs.managerToken()))
			.andExpect(jsonPath("$.total").value(0));
		mvc.perform(get("/customers/" + customer).session(fx.login(theirs.rep()))).andExpect(status().isNotFound());
		mvc.perform(post("/api/customers/" + customer + "/contacts").header("Authorization", theirs.repToken())
				.contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"x\"}"))
			.andExpect(status().isNotFound());

		// in scope: the owner, the team's manager, an admin
		mvc.perform(get("/api/customers").param("q", company).header("Authorization", mine.repToken()))
			.andExpect(jsonPath("$.total").value(1)).andExpect(jsonPath("$.items[0].id").value(customer));
		mvc.perform(get("/api/customers/" + customer).header("Authorization", mine.managerToken()))
			.andExpect(status().isOk());
		// directors: the region's teams (fixture teams are created in the first region, 华东大区: 赵磊's)
		mvc.perform(get("/api/customers/" + customer).header("Authorization", dev.closer.support.Api.token(mvc, "zhaolei")))
			.andExpect(status().isOk());
		mvc.perform(get("/api/customers/" + customer).header("Authorization", dev.closer.support.Api.token(mvc, "qianyu")))
			.andExpect(status().isNotFound());
		mvc.perform(get("/customers/" + customer).session(fx.login(mine.manager())).header("Accept-Language", "en"))
			.andExpect(status().isOk()).andExpect(content().string(containsString(company)))
			.andExpect(content().string(containsString("owner-form")));
		mvc.perform(get("/customers/" + customer).session(fx.login(mine.rep())).header("Accept-Language", "en"))
			.andExpect(status().isOk()).andExpect(content().string(not(containsString("owner-form"))));

		// the other rep converting the same company is told who has it, but may not attach to it
		long theirLead = fx.lead(theirs.id(), company, LeadFixture.phone());
		mvc.perform(post("/api/leads/" + theirLead + "/convert").header("Authorization", theirs.repToken()))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.existingCustomer.id").value(customer))
			.andExpect(jsonPath("$.attachable").value(false));
		mvc.perform(post("/api/leads/" + theirLead + "/convert").header("Authorization", theirs.repToken())
				.contentType(MediaType.APPLICATION_JSON).content("{\"attachTo\":" + customer + "}"))
			.andExpect(status().isNotFound());
		assertThat(jdbc.sql("select status from lead where id = :id").param("id", theirLead).query(String.class).single())
			.isEqualTo("ASSIGNED");
		// and another team's lead is not found for conversion either
		mvc.perform(post("/api/leads/" + theirLead + "/convert").header("Authorization", mine.repToken()))
			.andExpect(status().isNotFound());
	}

	@Test
	void poolLeadsAreClaimedBeforeConversionAndOnlyTheOwnerOrAManagerConverts() throws Exception {
		CustomerFixture.Team t = fx.team();
		long lead = fx.lead(t.id(), LeadFixture.unique("公海公司"), LeadFixture.phone());
		mvc.perform(post("/api/leads/" + lead + "/release").header("Authorization", t.repToken())
				.contentType(MediaType.APPLICATION_JSON).content("{\"reason\":\"test\"}"))
			.andExpect(status().isOk());
		mvc.perform(post("/api/leads/" + lead + "/convert").header("Authorization", t.repToken())
				.header("Accept-Language", "zh-CN"))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.detail").value("该线索在公海中，请先领取再转客户。"));
		long managed = fx.lead(t.id(), LeadFixture.unique("主管转化"), LeadFixture.phone());
		mvc.perform(post("/api/leads/" + managed + "/convert").header("Authorization", t.managerToken()))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.customer.ownerId").value(t.rep()));
	}

	@Test
	void aCustomerByHandIsValidatedAndItsOwnerChangesAreKeptAndAudited() throws Exception {
		CustomerFixture.Team t = fx.team();
		long customers = count("customer");
		mvc.perform(post("/api/customers").header("Authorization", t.repToken()).header("Accept-Language", "en")
				.contentType(MediaType.APPLICATION_JSON).content("{\"industry\":\"retail\"}"))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.errors[0].field").value("name"));
		mvc.perform(post("/api/customers").header("Authorization", t.repToken()).header("Accept-Language", "en")
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"name\":\"" + LeadFixture.unique("手工") + "\",\"contacts\":[{\"name\":\"钱女士\",\"phone\":\"12345\"}]}"))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.errors[0].field").value("contacts[0].phone"))
			.andExpect(jsonPath("$.detail").value("'12345' is not a valid phone number."));
		assertThat(count("customer")).isEqualTo(customers);

		String name = LeadFixture.unique("手工客户");
		String body = mvc.perform(post("/api/customers").header("Authorization", t.repToken())
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"name\":\"" + name + "\",\"contacts\":[{\"name\":\"钱女士\",\"title\":\"院长\",\"phone\":\"" + LeadFixture.phone() + "\"},"
						+ "{\"name\":\"孙先生\",\"primary\":true}]}"))
			.andExpect(status().isCreated())
			.andExpect(header().string("Location", containsString("/api/customers/")))
			.andExpect(jsonPath("$.customer.ownerId").value(t.rep()))
			.andReturn().getResponse().getContentAsString();
		long customer = ((Number) JsonPath.read(body, "$.customer.id")).longValue();
		mvc.perform(get("/api/customers/" + customer + "/contacts").header("Authorization", t.repToken()))
			.andExpect(jsonPath("$.length()").value(2))
			.andExpect(jsonPath("$[0].name").value("孙先生"))
			.andExpect(jsonPath("$[0].primary").value(true))
			.andExpect(jsonPath("$[1].primary").value(false));

		// owner change: a rep may not, a manager may (to someone of the team), with a reason
		long rep2 = fx.leads.user(t.id(), "REP", "李娜");
		mvc.perform(put("/api/customers/" + customer + "/owner").header("Authorization", t.repToken())
				.contentType(MediaType.APPLICATION_JSON).content("{\"ownerId\":" + rep2 + ",\"reason\":\"休假\"}"))
			.andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("error.customer.notManager"));
		mvc.perform(put("/api/customers/" + customer + "/owner").header("Authorization", t.managerToken())
				.contentType(MediaType.APPLICATION_JSON).content("{\"ownerId\":" + rep2 + "}"))
			.andExpect(status().isUnprocessableContent()).andExpect(jsonPath("$.errors[0].field").value("reason"));
		CustomerFixture.Team other = fx.team();
		mvc.perform(put("/api/customers/" + customer + "/owner").header("Authorization", t.managerToken())
				.contentType(MediaType.APPLICATION_JSON).content("{\"ownerId\":" + other.rep() + ",\"reason\":\"x\"}"))
			.andExpect(status().isUnprocessableContent()).andExpect(jsonPath("$.errors[0].field").value("ownerId"));
		mvc.perform(put("/api/customers/" + customer + "/owner").header("Authorization", t.managerToken())
				.contentType(MediaType.APPLICATION_JSON).content("{\"ownerId\":" + rep2 + ",\"reason\":\"张伟休产假\"}"))
			.andExpect(status().isOk()).andExpect(jsonPath("$.ownerId").value(rep2));
		mvc.perform(get("/api/customers/" + customer).header("Authorization", t.managerToken()))
			.andExpect(jsonPath("$.owners.length()").value(2))
			.andExpect(jsonPath("$.owners[0].ownerId").value(rep2))
			.andExpect(jsonPath("$.owners[0].reason").value("张伟休产假"))
			.andExpect(jsonPath("$.owners[0].endedAt").doesNotExist())
			.andExpect(jsonPath("$.owners[1].ownerId").value(t.rep()))
			.andExpect(jsonPath("$.owners[1].endedAt").exists());
		assertThat(audits("customer", customer, "owner")).isEqualTo(1);
		// the former owner no longer sees it; the new one does
		mvc.perform(get("/api/customers/" + customer).header("Authorization", t.repToken()))
			.andExpect(status().isNotFound());
		mvc.perform(get("/api/customers/" + customer).header("Authorization", fx.leads.tokenOf(rep2)))
			.andExpect(status().isOk());
	}

	@Test
	void contactsAreAddedChangedAndRemovedAndTheMainContactMoves() throws Exception {
		CustomerFixture.Team t = fx.team();
		long customer = fx.customer(t);
		String added = mvc.perform(post("/api/customers/" + customer + "/contacts").header("Authorization", t.repToken())
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"name\":\"刘主任\",\"title\":\"设备科主任\",\"phone\":\"021-6431 2345\",\"primary\":true}"))
			.andExpect(status().isCreated()).andExpect(jsonPath("$.primary").value(true))
			.andReturn().getResponse().getContentAsString();
		long contact = ((Number) JsonPath.read(added, "$.id")).longValue();
		mvc.perform(get("/api/customers/" + customer + "/contacts").header("Authorization", t.repToken()))
			.andExpect(jsonPath("$.length()").value(2))
			.andExpect(jsonPath("$[0].id").value(contact))
			.andExpect(jsonPath("$[1].primary").value(false));
		mvc.perform(put("/api/customers/" + customer + "/contacts/" + contact).header("Authorization", t.repToken())
				.contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"刘主任\",\"title\":\"副院长\",\"email\":\"bad\"}"))
			.andExpect(status().isUnprocessableContent()).andExpect(jsonPath("$.errors[0].field").value("email"));
		mvc.perform(put("/api/customers/" + customer + "/contacts/" + contact).header("Authorization", t.repToken())
				.contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"刘主任\",\"title\":\"副院长\"}"))
			.andExpect(status().isOk()).andExpect(jsonPath("$.title").value("副院长"))
			.andExpect(jsonPath("$.primary").value(true));
		mvc.perform(delete("/api/customers/" + customer + "/contacts/" + contact).header("Authorization", t.repToken()))
			.andExpect(status().isNoContent());
		mvc.perform(get("/api/customers/" + customer + "/contacts").header("Authorization", t.repToken()))
			.andExpect(jsonPath("$.length()").value(1))
			.andExpect(jsonPath("$[0].name").value("王先生"))
			.andExpect(jsonPath("$[0].primary").value(true));
		mvc.perform(delete("/api/customers/" + customer + "/contacts/" + contact).header("Authorization", t.repToken()))
			.andExpect(status().isNotFound());
		assertThat(audits("customer", customer, "contact_add")).isEqualTo(1);
		assertThat(audits("customer", customer, "contact_update")).isEqualTo(1);
		assertThat(audits("customer", customer, "contact_remove")).isEqualTo(1);
	}

	@Test
	void theSameIdempotencyKeyCreatesOneCustomer() throws Exception {
		CustomerFixture.Team t = fx.team();
		String json = "{\"name\":\"" + LeadFixture.unique("幂等公司") + "\"}";
		String key = LeadFixture.unique("key-");
		String first = mvc.perform(post("/api/customers").header("Authorization", t.repToken())
				.header("Idempotency-Key", key).contentType(MediaType.APPLICATION_JSON).content(json))
			.andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
		long id = ((Number) JsonPath.read(first, "$.customer.id")).longValue();
		mvc.perform(post("/api/customers").header("Authorization", t.repToken()).header("Idempotency-Key", key)
				.contentType(MediaType.APPLICATION_JSON).content(json))
			.andExpect(status().isCreated())
			.andExpect(header().string("Idempotent-Replayed", "true"))
			.andExpect(jsonPath("$.customer.id").value(id));
		assertThat(jdbc.sql("select count(*) from customer where created_by = (select username from app_user where id = :u)")
			.param("u", t.rep()).query(Long.class).single()).isEqualTo(1);
	}

	private boolean clockRunning(long lead) {
		return jdbc.sql("select running from lead_sla_clock where lead_id = :id").param("id", lead)
			.query(Boolean.class).single();
	}

	private long audits(String type, long id, String action) {
		return jdbc.sql("select count(*) from audit_log where entity_type = :t and entity_id = :id and action = :a")
			.param("t", type).param("id", String.valueOf(id)).param("a", action).query(Long.class).single();
	}

	private long count(String table) {
		return jdbc.sql("select count(*) from " + table).query(Long.class).single();
	}
}
