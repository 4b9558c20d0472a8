package dev.closer.support;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.jayway.jsonpath.JsonPath;
import com.microsoft.playwright.APIRequest;
import com.microsoft.playwright.APIRequestContext;
import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.options.LoadState;
import com.microsoft.playwright.options.RequestOptions;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;

/** Base of browser tests: the app on a random port, one Chromium per test class (see {@link BrowserSupport}). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class BrowserTest {

	protected static Playwright playwright;

	protected static Browser browser;

	/** The password of users the browser tests create. */
	protected static final String PASSWORD = "secret-123";

	@LocalServerPort
	protected int port;

	@Autowired
	protected JdbcClient jdbc;

	@BeforeAll
	static void startBrowser() {
		BrowserSupport.chromium();
		playwright = BrowserSupport.playwright();
		browser = BrowserSupport.launch(playwright);
	}

	@AfterAll
	static void stopBrowser() {
		if (browser != null) {
			browser.close();
		}
		if (playwright != null) {
			playwright.close();
		}
	}

	protected String url(String path) {
		return "http://localhost:" + port + path;
	}

	/** Saves a full-page screenshot to target/screenshots and fails if the page scrolls sideways. */
	protected static void assertNoHorizontalScroll(Page page, String name) {
		page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/screenshots/" + name + ".png"))
			.setFullPage(true));
		Object overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth");
		org.assertj.core.api.Assertions.assertThat(((Number) overflow).intValue())
			.as("horizontal overflow of " + name).isLessThanOrEqualTo(0);
	}

	/** The body of a 2xx API response; anything else fails the test with the URL and body. */
	protected static String ok(APIResponse response) {
		org.assertj.core.api.Assertions.assertThat(response.status()).as(response.url() + " " + response.text())
			.isBetween(200, 299);
		return response.text();
	}

	/** A bearer token ("Bearer ...") for the user. */
	protected static String token(APIRequestContext api, String username, String password) {
		return "Bearer " + JsonPath.read(ok(api.post("/api/auth/token", RequestOptions.create()
			.setData(Map.of("username", username, "password", password)))), "$.token");
	}

	/** Signs in through the form (password {@link #PASSWORD}) and waits until the page and its scripts are loaded. */
	protected void login(Page page, String username) {
		page.navigate(url("/login"));
		page.fill("#username", username);
		page.fill("#password", PASSWORD);
		page.click("#login-submit");
		page.waitForURL(u -> !u.contains("/login"));
		page.waitForLoadState(LoadState.LOAD);
	}

	/**
	 * A rep of a new team of their own, made through the API as admin (a demo rep may have SLA pop-ups over the
	 * page); returns the username.
	 */
	protected String newRep(String displayName) {
		APIRequestContext api = playwright.request().newContext(new APIRequest.NewContextOptions().setBaseURL(url("")));
		try {
			String admin = token(api, "admin", "closer");
			long region = jdbc.sql("select min(id) from region").query(Long.class).single();
			String suffix = UUID.randomUUID().toString().substring(0, 8);
			Number team = JsonPath.read(ok(api.post("/api/admin/teams", RequestOptions.create()
				.setHeader("Authorization", admin)
				.setData(Map.of("name", "browser-team-" + suffix, "regionId", region)))), "$.id");
			String username = "fu" + suffix;
			ok(api.post("/api/admin/users", RequestOptions.create().setHeader("Authorization", admin)
				.setData(Map.of("username", username, "displayName", displayName, "email", username + "@example.com",
						"teamId", team.longValue(), "roles", List.of("REP"), "password", PASSWORD))));
			return username;
		}
		finally {
			api.dispose();
		}
	}
}
