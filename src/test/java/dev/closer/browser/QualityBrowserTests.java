package dev.closer.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

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
import com.microsoft.playwright.options.RequestOptions;

import dev.closer.support.BrowserTest;

/**
 * SPEC F4, F5 on a phone (375 px): a rep pastes a call transcript on a customer and reads its topic summary; the
 * follow-up's quality dot opens to its factors; the manager finds the low score in the review queue and marks it
 * reviewed. No page scrolls sideways.
 */
class QualityBrowserTests extends BrowserTest {


	record Setup(String rep, String manager, long customer) {
	}

	private Setup setup() {
		APIRequestContext api = playwright.request().newContext(new APIRequest.NewContextOptions().setBaseURL(url("")));
		try {
			String admin = "Bearer " + JsonPath.read(ok(api.post("/api/auth/token", RequestOptions.create()
				.setData(Map.of("username", "admin", "password", "closer")))), "$.token");
			long region = jdbc.sql("select min(id) from region").query(Long.class).single();
			String suffix = UUID.randomUUID().toString().substring(0, 8);
			Number team = JsonPath.read(ok(api.post("/api/admin/teams", RequestOptions.create()
				.setHeader("Authorization", admin)
				.setData(Map.of("name", "quality-team-" + suffix, "regionId", region)))), "$.id");
			String rep = "qr" + suffix;
			String manager = "qm" + suffix;
			for (String[] u : new String[][] { { rep, "REP", "韩雪" }, { manager, "MANAGER", "周敏" } }) {
				ok(api.post("/api/admin/users", RequestOptions.create().setHeader("Authorization", admin)
					.setData(Map.of("username", u[0], "displayName", u[2], "email", u[0] + "@example.com",
							"teamId", team.longValue(), "roles", List.of(u[1]), "password", "secret-123"))));
			}
			String repToken = "Bearer " + JsonPath.read(ok(api.post("/api/auth/token", RequestOptions.create()
				.setData(Map.of("username", rep, "password", "secret-123")))), "$.token");
			Number customer = JsonPath.read(ok(api.post("/api/customers", RequestOptions.create()
				.setHeader("Authorization", repToken)
				.setData(Map.of("name", "质量测试医院 " + suffix, "industry", "medical")))), "$.customer.id");
			ok(api.post("/api/activities", RequestOptions.create().setHeader("Authorization", repToken)
				.setData(Map.of("customerId", customer.longValue(), "channel", "CALL", "action", "打了个电话"))));
			return new Setup(rep, manager, customer.longValue());
		}
		finally {
			api.dispose();
		}
	}

	@Test
	void aTranscriptFromThePhoneAndTheManagersReviewQueue() {
		Setup s = setup();
		try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(375, 740)
			.setLocale("en-US"))) {
			Page page = context.newPage();
			login(page, s.rep());
			page.navigate(url("/customers/" + s.customer()));
			var dot = page.locator(".quality-score").first();
			assertThat(dot).containsText("1 / 5");
			dot.locator("summary").click();
			assertThat(dot.locator(".quality-factors")).containsText("1 of 5 items filled");
			assertNoHorizontalScroll(page, "customer-quality-375");

			page.click("#add-transcript");
			assertNoHorizontalScroll(page, "transcript-new-375");
			page.fill("#transcript-json", """
					{"source":"DINGTALK","segments":[
					 {"start":"00:00:02","speaker":"销售","text":"您好，方案收到了吗？"},
					 {"start":"00:00:09.5","speaker":"客户","text":"收到了。我们今年的预算大概五十万，交付周期能不能压到两个月？"}]}""");
			page.click("#transcript-form button[type=submit]");
			assertThat(page.locator("#flash")).hasText("Transcript attached.");
			assertThat(page.locator("#transcript-summary")).containsText("Budget");
			assertThat(page.locator("#transcript-summary")).containsText("00:09");
			assertThat(page.locator("#transcript-segments")).containsText("交付周期能不能压到两个月");
			assertNoHorizontalScroll(page, "transcript-375");
		}
		try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(375, 740)
			.setLocale("en-US"))) {
			Page page = context.newPage();
			login(page, s.manager());
			assertThat(page.locator("#myday-review-count")).hasText("1");
			page.navigate(url("/activities/review"));
			assertThat(page.locator(".review-item")).hasCount(1);
			assertNoHorizontalScroll(page, "review-375");
			page.locator(".review-form input[name=comment]").fill("请记录客户原话和下一步");
			page.locator(".review-form button").click();
			assertThat(page.locator("#flash")).hasText("Marked reviewed.");
			assertThat(page.locator("#review-empty")).isVisible();
		}
	}
}
