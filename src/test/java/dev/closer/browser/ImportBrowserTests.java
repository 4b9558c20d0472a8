package dev.closer.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;

import dev.closer.support.BrowserTest;

/** A manager imports a CSV, watches the progress finish, and opens "why this rep" on an imported lead. */
class ImportBrowserTests extends BrowserTest {

	@Test
	void importAFileThenSeeWhyThisRepGotAnImportedLead() throws Exception {
		String company = "导入测试" + UUID.randomUUID().toString().substring(0, 6) + "有限公司";
		Path csv = Files.createTempFile("leads", ".csv");
		Files.writeString(csv, "\uFEFF联系人,电话,公司,行业\r\n赵先生,13900139001," + company + ",medical\r\n钱女士,13900139002,"
				+ company + "二部,medical\r\n", StandardCharsets.UTF_8);
		try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900)
			.setLocale("en-US"))) {
			Page page = context.newPage();
			page.navigate(url("/login"));
			page.fill("#username", "zhoumin");
			page.fill("#password", "closer");
			page.click("#login-submit");
			page.click("#nav-leads");
			page.click("#import-leads");
			page.setInputFiles("#file", csv);
			page.click("#start-import");
			// the progress fragment polls until the job is done
			assertThat(page.locator("#import-status")).hasText("Done",
					new LocatorAssertions.HasTextOptions().setTimeout(30_000));
			assertThat(page.locator("#import-counts")).containsText("2");
			page.navigate(url("/leads?q=" + company));
			page.click("#leads-table tbody tr:first-child a");
			assertThat(page.locator("#why-this-rep .decision").first()).containsText("Allocated");
			assertThat(page.locator("#why-this-rep tr.table-success")).hasCount(1);
			assertNoHorizontalScroll(page, "imported-lead");
		}
		finally {
			Files.deleteIfExists(csv);
		}
	}
}
