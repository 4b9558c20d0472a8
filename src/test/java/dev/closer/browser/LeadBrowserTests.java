package dev.closer.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;

import dev.closer.support.BrowserTest;

/** A manager enters a lead by hand and reads why the engine gave it to that rep. */
class LeadBrowserTests extends BrowserTest {

	@org.springframework.beans.factory.annotation.Autowired
	org.springframework.jdbc.core.simple.JdbcClient jdbc;

	@Test
	void aManagerEntersALeadAndSeesWhyThisRepGotIt() {
		try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900)
			.setLocale("en-US"))) {
			Page page = context.newPage();
			page.navigate(url("/login"));
			page.fill("#username", "zhoumin");
			page.fill("#password", "closer");
			page.click("#login-submit");
			page.click("#nav-leads");
			page.click("#new-lead");
			page.fill("#contactName", "钱女士");
			page.fill("#phone", "138 0013 8000");
			page.fill("#company", "上海测试浏览器医疗器械有限公司");
			page.fill("#industry", "medical");
			page.fill("#budget", "800000");
			page.check("#budgetConfirmed1");
			page.fill("#latitude", "31.2304");
			page.fill("#longitude", "121.4737");
			// a bad phone first: the form stays, with the reason
			page.fill("#phone", "12345");
			page.click("#save-lead");
			assertThat(page.locator("#form-error")).containsText("not a valid phone number");
			page.fill("#phone", "138 0013 8000");
			page.click("#save-lead");
			assertThat(page.locator("#lead-status")).hasText("Assigned");
			assertThat(page.locator("#why-this-rep .decision").first()).containsText("Allocated");
			// every rep of 上海一组 is listed, the winner highlighted (other tests may have added reps to the team)
			int reps = jdbc.sql("""
					select count(*) from app_user u join team t on t.id = u.team_id
					join user_role r on r.user_id = u.id and r.role = 'REP' where t.name = '上海一组'""")
				.query(Integer.class).single();
			assertThat(page.locator("#why-this-rep table.candidates tbody tr")).hasCount(reps);
			assertThat(page.locator("#why-this-rep tr.table-success")).hasCount(1);
			page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/screenshots/why-this-rep.png"))
				.setFullPage(true));
		}
	}
}
