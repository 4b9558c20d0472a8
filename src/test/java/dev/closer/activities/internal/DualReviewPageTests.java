package dev.closer.activities.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

import dev.closer.customers.CustomerFixture;
import dev.closer.support.IntegrationTest;

/**
 * SPEC F7 pages: the dual review page (pending items, draws by week), the item page with the tag form, tagging by
 * form, the knowledge base page with its filters and XLSX export, and the admin rule page with "draw now" (zh and en).
 */
@IntegrationTest
class DualReviewPageTests {

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
	void theManagerTagsByFormAndTheKnowledgeBasePageFindsTheItem() throws Exception {
		CustomerFixture.Team t = fx.team();
		long customer = fx.customer(t);
		jdbc.sql("update customer set expected_annual_value = 2000000 where id = :id").param("id", customer).update();
		ZoneId shanghai = ZoneId.of("Asia/Shanghai");
		LocalDate today = LocalDate.now(shanghai);
		LocalDate monday = today.minusDays(today.getDayOfWeek().getValue() - 1L).minusWeeks(1);
		jdbc.sql("""
				insert into activity (customer_id, subject_name, channel, action_text, template_code, occurred_at,
				  created_at, actor_id, owner_id, team_id)
				values (:c, '页面测试医院', 'CALL', '约到了设备科主任', 'DECISION_MAKER_MEETING', :at, :at, :r, :r, :t)""")
			.param("c", customer)
			.param("at", OffsetDateTime.ofInstant(monday.atStartOfDay(shanghai).toInstant().plus(Duration.ofHours(20)), ZoneOffset.UTC))
			.param("r", t.rep()).param("t", t.id()).update();
		String week = DualReviewSampler.IsoWeek.of(monday).code();
		MockHttpSession admin = fx.login("admin", "closer");
		mvc.perform(get("/admin/dual-review-rule").session(admin))
			.andExpect(status().isOk()).andExpect(content().string(containsString("sampleRatePercent")));
		mvc.perform(post("/admin/dual-review-rule").session(admin).with(csrf()).param("text", "{\"sampleRatePercent\":0}"))
			.andExpect(status().isOk()).andExpect(content().string(containsString("rule-error")));
		// draw now (every team lacking that week; the others keep theirs)
		mvc.perform(post("/admin/dual-review-rule/draw").session(admin).with(csrf()).param("week", week))
			.andExpect(status().is3xxRedirection()).andExpect(flash().attribute("flash", containsString(week)));
		long item = jdbc.sql("select id from review_item where team_id = :t").param("t", t.id()).query(Long.class).single();

		MockHttpSession manager = fx.login(t.manager());
		mvc.perform(get("/activities/dual-review").session(manager))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("pending-" + item)))
			.andExpect(content().string(containsString(week)));
		// my day: the reviewer sees what waits for their tag; the rep sees neither that nor the review queue
		mvc.perform(get("/").session(manager).header("Accept-Language", "en"))
			.andExpect(content().string(containsString("id=\"myday-dual-review\"")))
			.andExpect(content().string(containsString("1 to tag")));
		mvc.perform(get("/").session(fx.login(t.rep())))
			.andExpect(content().string(org.hamcrest.Matchers.not(containsString("id=\"myday-review\""))));
		mvc.perform(get("/activities/dual-review").param("week", "bad").session(manager))
			.andExpect(status().isOk()).andExpect(content().string(containsString("flash-error")));
		mvc.perform(get("/activities/dual-review/items/" + item).session(manager))
			.andExpect(status().isOk()).andExpect(content().string(containsString("tag-form")));
		mvc.perform(post("/activities/dual-review/items/" + item + "/tag").session(manager).with(csrf())
				.param("tag", "RISK").param("comment", ""))
			.andExpect(status().is3xxRedirection()).andExpect(flash().attributeExists("flashError"));
		mvc.perform(post("/activities/dual-review/items/" + item + "/tag").session(manager).with(csrf())
				.param("tag", "RISK").param("comment", "没有确认决策时间"))
			.andExpect(status().is3xxRedirection()).andExpect(flash().attributeExists("flash"));
		assertThat(jdbc.sql("select tag from review_slot where item_id = :i and reviewer_role = 'MANAGER'").param("i", item)
			.query(String.class).single()).isEqualTo("RISK");
		mvc.perform(get("/").session(manager))
			.andExpect(content().string(org.hamcrest.Matchers.not(containsString("id=\"myday-dual-review\""))));
		mvc.perform(get("/knowledge").param("scenario", "DECISION_MAKER_MEETING").param("teamId", String.valueOf(t.id()))
				.session(manager).header("Accept-Language", "zh-CN"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("knowledge-" + item)))
			.andExpect(content().string(containsString("风险动作")))
			.andExpect(content().string(containsString("没有确认决策时间")));
		mvc.perform(get("/knowledge/export").param("tag", "RISK").session(manager))
			.andExpect(status().isOk()).andExpect(header().string("Content-Type", containsString("spreadsheetml")));
		// another team's manager: the item page is 404, the knowledge base shows nothing of it
		MockHttpSession stranger = fx.login(fx.team().manager());
		mvc.perform(get("/activities/dual-review/items/" + item).session(stranger)).andExpect(status().isNotFound());
		mvc.perform(get("/knowledge").param("q", "没有确认决策时间").session(stranger))
			.andExpect(status().isOk()).andExpect(content().string(containsString("knowledge-empty")));
	}
}
