package dev.closer.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import org.junit.jupiter.api.Test;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;

import dev.closer.support.BrowserTest;

/** An admin on a phone finds the business calendars in the admin menu, reads 2026 and tries a due time. */
class CalendarBrowserTests extends BrowserTest {

	@Test
	void calendarsFitAPhoneAndTheCalculatorAnswers() {
		try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(375, 740)
			.setLocale("en-US"))) {
			Page page = context.newPage();
			page.navigate(url("/login"));
			page.fill("#username", "admin");
			page.fill("#password", "closer");
			page.click("#login-submit");
			// the menu's script is deferred: a click before the page has loaded would open nothing
			page.waitForURL(u -> !u.contains("/login"));
			page.waitForLoadState(com.microsoft.playwright.options.LoadState.LOAD);
			page.click(".navbar-toggler");
			page.click("text=Admin");
			page.click("#nav-calendars");
			assertThat(page.locator("h1")).hasText("Business calendars");
			assertNoHorizontalScroll(page, "calendars-375");

			page.click("#calendar-list a:has-text('Mainland China working days')");
			assertThat(page.locator("#entries")).containsText("春节");
			page.fill("#tryStart", "2026-02-13T17:00");
			page.fill("#tryHours", "2");
			page.click("#try-calendar");
			assertThat(page.locator("#try-result")).hasText("Due: 2026-02-14 10:00 Saturday");
			assertNoHorizontalScroll(page, "calendar-375");
		}
	}
}
