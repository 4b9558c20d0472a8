package dev.closer.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.YearMonth;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.BoundingBox;

import dev.closer.support.BrowserTest;

/**
 * SPEC S5: a manager opens the lead-flow heatmap from the navigation, picks last month (the demo's year always has
 * it), and sees ECharts draw it and the team summary; at 375 px the chart scrolls inside its box, the page does not.
 */
class LeadFlowBrowserTests extends BrowserTest {

	static String lastMonth() {
		return YearMonth.now(ZoneId.of("Asia/Shanghai")).minusMonths(1).toString();
	}

	static void signInAsManager(Page page, String url) {
		page.navigate(url);
		page.fill("#username", "zhoumin");
		page.fill("#password", "closer");
		page.click("#login-submit");
	}

	static BoundingBox canvas(Page page) {
		Locator canvas = page.locator("#flow-chart canvas").first();
		assertThat(canvas).isVisible();
		return canvas.boundingBox();
	}

	@Test
	void aManagerSeesLastMonthsHeatmapAndTeamSummary() {
		try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900)
			.setLocale("en-US"))) {
			Page page = context.newPage();
			signInAsManager(page, url("/login"));
			page.click("#nav-flow");
			assertThat(page.locator("h1")).hasText("Lead flow heatmap");
			page.fill("#flow-month", lastMonth());
			page.selectOption("#flow-metric", "received");
			page.click("#flow-filters button[type=submit]");
			assertThat(page).hasURL(java.util.regex.Pattern.compile(".*month=" + lastMonth() + ".*"));
			assertThat(page.locator("#flow-chart")).hasAttribute("data-rendered", "true");
			BoundingBox box = canvas(page);
			assertThat(box.width).isGreaterThan(300);
			assertThat(box.height).isGreaterThan(100);
			// zhoumin manages 上海一组 only: one team in the summary, with leads
			Locator teams = page.locator("#flow-teams tbody tr.flow-team");
			assertThat(teams).hasCount(1);
			assertThat(teams.first().locator("td").first()).hasText("上海一组");
			assertThat(Integer.parseInt(teams.first().locator("td").nth(2).innerText().trim())).isPositive();
			// another metric redraws the same chart without a reload
			page.selectOption("#flow-metric", "response");
			assertThat(page.locator("#flow-chart")).hasAttribute("data-rendered", "true");
			assertThat(canvas(page).width).isGreaterThan(300);
			page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/screenshots/lead-flow.png"))
				.setFullPage(true));
		}
	}

	@Test
	void atPhoneWidthTheChartScrollsInsideItsBoxAndThePageDoesNot() {
		try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(375, 812)
			.setLocale("zh-CN"))) {
			Page page = context.newPage();
			signInAsManager(page, url("/login"));
			page.navigate(url("/leads/flow?month=" + lastMonth()));
			assertThat(page.locator("#flow-chart")).hasAttribute("data-rendered", "true");
			assertThat(canvas(page).height).isGreaterThan(100);
			assertThat(page.locator("#flow-teams tbody tr.flow-team")).hasCount(1);
			Object inner = page.evaluate("""
					() => { const b = document.getElementById('flow-chart-box'); return b.scrollWidth - b.clientWidth; }""");
			assertThat(((Number) inner).intValue()).as("a month of days is wider than a phone: the box scrolls").isPositive();
			assertNoHorizontalScroll(page, "lead-flow-375");
		}
	}
}
