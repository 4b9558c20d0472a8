package dev.closer.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.jayway.jsonpath.JsonPath;
import com.microsoft.playwright.APIRequest;
import com.microsoft.playwright.APIRequestContext;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.FilePayload;
import com.microsoft.playwright.options.LoadState;
import com.microsoft.playwright.options.RequestOptions;

import dev.closer.support.BrowserTest;

/**
 * SPEC O2, O3, O5 in the browser: a rep drags an opportunity card to the next column of the board, the gate refuses
 * in place listing every missing item; the rep uploads the needs document (a real PDF header) and fills the product
 * lines on the opportunity page, the requirements follow-up is recorded through the API, and the next drag
 * advances the card. On a phone (375 px) the board stacks its columns without sideways scrolling and each card's
 * "next stage" button gets the gate's answer in place.
 */
class PipelineBrowserTests extends BrowserTest {


	static final byte[] PDF = "%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
		.getBytes(StandardCharsets.ISO_8859_1);

	record Setup(String username, String token, long opportunity, long customer) {
	}

	private Setup setup(APIRequestContext api) {
		String admin = "Bearer " + JsonPath.read(ok(api.post("/api/auth/token", RequestOptions.create()
			.setData(Map.of("username", "admin", "password", "closer")))), "$.token");
		long region = jdbc.sql("select min(id) from region").query(Long.class).single();
		String suffix = UUID.randomUUID().toString().substring(0, 8);
		Number team = JsonPath.read(ok(api.post("/api/admin/teams", RequestOptions.create()
			.setHeader("Authorization", admin).setData(Map.of("name", "pipeline-team-" + suffix, "regionId", region)))),
				"$.id");
		String username = "pl" + suffix;
		ok(api.post("/api/admin/users", RequestOptions.create().setHeader("Authorization", admin)
			.setData(Map.of("username", username, "displayName", "孙倩", "email", username + "@example.com", "teamId",
					team.longValue(), "roles", List.of("REP"), "password", "secret-123"))));
		String token = "Bearer " + JsonPath.read(ok(api.post("/api/auth/token", RequestOptions.create()
			.setData(Map.of("username", username, "password", "secret-123")))), "$.token");
		Number customer = JsonPath.read(ok(api.post("/api/customers", RequestOptions.create()
			.setHeader("Authorization", token)
			.setData(Map.of("name", "看板医院 " + suffix, "contacts", List.of(Map.of("name", "钱院长")))))), "$.customer.id");
		Number opportunity = JsonPath.read(ok(api.post("/api/opportunities", RequestOptions.create()
			.setHeader("Authorization", token).setData(Map.of("customerId", customer.longValue(), "name",
					"影像升级 " + suffix, "amount", "80000", "decisionMaker", "钱院长")))), "$.id");
		ok(api.post("/api/activities", RequestOptions.create().setHeader("Authorization", token)
			.setData(Map.of("customerId", customer.longValue(), "channel", "MEETING", "action", "需求交流会", "output",
					"客户同意推进"))));
		ok(api.post("/api/opportunities/" + opportunity + "/advance", RequestOptions.create()
			.setHeader("Authorization", token).setData(Map.of())));
		return new Setup(username, token, opportunity.longValue(), customer.longValue());
	}

	@Test
	void aCardDraggedToTheNextColumnIsRefusedInPlaceThenAdvancesOnceTheEvidenceIsThere() {
		APIRequestContext api = playwright.request().newContext(new APIRequest.NewContextOptions().setBaseURL(url("")));
		try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900)
			.setLocale("en-US"))) {
			Setup s = setup(api);
			Page page = context.newPage();
			login(page, s.username());
			page.navigate(url("/opportunities/board?owner=me"));
			String card = "#card-" + s.opportunity();
			assertThat(page.locator(".opp-column[data-stage=NEEDS] " + card)).isVisible();
			page.dragAndDrop(card, ".opp-column[data-stage=SOLUTION]");
			assertThat(page.locator(card + " .opp-refusal")).isVisible();
			assertThat(page.locator(card + " .opp-missing")).hasCount(3);
			assertThat(page.locator(card + " .opp-refusal")).containsText("No NEEDS_DOC file uploaded in this stage.");
			assertThat(page.locator(card + " .opp-refusal")).containsText("“Requirement change”");
			assertThat(page.locator(card + " .opp-refusal")).containsText("No product line is chosen.");
			assertThat(page.locator(".opp-column[data-stage=NEEDS] " + card)).isVisible();

			page.click(card + " a");
			page.waitForLoadState(LoadState.LOAD);
			assertThat(page.locator("#requirements .requirement[data-satisfied=false]")).hasCount(3);
			page.selectOption("#deliverable-kind", "NEEDS_DOC");
			page.setInputFiles("#deliverable-file", new FilePayload("needs-analysis.pdf", "application/pdf", PDF));
			page.click("#upload-submit");
			assertThat(page.locator("#flash")).containsText("Deliverable stored");
			assertThat(page.locator("#deliverables .deliverable")).containsText("needs-analysis.pdf");
			page.fill("#f-lines", "CT, MRI");
			page.click("#save-fields");
			assertThat(page.locator("#flash")).isVisible();
			ok(api.post("/api/activities", RequestOptions.create().setHeader("Authorization", s.token())
				.setData(Map.of("customerId", s.customer(), "channel", "CALL", "action", "确认需求变更", "output", "客户确认",
						"templateCode", "REQUIREMENT_CHANGE",
						"fields", Map.of("changeType", "SCOPE_UP", "customerWords", "要增加一台 MRI")))));
			page.reload();
			assertThat(page.locator("#requirements .requirement[data-satisfied=true]")).hasCount(3);

			page.navigate(url("/opportunities/board?owner=me"));
			page.dragAndDrop(card, ".opp-column[data-stage=SOLUTION]");
			assertThat(page.locator(".opp-column[data-stage=SOLUTION] " + card)).isVisible();
			assertThat(page.locator(card + " .opp-refusal")).hasCount(0);
			org.assertj.core.api.Assertions.assertThat(jdbc.sql("select stage_code from opportunity where id = :id")
				.param("id", s.opportunity()).query(String.class).single()).isEqualTo("SOLUTION");
		}
		finally {
			api.dispose();
		}
	}

	@Test
	void onAPhoneTheBoardStacksAndTheNextStageButtonAnswersInPlace() {
		APIRequestContext api = playwright.request().newContext(new APIRequest.NewContextOptions().setBaseURL(url("")));
		try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(375, 740)
			.setLocale("en-US"))) {
			Setup s = setup(api);
			Page page = context.newPage();
			login(page, s.username());
			page.click(".navbar-toggler");
			page.click("#nav-opportunities");
			page.waitForLoadState(LoadState.LOAD);
			assertNoHorizontalScroll(page, "opportunities-375");
			page.click("#opp-board");
			page.waitForLoadState(LoadState.LOAD);
			String card = "#card-" + s.opportunity();
			page.click(card + " .opp-advance");
			assertThat(page.locator(card + " .opp-missing")).hasCount(3);
			assertNoHorizontalScroll(page, "board-375");
			page.click(card + " a");
			page.waitForLoadState(LoadState.LOAD);
			assertNoHorizontalScroll(page, "opportunity-375");
			page.navigate(url("/opportunities/health"));
			assertNoHorizontalScroll(page, "process-health-375");
		}
		finally {
			api.dispose();
		}
	}
}
