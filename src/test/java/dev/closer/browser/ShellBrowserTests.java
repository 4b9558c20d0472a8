package dev.closer.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;

import dev.closer.support.BrowserSupport;

/** A person at a phone: signs in, switches language, reads the inbox, at 375 px width. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ShellBrowserTests {

	static Playwright playwright;

	static Browser browser;

	@LocalServerPort
	int port;

	@BeforeAll
	static void start() {
		BrowserSupport.chromium();
		playwright = BrowserSupport.playwright();
		browser = BrowserSupport.launch(playwright);
	}

	@AfterAll
	static void stop() {
		if (browser != null) {
			browser.close();
		}
		if (playwright != null) {
			playwright.close();
		}
	}

	String url(String path) {
		return "http://localhost:" + port + path;
	}

	static void assertNoHorizontalScroll(Page page, String name) {
		page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/screenshots/" + name + "-375.png"))
			.setFullPage(true));
		Object overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth");
		assertThat(((Number) overflow).intValue()).as("horizontal overflow of " + name).isLessThanOrEqualTo(0);
	}

	@Test
	void signInSwitchLanguageAndReadTheInboxOnAPhone() {
		try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(375, 740)
			.setLocale("zh-CN"))) {
			Page page = context.newPage();
			page.navigate(url("/"));
			// redirected to the sign-in page, in the browser's language
			assertThat(page.locator("#login-submit")).hasText("登录");
			page.fill("#username", "admin");
			page.fill("#password", "closer");
			page.click("#login-submit");
			assertThat(page.locator("h1")).containsText("你好");

			// the menu collapses at phone width; open it and switch to English
			page.click(".navbar-toggler");
			page.click("#lang-menu");
			page.click("#lang-en");
			assertThat(page.locator("h1")).containsText("Hello");
			// the choice sticks across pages
			page.navigate(url("/me"));
			assertThat(page.locator("h1")).hasText("My profile");

			assertNoHorizontalScroll(page, "profile");

			// the inbox: the demo admin has unread welcome notifications, shown in the badge and on my day
			page.navigate(url("/"));
			assertThat(page.locator("#myday-inbox")).isVisible();
			assertThat(page.locator("#unread-badge")).isVisible();
			page.click("#nav-inbox");
			assertThat(page.locator("#inbox-list .inbox-item").first()).isVisible();
			assertNoHorizontalScroll(page, "inbox");
			page.click("#mark-all-read");
			// htmx swaps the list and removes the badge without a page load
			assertThat(page.locator("#inbox-list .inbox-item.unread")).hasCount(0);
			assertThat(page.locator("#unread-badge")).not().isVisible();
		}
	}
}
