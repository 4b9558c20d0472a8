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
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.LoadState;
import com.microsoft.playwright.options.RequestOptions;

import dev.closer.support.BrowserTest;

/**
 * SPEC O7 in the browser on a phone (375 px): a legal user opens "Approvals" from the menu, sees the request with
 * its waiting time and approves the legal review; a finance user approves the credit check; after the seal (an
 * admin, through the API) the opportunity page shows the contract approved with each step's time. No page scrolls
 * sideways.
 */
class ContractApprovalBrowserTests extends BrowserTest {


	static final byte[] PDF = "%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
		.getBytes(StandardCharsets.ISO_8859_1);

	@Test
	void legalThenFinanceApproveOnTheirPhonesAndTheOpportunityShowsTheContractApproved() {
		APIRequestContext api = playwright.request().newContext(new APIRequest.NewContextOptions().setBaseURL(url("")));
		try {
			String admin = token(api, "admin", "closer");
			long region = jdbc.sql("select min(id) from region").query(Long.class).single();
			String suffix = UUID.randomUUID().toString().substring(0, 8);
			Number team = JsonPath.read(ok(api.post("/api/admin/teams", RequestOptions.create()
				.setHeader("Authorization", admin).setData(Map.of("name", "approval-team-" + suffix, "regionId", region)))),
					"$.id");
			for (String[] u : new String[][] { { "rp", "REP", "孙倩" }, { "lg", "LEGAL", "杜律师" }, { "fn", "FINANCE", "蒋会计" } }) {
				ok(api.post("/api/admin/users", RequestOptions.create().setHeader("Authorization", admin)
					.setData(Map.of("username", u[0] + suffix, "displayName", u[2], "email", u[0] + suffix + "@example.com",
							"teamId", team.longValue(), "roles", List.of(u[1]), "password", "secret-123"))));
			}
			String rep = token(api, "rp" + suffix, "secret-123");
			Number customer = JsonPath.read(ok(api.post("/api/customers", RequestOptions.create()
				.setHeader("Authorization", rep)
				.setData(Map.of("name", "合同医院 " + suffix, "contacts", List.of(Map.of("name", "钱院长")))))),
					"$.customer.id");
			Number opportunity = JsonPath.read(ok(api.post("/api/opportunities", RequestOptions.create()
				.setHeader("Authorization", rep).setData(Map.of("customerId", customer.longValue(), "name",
						"设备采购 " + suffix, "amount", "880000")))), "$.id");
			Number request = JsonPath.read(ok(api.post("/api/opportunities/" + opportunity + "/contract-approvals",
					RequestOptions.create().setHeader("Authorization", rep)
						.setMultipart(FormData.create().set("amount", "880000").set("terms", "分三期付款，质保三年")
							.set("file", new FilePayload("contract.pdf", "application/pdf", PDF))))),
					"$.id");
			String card = ".pending-approval[data-id='" + request + "']";

			try (BrowserContext phone = browser.newContext(new Browser.NewContextOptions().setViewportSize(375, 740)
				.setLocale("en-US"))) {
				Page page = phone.newPage();
				login(page, "lg" + suffix);
				page.click(".navbar-toggler");
				page.click("#nav-approvals");
				page.waitForLoadState(LoadState.LOAD);
				assertThat(page.locator(card)).isVisible();
				assertThat(page.locator(card + " .approval-step[data-step='1']")).containsText("waiting for");
				assertNoHorizontalScroll(page, "approvals-legal-375");
				page.fill(card + " textarea[name=comment]", "条款无异议");
				page.click(card + " button.approve");
				assertThat(page.locator("#flash")).containsText("Step approved");
				assertThat(page.locator(card)).hasCount(0);
			}
			try (BrowserContext phone = browser.newContext(new Browser.NewContextOptions().setViewportSize(375, 740)
				.setLocale("en-US"))) {
				Page page = phone.newPage();
				login(page, "fn" + suffix);
				page.navigate(url("/approvals"));
				assertThat(page.locator(card + " .approval-step[data-step='1']")).containsText("Approved");
				assertThat(page.locator(card + " .approval-step[data-step='1']")).containsText("took");
				assertNoHorizontalScroll(page, "approvals-finance-375");
				page.click(card + " button.approve");
				assertThat(page.locator("#flash")).containsText("Step approved");
			}
			ok(api.post("/api/approvals/" + request + "/steps/3/approve", RequestOptions.create()
				.setHeader("Authorization", admin).setData(Map.of("comment", "已盖章"))));
			try (BrowserContext phone = browser.newContext(new Browser.NewContextOptions().setViewportSize(375, 740)
				.setLocale("en-US"))) {
				Page page = phone.newPage();
				login(page, "rp" + suffix);
				page.navigate(url("/opportunities/" + opportunity));
				assertThat(page.locator("#contract-section .contract-approval[data-status=APPROVED] .contract-status"))
					.hasText("Approved");
				assertThat(page.locator("#contract-section .approval-step[data-status=APPROVED]")).hasCount(3);
				assertNoHorizontalScroll(page, "opportunity-contract-375");
			}
		}
		finally {
			api.dispose();
		}
	}
}
