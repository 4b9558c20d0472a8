package dev.closer.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import org.junit.jupiter.api.Test;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;

import dev.closer.support.BrowserTest;

/** A manager on a phone (375 px) opens the team's rep profiles and gets a refusal explained in Chinese. */
class RepProfileBrowserTests extends BrowserTest {

	@org.springframework.beans.factory.annotation.Autowired
	org.springframework.jdbc.core.simple.JdbcClient jdbc;

	@Test
	void aManagerReadsTheRepsLoadAndIsToldWhatIsWrongOnAPhone() {
		try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(375, 740)
			.setLocale("zh-CN"))) {
			Page page = context.newPage();
			page.navigate(url("/login"));
			page.fill("#username", "zhoumin"); // manages 上海一组
			page.fill("#password", "closer");
			page.click("#login-submit");
			page.navigate(url("/leads"));
			page.click("#reps-link");
			assertThat(page.locator("h1")).containsText("销售分配档案 · 上海一组");
			// every rep of the team (other tests may have added some)
			int reps = jdbc.sql("""
					select count(*) from app_user u join team t on t.id = u.team_id
					join user_role r on r.user_id = u.id and r.role = 'REP' where t.name = '上海一组'""")
				.query(Integer.class).single();
			assertThat(page.locator("#rep-list .rep-row")).hasCount(reps);
			assertNoHorizontalScroll(page, "rep-profiles-375");

			page.locator("#rep-list .rep-edit").first().click();
			assertThat(page.locator("#save-rep-profile")).isVisible();
			String skills = page.inputValue("#skills");
			page.fill("#latitude", "31.2");
			page.fill("#longitude", "");
			page.fill("#radiusKm", "30");
			page.click("#save-rep-profile");
			assertThat(page.locator("#form-error")).hasText("纬度与经度须同时填写，或同时留空。");
			assertThat(page.locator("#longitude.is-invalid")).isVisible();
			assertThat(page.locator("#skills")).hasValue(skills);
			assertNoHorizontalScroll(page, "rep-profile-375");
		}
	}
}
