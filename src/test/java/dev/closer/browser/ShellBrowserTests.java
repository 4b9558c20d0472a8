package dev.closer.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;


import org.junit.jupiter.api.Test;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;

import dev.closer.support.BrowserTest;

/** A person at a phone: signs in, switches language, reads the inbox, at 375 px width. */
class ShellBrowserTests extends BrowserTest {

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
			page.waitForURL(u -> !u.contains("/login"));
			page.waitForLoadState(com.microsoft.playwright.options.LoadState.LOAD); // deferred menu script
			page.click(".navbar-toggler");
			// the collapse animates open; the dropdown is opened once it has finished (a click during the animation
			// can be lost on a busy machine), and once more if the first click did not open it
			assertThat(page.locator(".navbar-collapse.show")).isVisible();
			page.click("#lang-menu");
			try {
				page.locator("#lang-en").waitFor(new com.microsoft.playwright.Locator.WaitForOptions()
					.setState(com.microsoft.playwright.options.WaitForSelectorState.VISIBLE).setTimeout(3000));
			}
			catch (com.microsoft.playwright.TimeoutError notOpened) {
				page.click("#lang-menu");
			}
			page.click("#lang-en");
			assertThat(page.locator("h1")).containsText("Hello");
			// the choice sticks across pages
			page.navigate(url("/me"));
			assertThat(page.locator("h1")).hasText("My profile");

			assertNoHorizontalScroll(page, "profile-375");

			// the inbox: the demo admin has unread welcome notifications, shown in the badge and on my day
			page.navigate(url("/"));
			assertThat(page.locator("#myday-inbox")).isVisible();
			assertThat(page.locator("#unread-badge")).isVisible();
			page.click("#nav-inbox");
			assertThat(page.locator("#inbox-list .inbox-item").first()).isVisible();
			assertNoHorizontalScroll(page, "inbox-375");
			page.click("#mark-all-read");
			// htmx swaps the list and removes the badge without a page load
			assertThat(page.locator("#inbox-list .inbox-item.unread")).hasCount(0);
			assertThat(page.locator("#unread-badge")).not().isVisible();
		}
	}
}
