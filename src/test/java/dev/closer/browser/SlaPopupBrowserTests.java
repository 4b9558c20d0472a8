package dev.closer.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import com.jayway.jsonpath.JsonPath;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;

import dev.closer.support.BrowserTest;

/**
 * SPEC S1 end to end with the real scheduler and the real clock: a rep has the leads page open on a
 * phone; a lead is assigned to them; when its pop-up step falls due (4 s here) the pop-up appears over
 * the open page without a reload, and dismissing it removes it.
 */
// closed after the class: its real-clock ticker must not keep running under later tests
@org.springframework.test.annotation.DirtiesContext
@TestPropertySource(properties = { "closer.sla.tick-enabled=true", "closer.sla.tick-interval=500ms",
		"db-scheduler.polling-interval=500ms", "closer.notifications.popup-poll=1s" })
class SlaPopupBrowserTests extends BrowserTest {

	private final HttpClient http = HttpClient.newHttpClient();

	private String call(String method, String path, String token, String json) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)))
			.header("Content-Type", "application/json")
			.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
		if (token != null) {
			request.header("Authorization", token);
		}
		HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() >= 300) {
			throw new AssertionError(method + " " + path + " → " + response.statusCode() + ": " + response.body());
		}
		return response.body();
	}

	@Test
	void aPopUpArrivesOnTheOpenPageWhenTheStepFallsDue() throws Exception {
		String admin = "Bearer " + JsonPath.read(call("POST", "/api/auth/token", null,
				"{\"username\":\"admin\",\"password\":\"closer\"}"), "$.token");
		String tag = UUID.randomUUID().toString().substring(0, 8);
		long region = ((Number) JsonPath.read(call("GET", "/api/org", admin, null), "$[0].id")).longValue();
		long team = ((Number) JsonPath.read(call("POST", "/api/admin/teams", admin,
				"{\"name\":\"popup-" + tag + "\",\"regionId\":" + region + "}"), "$.id")).longValue();
		String username = "popup" + tag;
		call("POST", "/api/admin/users", admin, """
				{"username":"%s","displayName":"弹窗测试","email":"%s@example.com","teamId":%d,"roles":["REP"],
				 "password":"secret-123"}""".formatted(username, username, team));
		call("PUT", "/api/teams/" + team + "/sla-policy", admin, """
				{"policy":{"ladders":{"C":[{"after":"4s","without":["WECHAT","CALL_ANSWERED"],"action":"POPUP_OWNER"}]},
				 "recycleAfter":"24h","recycleKinds":["WECHAT"],"yellowAfter":"48h","redAfter":"72h"},"comment":"browser"}""");

		try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(375, 740)
			.setLocale("zh-CN"))) {
			Page page = context.newPage();
			login(page, username);
			page.navigate(url("/leads"));
			assertThat(page.locator(".closer-popup")).hasCount(0);

			long lead = ((Number) JsonPath.read(call("POST", "/api/leads", admin, """
					{"teamId":%d,"contactName":"钱先生","phone":"1391234%04d","company":"弹窗测试%s","sourceChannel":"web"}"""
				.formatted(team, (int) (Math.random() * 10_000), tag)), "$.lead.id")).longValue();

			Locator popup = page.locator(".closer-popup");
			assertThat(popup).isVisible(new com.microsoft.playwright.assertions.LocatorAssertions.IsVisibleOptions()
				.setTimeout(30_000));
			assertThat(popup).containsText("#" + lead);
			assertNoHorizontalScroll(page, "sla-popup-375");
			popup.locator("button").click();
			assertThat(page.locator(".closer-popup")).hasCount(0);
		}
	}
}
