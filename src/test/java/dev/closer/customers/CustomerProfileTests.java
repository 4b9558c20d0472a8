package dev.closer.customers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.math.BigDecimal;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

import com.jayway.jsonpath.JsonPath;

import dev.closer.leads.LeadFixture;
import dev.closer.support.IntegrationTest;

/**
 * Issue #5 item 1: editing a customer's profile (normalised like creation, dedupe against other customers, optimistic
 * version, scope, audit with before/after, exact CNY value) and contact dedupe (409 naming the other customer only
 * when visible, 422 for the same phone twice within one customer); the high-value list other modules read (F7).
 */
@IntegrationTest
class CustomerProfileTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	CustomerDirectory directory;

	CustomerFixture fx;

	@BeforeEach
	void setUp() throws Exception {
		fx = new CustomerFixture(mvc, jdbc);
	}

	private long version(long customer) {
		return jdbc.sql("select version from customer where id = :id").param("id", customer).query(Long.class).single();
	}

	private static String body(String name, String phone, String email, Boolean key, String value, Long version) {
		return """
				{"name":%s,"industry":"hospital","phone":%s,"email":%s,"address":"上海市徐汇区","notes":"重点跟进",
				 "keyAccount":%s,"expectedAnnualValue":%s,"version":%s}"""
			.formatted(q(name), q(phone), q(email), key, value, version);
	}

	private static String q(String s) {
		return s == null ? "null" : "\"" + s + "\"";
	}

	@Test
	void theOwnerEditsTheProfileNormalisedWithAnExactValueAndTheEditIsAuditedWithBeforeAndAfter() throws Exception {
		CustomerFixture.Team t = fx.team();
		long customer = fx.customer(t);
		String name = LeadFixture.unique("编辑后医疗科技有限公司");
		String phone = LeadFixture.phone();
		mvc.perform(put("/api/customers/" + customer).header("Authorization", t.repToken())
				.contentType(MediaType.APPLICATION_JSON)
				.content(body(name, phone, "Buyer@Example.COM", true, "1234567.89", version(customer))))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.name").value(name))
			.andExpect(jsonPath("$.keyAccount").value(true))
			.andExpect(jsonPath("$.expectedAnnualValue").value(1234567.89))
			.andExpect(jsonPath("$.version").value(version(customer)));
		var row = jdbc.sql("select phone_e164, email_norm, expected_annual_value, key_account, name_norm from customer where id = :id")
			.param("id", customer).query((rs, n) -> List.of(rs.getString(1), rs.getString(2), rs.getBigDecimal(3),
					rs.getBoolean(4), rs.getString(5)))
			.single();
		assertThat(row.get(0)).isEqualTo("+86" + phone);
		assertThat(row.get(1)).isEqualTo("buyer@example.com");
		assertThat((BigDecimal) row.get(2)).isEqualByComparingTo("1234567.89");
		assertThat(((BigDecimal) row.get(2)).scale()).isEqualTo(2);
		assertThat(row.get(3)).isEqualTo(true);
		assertThat(row.get(4)).isNotNull();
		String after = jdbc.sql("""
				select after_value from audit_log where entity_type = 'customer' and entity_id = :id and action = 'profile'""")
			.param("id", String.valueOf(customer)).query(String.class).single();
		assertThat(after).contains(name).contains("1234567.89").contains("\"keyAccount\":true");
		String before = jdbc.sql("""
				select before_value from audit_log where entity_type = 'customer' and entity_id = :id and action = 'profile'""")
			.param("id", String.valueOf(customer)).query(String.class).single();
		assertThat(before).contains("\"keyAccount\":false").doesNotContain(name);

		// the high-value list: a key account counts whatever the threshold; a value counts from the threshold on
		assertThat(directory.highValue(t.id(), new BigDecimal("999999999"), true)).extracting(HighValueCustomer::id)
			.containsExactly(customer);
		assertThat(directory.highValue(t.id(), new BigDecimal("1234567.89"), false)).extracting(HighValueCustomer::id)
			.containsExactly(customer);
		assertThat(directory.highValue(t.id(), new BigDecimal("1234567.90"), false)).isEmpty();
	}

	@Test
	void aStaleVersionANegativeOrTooPreciseValueAndABadPhoneAreRefusedAndWriteNothing() throws Exception {
		CustomerFixture.Team t = fx.team();
		long customer = fx.customer(t);
		long v = version(customer);
		String name = jdbc.sql("select name from customer where id = :id").param("id", customer).query(String.class).single();
		mvc.perform(put("/api/customers/" + customer).header("Authorization", t.repToken())
				.contentType(MediaType.APPLICATION_JSON).content(body(name, null, null, false, "100", v - 1)))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.code").value("error.customer.stale"));
		mvc.perform(put("/api/customers/" + customer).header("Authorization", t.repToken())
				.contentType(MediaType.APPLICATION_JSON).content(body(name, null, null, false, "-0.01", v)))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.errors[0].field").value("expectedAnnualValue"));
		mvc.perform(put("/api/customers/" + customer).header("Authorization", t.repToken())
				.contentType(MediaType.APPLICATION_JSON).content(body(name, null, null, false, "10.005", v)))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.errors[0].field").value("expectedAnnualValue"));
		mvc.perform(put("/api/customers/" + customer).header("Authorization", t.repToken())
				.contentType(MediaType.APPLICATION_JSON).content(body(name, "12", null, false, "1", v)))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.errors[0].field").value("phone"));
		mvc.perform(put("/api/customers/" + customer).header("Authorization", t.repToken())
				.contentType(MediaType.APPLICATION_JSON).content(body(name, null, null, false, "1", null)))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.errors[0].field").value("version"));
		assertThat(version(customer)).isEqualTo(v);
		assertThat(jdbc.sql("select count(*) from customer where id = :id and expected_annual_value is not null")
			.param("id", customer).query(Long.class).single()).isZero();
		assertThat(audits(customer, "profile")).isZero();

		// zero is a valid value; the same version twice: the second is stale
		mvc.perform(put("/api/customers/" + customer).header("Authorization", t.repToken())
				.contentType(MediaType.APPLICATION_JSON).content(body(name, null, null, false, "0", v)))
			.andExpect(status().isOk()).andExpect(jsonPath("$.expectedAnnualValue").value(0));
		mvc.perform(put("/api/customers/" + customer).header("Authorization", t.repToken())
				.contentType(MediaType.APPLICATION_JSON).content(body(name, null, null, false, "5", v)))
			.andExpect(status().isConflict());
		assertThat(audits(customer, "profile")).isEqualTo(1);
	}

	@Test
	void aNamePhoneOrEmailOfAnotherCustomerIsA409NamingItAndNothingChanges() throws Exception {
		CustomerFixture.Team t = fx.team();
		long mine = fx.customer(t);
		String otherName = LeadFixture.unique("另一家医院");
		String otherPhone = LeadFixture.phone();
		String created = mvc.perform(post("/api/customers").header("Authorization", t.repToken())
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"name\":\"%s\",\"phone\":\"%s\",\"email\":\"%s\"}".formatted(otherName, otherPhone,
						LeadFixture.unique("buyer") + "@example.com")))
			.andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
		long other = ((Number) JsonPath.read(created, "$.customer.id")).longValue();
		String otherEmail = JsonPath.read(created, "$.customer.email");
		String myName = jdbc.sql("select name from customer where id = :id").param("id", mine).query(String.class).single();
		long v = version(mine);

		mvc.perform(put("/api/customers/" + mine).header("Authorization", t.repToken())
				.contentType(MediaType.APPLICATION_JSON).content(body(otherName + " 有限公司", null, null, false, "1", v)))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.existingCustomer.id").value(other))
			.andExpect(jsonPath("$.existingCustomer.matchedOn").value("name"))
			.andExpect(jsonPath("$.detail").value(containsString(otherName)));
		mvc.perform(put("/api/customers/" + mine).header("Authorization", t.repToken())
				.contentType(MediaType.APPLICATION_JSON).content(body(myName, "+86 " + otherPhone, null, false, "1", v)))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.existingCustomer.matchedOn").value("phone"));
		mvc.perform(put("/api/customers/" + mine).header("Authorization", t.repToken())
				.contentType(MediaType.APPLICATION_JSON).content(body(myName, null, otherEmail.toUpperCase(), false, "1", v)))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.existingCustomer.matchedOn").value("email"));
		assertThat(version(mine)).isEqualTo(v);
		assertThat(audits(mine, "profile")).isZero();
		// its own name, phone and e-mail are not duplicates of itself
		mvc.perform(put("/api/customers/" + other).header("Authorization", t.repToken())
				.contentType(MediaType.APPLICATION_JSON).content(body(otherName, otherPhone, otherEmail, false, "1", version(other))))
			.andExpect(status().isOk());
	}

	@Test
	void aRepOfAnotherTeamGets404AndTheManagerMayEdit() throws Exception {
		CustomerFixture.Team t = fx.team();
		CustomerFixture.Team other = fx.team();
		long customer = fx.customer(t);
		String name = jdbc.sql("select name from customer where id = :id").param("id", customer).query(String.class).single();
		mvc.perform(put("/api/customers/" + customer).header("Authorization", other.repToken())
				.contentType(MediaType.APPLICATION_JSON).content(body(name, null, null, true, "1", version(customer))))
			.andExpect(status().isNotFound());
		mvc.perform(put("/api/customers/" + customer).header("Authorization", other.managerToken())
				.contentType(MediaType.APPLICATION_JSON).content(body(name, null, null, true, "1", version(customer))))
			.andExpect(status().isNotFound());
		assertThat(audits(customer, "profile")).isZero();
		mvc.perform(put("/api/customers/" + customer).header("Authorization", t.managerToken())
				.contentType(MediaType.APPLICATION_JSON).content(body(name, null, null, true, "2000000", version(customer))))
			.andExpect(status().isOk()).andExpect(jsonPath("$.keyAccount").value(true));
	}

	@Test
	void theEditFormOnTheCustomerPageSavesAndShowsTheValue() throws Exception {
		CustomerFixture.Team t = fx.team();
		long customer = fx.customer(t);
		MockHttpSession session = fx.login(t.rep());
		String name = LeadFixture.unique("页面编辑医院");
		mvc.perform(get("/customers/" + customer).session(session))
			.andExpect(status().isOk()).andExpect(content().string(containsString("edit-profile-form")));
		mvc.perform(post("/customers/" + customer + "/edit").session(session).with(csrf()).param("name", name)
				.param("expectedAnnualValue", "1,500,000.50").param("keyAccount", "true")
				.param("version", String.valueOf(version(customer))))
			.andExpect(status().is3xxRedirection());
		mvc.perform(get("/customers/" + customer).session(session))
			.andExpect(content().string(containsString(name)))
			.andExpect(content().string(containsString("¥1,500,000.50")))
			.andExpect(content().string(containsString("key-account-badge")));
		mvc.perform(post("/customers/" + customer + "/edit").session(session).with(csrf()).param("name", name)
				.param("expectedAnnualValue", "一百万").param("version", String.valueOf(version(customer))))
			.andExpect(status().is3xxRedirection());
		assertThat(jdbc.sql("select expected_annual_value from customer where id = :id").param("id", customer)
			.query(BigDecimal.class).single()).isEqualByComparingTo("1500000.50");
	}

	@Test
	void aContactPhoneOrEmailOfAnotherCustomerIsA409NamingItOnlyWhenVisible() throws Exception {
		CustomerFixture.Team t = fx.team();
		CustomerFixture.Team other = fx.team();
		String phoneA = LeadFixture.phone();
		long a = fx.convert(fx.lead(t.id(), LeadFixture.unique("甲医院"), phoneA), t.repToken());
		long b = fx.customer(t);
		String phoneX = LeadFixture.phone();
		long x = fx.convert(fx.lead(other.id(), LeadFixture.unique("乙医院"), phoneX), other.repToken());
		String nameA = jdbc.sql("select name from customer where id = :id").param("id", a).query(String.class).single();
		String nameX = jdbc.sql("select name from customer where id = :id").param("id", x).query(String.class).single();
		long contactsBefore = contacts(b);

		// A's contact phone on B (same rep: visible) → named
		mvc.perform(post("/api/customers/" + b + "/contacts").header("Authorization", t.repToken())
				.contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"赵主任\",\"phone\":\"" + phoneA + "\"}"))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.existingCustomer.id").value(a))
			.andExpect(jsonPath("$.detail").value(containsString(nameA)));
		// X's phone (another team: not visible) → 409 without the name
		String hidden = mvc.perform(post("/api/customers/" + b + "/contacts").header("Authorization", t.repToken())
				.contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"赵主任\",\"phone\":\"" + phoneX + "\"}"))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.matchedOn").value("phone"))
			.andExpect(jsonPath("$.existingCustomer").doesNotExist())
			.andReturn().getResponse().getContentAsString();
		assertThat(hidden).doesNotContain(nameX).doesNotContain(String.valueOf(x) + ",");
		assertThat(contacts(b)).isEqualTo(contactsBefore);

		// updating B's own contact to A's phone is refused too; an unchanged phone stays editable
		long own = jdbc.sql("select min(id) from customer_contact where customer_id = :c").param("c", b).query(Long.class).single();
		String ownPhone = jdbc.sql("select phone from customer_contact where id = :id").param("id", own).query(String.class).single();
		mvc.perform(put("/api/customers/" + b + "/contacts/" + own).header("Authorization", t.repToken())
				.contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"王先生\",\"phone\":\"" + phoneA + "\"}"))
			.andExpect(status().isConflict());
		mvc.perform(put("/api/customers/" + b + "/contacts/" + own).header("Authorization", t.repToken())
				.contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"王先生\",\"title\":\"院长\",\"phone\":\"" + ownPhone + "\"}"))
			.andExpect(status().isOk()).andExpect(jsonPath("$.title").value("院长"));
		assertThat(audits(b, "contact_add")).isZero();
	}

	@Test
	void theSamePhoneTwiceWithinOneCustomerIs422OnPhone() throws Exception {
		CustomerFixture.Team t = fx.team();
		String phone = LeadFixture.phone();
		long c = fx.convert(fx.lead(t.id(), LeadFixture.unique("丙医院"), phone), t.repToken());
		mvc.perform(post("/api/customers/" + c + "/contacts").header("Authorization", t.repToken())
				.contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"钱主任\",\"phone\":\"+86 " + phone + "\"}"))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.errors[0].field").value("phone"));
		assertThat(contacts(c)).isEqualTo(1);
		String otherPhone = LeadFixture.phone();
		String added = mvc.perform(post("/api/customers/" + c + "/contacts").header("Authorization", t.repToken())
				.contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"钱主任\",\"phone\":\"" + otherPhone + "\"}"))
			.andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
		long second = ((Number) JsonPath.read(added, "$.id")).longValue();
		mvc.perform(put("/api/customers/" + c + "/contacts/" + second).header("Authorization", t.repToken())
				.contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"钱主任\",\"phone\":\"" + phone + "\"}"))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.errors[0].field").value("phone"));
		assertThat(jdbc.sql("select phone from customer_contact where id = :id").param("id", second).query(String.class)
			.single()).isEqualTo(otherPhone);
	}

	private long contacts(long customer) {
		return jdbc.sql("select count(*) from customer_contact where customer_id = :c and removed_at is null")
			.param("c", customer).query(Long.class).single();
	}

	private long audits(long id, String action) {
		return jdbc.sql("select count(*) from audit_log where entity_type = 'customer' and entity_id = :id and action = :a")
			.param("id", String.valueOf(id)).param("a", action).query(Long.class).single();
	}
}
