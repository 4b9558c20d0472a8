package dev.closer.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.jayway.jsonpath.JsonPath;
import com.microsoft.playwright.APIRequest;
import com.microsoft.playwright.APIRequestContext;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.LoadState;
import com.microsoft.playwright.options.RequestOptions;

import dev.closer.support.BrowserTest;

/**
 * SPEC F7 on a phone (375 px): a manager opens the weekly dual review, tags a drawn follow-up of a key account as a
 * reproducible action with a comment, and finds it in the knowledge base by its scenario. No page scrolls sideways.
 */
class DualReviewBrowserTests extends BrowserTest {


	record Setup(String manager, String customerName) {
	}

	private Setup setup() {
		APIRequestContext api = playwright.request().newContext(new APIRequest.NewContextOptions().setBaseURL(url("")));
		try {
			String admin = "Bearer " + JsonPath.read(ok(api.post("/api/auth/token", RequestOptions.create()
				.setData(Map.of("username", "admin", "password", "closer")))), "$.token");
			long region = jdbc.sql("select min(id) from region").query(Long.class).single();
			String suffix = UUID.randomUUID().toString().substring(0, 8);
			long team = ((Number) JsonPath.read(ok(api.post("/api/admin/teams", RequestOptions.create()
				.setHeader("Authorization", admin)
				.setData(Map.of("name", "dual-team-" + suffix, "regionId", region)))), "$.id")).longValue();
			String rep = "dr" + suffix;
			String manager = "dm" + suffix;
			for (String[] u : new String[][] { { rep, "REP", "韩雪" }, { manager, "MANAGER", "周敏" } }) {
				ok(api.post("/api/admin/users", RequestOptions.create().setHeader("Authorization", admin)
					.setData(Map.of("username", u[0], "displayName", u[2], "email", u[0] + "@example.com",
							"teamId", team, "roles", List.of(u[1]), "password", "secret-123"))));
			}
			String repToken = "Bearer " + JsonPath.read(ok(api.post("/api/auth/token", RequestOptions.create()
				.setData(Map.of("username", rep, "password", "secret-123")))), "$.token");
			String name = "重点医院 " + suffix;
			long customer = ((Number) JsonPath.read(ok(api.post("/api/customers", RequestOptions.create()
				.setHeader("Authorization", repToken).setData(Map.of("name", name, "industry", "medical")))),
					"$.customer.id")).longValue();
			long repId = jdbc.sql("select id from app_user where username = :u").param("u", rep).query(Long.class).single();
			jdbc.sql("update customer set key_account = true where id = :id").param("id", customer).update();
			ZoneId shanghai = ZoneId.of("Asia/Shanghai");
			LocalDate today = LocalDate.now(shanghai);
			LocalDate monday = today.minusDays(today.getDayOfWeek().getValue() - 1L).minusWeeks(2);
			jdbc.sql("""
					insert into activity (customer_id, subject_name, channel, action_text, output_text, template_code,
					  occurred_at, created_at, actor_id, owner_id, team_id)
					values (:c, :name, 'VISIT', '讲清分期付款方案后再谈折扣', '客户接受了报价', 'PRICE_OBJECTION', :at, :at, :r, :r, :t)""")
				.param("c", customer).param("name", name)
				.param("at", OffsetDateTime.ofInstant(monday.atStartOfDay(shanghai).toInstant().plus(Duration.ofHours(34)),
						ZoneOffset.UTC))
				.param("r", repId).param("t", team).update();
			String week = String.format("%d-W%02d", monday.get(IsoFields.WEEK_BASED_YEAR),
					monday.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
			ok(api.post("/api/admin/dual-review/draws", RequestOptions.create().setHeader("Authorization", admin)
				.setData(Map.of("week", week, "teamId", team))));
			return new Setup(manager, name);
		}
		finally {
			api.dispose();
		}
	}

	@Test
	void aManagerTagsADrawnFollowUpOnThePhoneAndFindsItInTheKnowledgeBase() {
		Setup s = setup();
		try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(375, 740)
			.setLocale("en-US"))) {
			Page page = context.newPage();
			page.navigate(url("/login"));
			page.fill("#username", s.manager());
			page.fill("#password", "secret-123");
			page.click("#login-submit");
			page.waitForURL(u -> !u.contains("/login"));
			page.waitForLoadState(LoadState.LOAD);
			page.click(".navbar-toggler");
			page.click("#nav-dual-review");
			assertThat(page.locator(".pending-item")).hasCount(1);
			assertThat(page.locator(".pending-item")).containsText(s.customerName());
			assertNoHorizontalScroll(page, "dual-review-375");

			page.locator(".pending-item a").first().click();
			assertThat(page.locator("#item-follow-up")).containsText("讲清分期付款方案后再谈折扣");
			assertNoHorizontalScroll(page, "dual-review-item-375");
			page.check("#tag-reproducible");
			page.fill("#tag-comment", "先讲价值再谈价格，值得全组复制");
			page.click("#tag-submit");
			assertThat(page.locator("#flash")).hasText("Review saved.");
			assertThat(page.locator("#slot-MANAGER")).containsText("Reproducible action");

			page.navigate(url("/knowledge"));
			page.selectOption("#k-scenario", "PRICE_OBJECTION");
			page.fill("#k-q", s.customerName().substring(s.customerName().length() - 8));
			page.click("#knowledge-search");
			assertThat(page.locator(".knowledge-item")).hasCount(1);
			assertThat(page.locator(".knowledge-item")).containsText("先讲价值再谈价格");
			assertThat(page.locator(".knowledge-item")).containsText("Reproducible action");
			assertNoHorizontalScroll(page, "knowledge-375");
		}
	}
}
