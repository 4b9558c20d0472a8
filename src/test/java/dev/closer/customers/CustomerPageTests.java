package dev.closer.customers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayInputStream;

import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

import dev.closer.leads.LeadFixture;
import dev.closer.support.IntegrationTest;

/** Customer pages: convert from the lead page (and attach on a duplicate), list, export, contacts, owner. */
@IntegrationTest
class CustomerPageTests {

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
	void aRepConvertsFromTheLeadPageAndAttachesADuplicateToTheExistingCustomer() throws Exception {
		CustomerFixture.Team t = fx.team();
		MockHttpSession rep = fx.login(t.rep());
		String company = LeadFixture.unique("北京博雅教育科技有限公司");
		long lead = fx.lead(t.id(), company, LeadFixture.phone());
		mvc.perform(get("/leads/" + lead).session(rep).header("Accept-Language", "en"))
			.andExpect(status().isOk()).andExpect(content().string(containsString("id=\"convert-lead\"")))
			.andExpect(content().string(containsString("/customers/new?leadId=" + lead)));
		mvc.perform(get("/customers/new").param("leadId", String.valueOf(lead)).session(rep).header("Accept-Language", "en"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("value=\"" + company + "\"")))
			.andExpect(content().string(containsString("The lead’s contact 王先生")));
		mvc.perform(post("/customers/new").session(rep).with(csrf()).param("leadId", String.valueOf(lead))
				.param("name", company).param("contactName", "李主任").param("contactTitle", "设备科主任")
				.header("Accept-Language", "en"))
			.andExpect(status().is3xxRedirection()).andExpect(redirectedUrlPattern("/customers/*"))
			.andExpect(flash().attribute("flash", "Lead converted: " + company + " is now a customer."));
		long customer = jdbc.sql("select id from customer where name = :n").param("n", company).query(Long.class).single();
		assertThat(jdbc.sql("select count(*) from customer_contact where customer_id = :c").param("c", customer)
			.query(Long.class).single()).isEqualTo(2);
		mvc.perform(get("/leads/" + lead).session(rep).header("Accept-Language", "en"))
			.andExpect(content().string(containsString("Converted")));

		long second = fx.lead(t.id(), company, LeadFixture.phone());
		mvc.perform(post("/customers/new").session(rep).with(csrf()).param("leadId", String.valueOf(second))
				.param("name", company).header("Accept-Language", "en"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("A customer with this company name already exists")))
			.andExpect(content().string(containsString("id=\"attach-existing\"")));
		mvc.perform(post("/customers/new").session(rep).with(csrf()).param("leadId", String.valueOf(second))
				.param("attachTo", String.valueOf(customer)).header("Accept-Language", "en"))
			.andExpect(status().is3xxRedirection()).andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl("/customers/" + customer))
			.andExpect(flash().attribute("flash", "Lead converted into the existing customer " + company + "."));

		String page = mvc.perform(get("/customers/" + customer).session(rep).header("Accept-Language", "en"))
			.andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
		assertThat(page).contains("customer-timeline").contains("Lead attached").contains("Created")
			.contains("#" + lead).contains("#" + second).contains("李主任").contains("record-follow-up");
	}

	@Test
	void theListIsScopedAndExportsWhatItShows() throws Exception {
		CustomerFixture.Team t = fx.team();
		CustomerFixture.Team other = fx.team();
		long mine1 = fx.customer(t);
		long mine2 = fx.customer(t);
		long theirs = fx.customer(other);
		String name1 = name(mine1);
		MockHttpSession rep = fx.login(t.rep());
		mvc.perform(get("/customers").param("owner", "me").session(rep).header("Accept-Language", "en"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString(name1)))
			.andExpect(content().string(containsString(name(mine2))))
			.andExpect(content().string(org.hamcrest.Matchers.not(containsString(name(theirs)))));
		mvc.perform(get("/customers").param("q", name1).param("sort", "name").param("dir", "asc").session(rep))
			.andExpect(status().isOk()).andExpect(content().string(containsString(name1)));

		var async = mvc.perform(get("/customers/export").param("sort", "name").param("dir", "asc").session(rep)
				.header("Accept-Language", "en"))
			.andExpect(status().isOk()).andReturn();
		byte[] bytes = mvc.perform(asyncDispatch(async)).andExpect(status().isOk())
			.andExpect(content().contentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
			.andReturn().getResponse().getContentAsByteArray();
		try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(bytes))) {
			Sheet sheet = workbook.getSheetAt(0);
			assertThat(sheet.getSheetName()).isEqualTo("Customers");
			Row header = sheet.getRow(0);
			assertThat(header.getCell(1).getStringCellValue()).isEqualTo("Customer (company)");
			assertThat(header.getCell(6).getStringCellValue()).isEqualTo("Owner");
			assertThat(sheet.getLastRowNum()).as("the rep's two customers, nobody else's").isEqualTo(2);
			String first = name(mine1).compareTo(name(mine2)) < 0 ? name(mine1) : name(mine2);
			assertThat(sheet.getRow(1).getCell(1).getStringCellValue()).isEqualTo(first);
			assertThat(sheet.getRow(1).getCell(6).getStringCellValue()).isEqualTo("张伟");
		}
	}

	@Test
	void contactsAndOwnerAreChangedFromTheCustomerPage() throws Exception {
		CustomerFixture.Team t = fx.team();
		long customer = fx.customer(t);
		MockHttpSession rep = fx.login(t.rep());
		mvc.perform(post("/customers/" + customer + "/contacts").session(rep).with(csrf()).param("name", "吴科长")
				.param("phone", "not a phone").header("Accept-Language", "en"))
			.andExpect(status().is3xxRedirection())
			.andExpect(flash().attribute("flashError", "'not a phone' is not a valid phone number."));
		mvc.perform(post("/customers/" + customer + "/contacts").session(rep).with(csrf()).param("name", "吴科长")
				.param("phone", "13912345678").header("Accept-Language", "en"))
			.andExpect(status().is3xxRedirection()).andExpect(flash().attribute("flash", "Contact saved."));
		assertThat(jdbc.sql("select count(*) from customer_contact where customer_id = :c and removed_at is null")
			.param("c", customer).query(Long.class).single()).isEqualTo(2);

		long rep2 = fx.leads.user(t.id(), "REP", "王芳");
		MockHttpSession manager = fx.login(t.manager());
		mvc.perform(post("/customers/" + customer + "/owner").session(manager).with(csrf())
				.param("ownerId", String.valueOf(rep2)).param("reason", "重新分配").header("Accept-Language", "en"))
			.andExpect(status().is3xxRedirection()).andExpect(flash().attribute("flash", "Owner changed."));
		assertThat(jdbc.sql("select owner_id from customer where id = :c").param("c", customer).query(Long.class).single())
			.isEqualTo(rep2);
		assertThat(jdbc.sql("select count(*) from notification where recipient_id = :u and category = 'customer.assigned'")
			.param("u", rep2).query(Long.class).single()).isEqualTo(1);
		mvc.perform(get("/customers/" + customer).session(manager).header("Accept-Language", "zh-CN"))
			.andExpect(status().isOk()).andExpect(content().string(containsString("重新分配")))
			.andExpect(content().string(containsString("变更负责人")));
	}

	private String name(long customer) {
		return jdbc.sql("select name from customer where id = :c").param("c", customer).query(String.class).single();
	}
}
