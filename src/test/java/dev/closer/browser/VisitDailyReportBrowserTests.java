package dev.closer.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.jayway.jsonpath.JsonPath;
import com.microsoft.playwright.APIRequest;
import com.microsoft.playwright.APIRequestContext;
import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.RequestOptions;

import dev.closer.support.BrowserTest;
import dev.closer.support.SampleFiles;

/**
 * SPEC F3 on a phone (375 px): a new rep records a visit with role, stage and a photo taken on the phone, then a
 * second visit without its photo and stage; the daily report is refused naming that visit; the rep completes it
 * (stage, photo) from the report and submits: accepted. No page scrolls sideways.
 */
class VisitDailyReportBrowserTests extends BrowserTest {

	@Test
	void aVisitWithAPhotoThenTheDailyReportRefusedAndAccepted() throws Exception {
		String rep = newRep("韩雪");
		Path photo = Files.createTempFile("visit-", ".jpg");
		Files.write(photo, SampleFiles.jpeg());
		try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(375, 740)
			.setLocale("en-US"))) {
			Page page = context.newPage();
			login(page, rep);

			String company = "拜访医院 " + UUID.randomUUID().toString().substring(0, 8);
			page.navigate(url("/customers/new"));
			page.fill("#name", company);
			page.fill("#contactName", "钱院长");
			page.click("#save-customer");
			assertThat(page.locator("#customer-name")).hasText(company);

			// visit 1: complete, with a photo
			page.click("#record-follow-up");
			assertThat(page.locator("#visit-block")).isHidden();
			page.click("label[for=channel-VISIT]");
			assertThat(page.locator("#visit-block")).isVisible();
			page.click("label[for=v_customerRole_DEAN]");
			page.click("label[for=v_procurementStage_TENDER]");
			page.setInputFiles("#photo", photo);
			page.fill("#action", "上门演示设备");
			page.fill("#output", "院长同意进入论证");
			assertNoHorizontalScroll(page, "visit-form-375");
			page.click("#save-activity");
			assertThat(page.locator("#flash")).hasText("Follow-up recorded.");
			var first = page.locator("#customer-timeline .activity-entry").first();
			assertThat(first).containsText("Hospital president");
			assertThat(first).containsText("Tender / purchase");
			assertThat(first.locator("img.activity-photo")).isVisible();
			Object width = first.locator("img.activity-photo").evaluate("img => img.naturalWidth");
			org.assertj.core.api.Assertions.assertThat(((Number) width).intValue()).as("photo served and decoded").isEqualTo(64);

			// visit 2: role only, no stage, no photo
			page.click("#record-follow-up");
			page.click("label[for=channel-VISIT]");
			page.click("label[for=v_customerRole_EQUIPMENT_HEAD]");
			page.fill("#action", "拜访设备科");
			page.click("#save-activity");
			assertThat(page.locator("#flash")).hasText("Follow-up recorded.");
			assertThat(page.locator("#customer-timeline .activity-entry").first().locator(".visit-missing"))
				.hasText("Missing: Photo, Procurement stage");

			// the report is refused, naming the visit
			page.navigate(url("/reports/daily"));
			assertThat(page.locator("#incomplete-visits")).containsText(company);
			assertNoHorizontalScroll(page, "daily-report-375");
			page.click("#submit-report");
			assertThat(page.locator("#daily-error")).containsText("1 visit(s) still lack evidence: " + company);
			assertThat(page.locator("#daily-error")).containsText("Photo, Procurement stage");
			assertThat(page.locator("#daily-status")).not().hasText("Submitted");

			// completed from the report, then accepted
			page.click(".complete-visit");
			assertThat(page.locator("#evidence-form")).isVisible();
			page.click("label[for=v_procurementStage_BUDGET]");
			page.setInputFiles("#photo", photo);
			assertNoHorizontalScroll(page, "visit-evidence-375");
			page.click("#save-evidence");
			assertThat(page.locator("#daily-flash")).hasText("Evidence saved.");
			assertThat(page.locator("#incomplete-visits")).hasCount(0);
			page.fill("#summary", "拜访两家医院科室，院长同意进入论证。");
			page.click("#submit-report");
			assertThat(page.locator("#daily-flash")).hasText("Daily report submitted.");
			assertThat(page.locator("#daily-status")).hasText("Submitted");
			assertThat(page.locator(".daily-summary")).hasText("拜访两家医院科室，院长同意进入论证。");
			assertNoHorizontalScroll(page, "daily-report-submitted-375");
		}
		finally {
			Files.deleteIfExists(photo);
		}
	}

	/** Past the multipart limit (20 MB by default) the real server answers 413 with a clear message, API and page alike. */
	@Test
	void anUploadOverTheLimitIsAClearErrorOnTheApiAndOnThePage() throws Exception {
		String rep = newRep("韩雪");
		byte[] big = new byte[25 * 1024 * 1024];
		System.arraycopy(SampleFiles.jpeg(), 0, big, 0, SampleFiles.jpeg().length);
		APIRequestContext api = playwright.request().newContext(new APIRequest.NewContextOptions().setBaseURL(url("")));
		try {
			String token = "Bearer " + JsonPath.read(ok(api.post("/api/auth/token", RequestOptions.create()
				.setData(Map.of("username", rep, "password", "secret-123")))), "$.token");
			APIResponse response = api.post("/api/activities", RequestOptions.create()
				.setHeader("Authorization", token).setHeader("Accept-Language", "en")
				.setMultipart(com.microsoft.playwright.options.FormData.create()
					.set("activity", new com.microsoft.playwright.options.FilePayload("a.json", "application/json",
							"{\"customerId\":1,\"channel\":\"VISIT\",\"action\":\"x\"}".getBytes()))
					.set("photo", new com.microsoft.playwright.options.FilePayload("big.jpg", "image/jpeg", big))));
			org.assertj.core.api.Assertions.assertThat(response.status()).isEqualTo(413);
			org.assertj.core.api.Assertions.assertThat(response.text())
				.contains("The upload is larger than the limit of 20MB per file.");
		}
		finally {
			api.dispose();
		}
		Path file = Files.createTempFile("big-", ".jpg");
		Files.write(file, big);
		try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(375, 740)
			.setLocale("en-US"))) {
			Page page = context.newPage();
			login(page, rep);
			page.navigate(url("/customers/new"));
			page.fill("#name", "大文件医院 " + UUID.randomUUID().toString().substring(0, 8));
			page.fill("#contactName", "钱院长");
			page.click("#save-customer");
			page.click("#record-follow-up");
			page.click("label[for=channel-VISIT]");
			page.setInputFiles("#photo", file);
			page.fill("#action", "上门拜访");
			page.click("#save-activity");
			assertThat(page.locator("body")).containsText("The upload is larger than the limit of 20MB per file.");
			assertNoHorizontalScroll(page, "upload-too-large-375");
		}
		finally {
			Files.deleteIfExists(file);
		}
	}
}
