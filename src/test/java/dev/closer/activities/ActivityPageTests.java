package dev.closer.activities;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import dev.closer.customers.CustomerFixture;
import dev.closer.leads.LeadFixture;
import dev.closer.support.IntegrationTest;

/** The phone form for follow-ups (fields in place, refusals keep the input, a double tap records once) and the template editor. */
@IntegrationTest
class ActivityPageTests {

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
	void theFormLoadsTemplateFieldsRefusesAMissingOneKeepingTheInputAndADoubleTapRecordsOnce() throws Exception {
		CustomerFixture.Team t = fx.team();
		long customer = fx.customer(t);
		MockHttpSession rep = fx.login(t.rep());
		mvc.perform(get("/activities/new").param("customerId", String.valueOf(customer)).session(rep)
				.header("Accept-Language", "zh-CN"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("id=\"channel-WECHAT\"")))
			.andExpect(content().string(containsString("价格异议")))
			.andExpect(content().string(containsString("王先生")))
			.andExpect(content().string(not(containsString("f_acceptance"))));
		mvc.perform(get("/activities/template-fields").param("templateCode", "PRICE_OBJECTION").session(rep)
				.header("Accept-Language", "en"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("id=\"f_acceptance_1\"")))
			.andExpect(content().string(containsString("id=\"f_acceptance_5\"")))
			.andExpect(content().string(not(containsString("f_acceptance_6"))))
			.andExpect(content().string(containsString("Customer&#39;s words")))
			.andExpect(content().string(not(containsString("<html"))));

		String key = UUID.randomUUID().toString();
		mvc.perform(form(rep, customer, key).param("f_customerWords", "太贵").header("Accept-Language", "en"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("“Our response” is required.")))
			.andExpect(content().string(containsString(">太贵</textarea>")))
			.andExpect(content().string(containsString("value=\"" + key + "\"")));
		assertThat(followUps(customer)).isZero();

		for (int tap = 0; tap < 2; tap++) {
			mvc.perform(form(rep, customer, key).param("f_customerWords", "太贵").param("f_ourResponse", "含三年维保")
					.param("f_acceptance", "4").header("Accept-Language", "en"))
				.andExpect(status().is3xxRedirection()).andExpect(redirectedUrl("/customers/" + customer))
				.andExpect(flash().attribute("flash", "Follow-up recorded."));
		}
		assertThat(followUps(customer)).isEqualTo(1);
		assertThat(jdbc.sql("select field_values from activity where customer_id = :c").param("c", customer)
			.query(String.class).single()).contains("\"acceptance\":4");
		mvc.perform(get("/customers/" + customer).session(rep).header("Accept-Language", "en"))
			.andExpect(content().string(containsString("含三年维保")))
			.andExpect(content().string(containsString("Price objection v")));
	}

	@Test
	void theTemplateEditorValidatesAndSavesVersionsForAdminsOnly() throws Exception {
		MockHttpSession admin = fx.login("admin", "closer");
		mvc.perform(get("/admin/templates").session(admin).header("Accept-Language", "en"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Payment chase")))
			.andExpect(content().string(containsString("Decision-maker meeting")));
		mvc.perform(get("/admin/templates/PRICE_OBJECTION").session(admin).header("Accept-Language", "en"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("value=\"acceptance\"")))
			.andExpect(content().string(containsString("value=\"接受度（1-5）\"")));

		String code = "T_" + LeadFixture.unique("").toUpperCase();
		mvc.perform(post("/admin/templates/" + code).session(admin).with(csrf()).header("Accept-Language", "en")
				.param("name_en", "Site survey").param("name_zh", "现场勘查").param("active", "true")
				.param("f0_name", "rooms").param("f0_type", "NUMBER").param("f0_required", "true")
				.param("f0_label_en", "Rooms").param("f0_label_zh", "房间数").param("f0_min", "10").param("f0_max", "1"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("The minimum 10 lies above the maximum 1. (fields[0].min)")));
		assertThat(versions(code)).isZero();
		mvc.perform(post("/admin/templates/" + code).session(admin).with(csrf()).header("Accept-Language", "en")
				.param("name_en", "Site survey").param("name_zh", "现场勘查").param("active", "true")
				.param("f0_name", "rooms").param("f0_type", "NUMBER").param("f0_required", "true")
				.param("f0_label_en", "Rooms").param("f0_label_zh", "房间数").param("f0_min", "1").param("f0_max", "50")
				.param("f0_integer", "true")
				.param("f1_name", "access").param("f1_type", "CHOICE").param("f1_label_en", "Access")
				.param("f1_label_zh", "进入方式").param("f1_options", "FREE | Free | 自由\nESCORT | Escorted | 陪同")
				.param("comment", "new scenario"))
			.andExpect(status().is3xxRedirection())
			.andExpect(flash().attribute("flash", "Saved as version 1."));
		assertThat(versions(code)).isEqualTo(1);
		assertThat(jdbc.sql("select definition from scenario_template where code = :c").param("c", code)
			.query(String.class).single()).contains("\"integer\":true").contains("\"code\":\"ESCORT\"");

		MockHttpSession rep = fx.login(fx.team().rep());
		mvc.perform(get("/admin/templates").session(rep)).andExpect(status().isForbidden());
		mvc.perform(post("/admin/templates/" + code).session(rep).with(csrf()).param("name_en", "x"))
			.andExpect(status().isForbidden());
		assertThat(versions(code)).isEqualTo(1);
	}

	private MockHttpServletRequestBuilder form(MockHttpSession session, long customer, String key) {
		return post("/activities/new").session(session).with(csrf()).param("customerId", String.valueOf(customer))
			.param("idempotencyKey", key).param("channel", "WECHAT").param("templateCode", "PRICE_OBJECTION")
			.param("action", "微信沟通价格").param("output", "客户考虑中").param("nextStep", "").param("nextStepDue", "");
	}

	private long followUps(long customer) {
		return jdbc.sql("select count(*) from activity where customer_id = :c").param("c", customer).query(Long.class)
			.single();
	}

	private long versions(String code) {
		return jdbc.sql("select count(*) from scenario_template where code = :c").param("c", code).query(Long.class)
			.single();
	}
}
