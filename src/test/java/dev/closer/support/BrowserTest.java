package dev.closer.support;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.nio.file.Path;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;

/** Base of browser tests: the app on a random port, one Chromium per test class (see {@link BrowserSupport}). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class BrowserTest {

	protected static Playwright playwright;

	protected static Browser browser;

	@LocalServerPort
	protected int port;

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
}
