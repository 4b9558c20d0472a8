package dev.closer.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;

import dev.closer.support.IntegrationTest;

/** Pages: form login with CSRF, admin pages, language, friendly errors. */
@IntegrationTest
class IdentityPageTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	UserDirectory directory;

	MockHttpSession login(String username) throws Exception {
		MockHttpSession session = new MockHttpSession();
		mvc.perform(post("/login").session(session).with(csrf()).param("username", username).param("password", "closer"))
			.andExpect(status().is3xxRedirection())
			.andExpect(redirectedUrl("/"));
		return session;
	}

	@Test
	void pagesRequireSignInAndLoginNeedsCsrf() throws Exception {
		mvc.perform(get("/")).andExpect(status().is3xxRedirection())
			.andExpect(header().string("Location", containsString("/login")));
		mvc.perform(post("/login").param("username", "admin").param("password", "closer"))
			.andExpect(status().isForbidden());
		mvc.perform(post("/login").with(csrf()).param("username", "admin").param("password", "wrong"))
			.andExpect(redirectedUrl("/login?error"));
	}

	@Test
	void securityHeadersAreSet() throws Exception {
		mvc.perform(get("/login"))
			.andExpect(header().string("Content-Security-Policy", containsString("default-src 'self'")))
			.andExpect(header().string("X-Content-Type-Options", "nosniff"))
			.andExpect(header().string("X-Frame-Options", "DENY"));
	}

	@Test
	void loginPageFollowsTheBrowserLanguageAndTheSwitcher() throws Exception {
		mvc.perform(get("/login").header("Accept-Language", "zh-CN,zh;q=0.9"))
			.andExpect(content().string(containsString("登录")));
		mvc.perform(get("/login").header("Accept-Language", "en-US"))
			.andExpect(content().string(containsString("Sign in")));
		mvc.perform(get("/login").param("lang", "en").header("Accept-Language", "zh-CN"))
			.andExpect(content().string(containsString("Sign in")))
			.andExpect(header().string("Set-Cookie", containsString("closer-lang=en")));
	}

	@Test
	void adminSeesAdminPagesAndARepDoesNot() throws Exception {
		MockHttpSession admin = login("admin");
		for (String page : new String[] { "/", "/admin/users", "/admin/org", "/admin/audit", "/admin/hr-sync", "/me",
				"/admin/users/new" }) {
			mvc.perform(get(page).session(admin).header("Accept-Language", "en")).andExpect(status().isOk());
		}
		mvc.perform(get("/admin/users").session(admin).param("q", "zhang").param("sort", "name").param("dir", "desc"))
			.andExpect(content().string(containsString("zhangwei")))
			.andExpect(content().string(not(containsString("hanmei"))));
		MockHttpSession rep = login("lina");
		mvc.perform(get("/admin/users").session(rep)).andExpect(status().isForbidden());
		mvc.perform(get("/").session(rep).header("Accept-Language", "en"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("李娜")))
			.andExpect(content().string(not(containsString("/admin/users"))));
	}

	@Test
	void theUserListExportsToXlsxWithFormulaLikeTextNeutralised() throws Exception {
		MockHttpSession admin = login("admin");
		String username = "xl" + UUID.randomUUID().toString().substring(0, 6);
		mvc.perform(post("/admin/users/new").session(admin).with(csrf()).param("username", username)
				.param("displayName", "=cmd|' /C calc'!A0").param("teamId", String.valueOf(directory.teams().get(0).id()))
				.param("roles", "REP").param("password", "long-enough"))
			.andExpect(status().is3xxRedirection());
		var async = mvc.perform(get("/admin/users/export").session(admin).param("q", username)
				.header("Accept-Language", "en"))
			.andExpect(status().isOk()).andReturn();
		var response = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch(async))
			.andExpect(status().isOk())
			.andExpect(header().string("Content-Disposition", containsString("users.xlsx")))
			.andReturn().getResponse();
		try (var workbook = new org.apache.poi.xssf.usermodel.XSSFWorkbook(
				new java.io.ByteArrayInputStream(response.getContentAsByteArray()))) {
			var sheet = workbook.getSheetAt(0);
			assertThat(sheet.getRow(0).getCell(0).getStringCellValue()).isEqualTo("Username");
			assertThat(sheet.getLastRowNum()).isEqualTo(1);
			var name = sheet.getRow(1).getCell(1);
			assertThat(name.getCellType()).isEqualTo(org.apache.poi.ss.usermodel.CellType.STRING);
			assertThat(name.getStringCellValue()).isEqualTo("=cmd|' /C calc'!A0");
			assertThat(name.getCellStyle().getQuotePrefixed()).isTrue();
			assertThat(sheet.getRow(1).getCell(5).getStringCellValue()).isEqualTo("Sales rep");
		}
	}

	@Test
	void unknownRecordIsAFriendly404Page() throws Exception {
		MockHttpSession admin = login("admin");
		mvc.perform(get("/admin/users/987654321").session(admin).header("Accept-Language", "en"))
			.andExpect(status().isNotFound())
			.andExpect(content().string(containsString("Back to my day")))
			.andExpect(content().string(not(containsString("Exception"))));
	}

	@Test
	void adminCreatesAUserThroughTheFormAndAFormErrorIsShownInPlace() throws Exception {
		MockHttpSession admin = login("admin");
		String username = "form" + UUID.randomUUID().toString().substring(0, 6);
		long team = directory.teams().get(0).id();
		mvc.perform(post("/admin/users/new").session(admin).with(csrf()).header("Accept-Language", "en")
				.param("username", username).param("displayName", "Form User").param("teamId", String.valueOf(team))
				.param("roles", "REP").param("password", "short"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("A password has at least 8 characters.")));
		assertThat(directory.findByUsername(username)).isEmpty();
		mvc.perform(post("/admin/users/new").session(admin).with(csrf())
				.param("username", username).param("displayName", "Form User").param("teamId", String.valueOf(team))
				.param("roles", "REP").param("roles", "PRESALES").param("password", "long-enough"))
			.andExpect(status().is3xxRedirection());
		assertThat(directory.findByUsername(username)).get()
			.satisfies(u -> assertThat(u.roles()).hasSize(2));
	}

	@Test
	void hrSyncUploadReportsFailedRowsOnThePage() throws Exception {
		MockHttpSession admin = login("admin");
		var file = new MockMultipartFile("file", "hr.csv", "text/csv",
				"username,status\nno-such-user-x,DISABLED\n".getBytes(StandardCharsets.UTF_8));
		String location = mvc.perform(multipart("/admin/hr-sync").file(file).session(admin).with(csrf()))
			.andExpect(status().is3xxRedirection())
			.andReturn().getResponse().getRedirectedUrl();
		mvc.perform(get(location).session(admin).header("Accept-Language", "en"))
			.andExpect(content().string(containsString("No user &#39;no-such-user-x&#39;.")));
	}

	@Test
	void profileCreatesAnApiTokenShownOnce() throws Exception {
		MockHttpSession rep = login("liuyang");
		mvc.perform(post("/me/tokens").session(rep).with(csrf()).param("name", "crm-sync"))
			.andExpect(status().is3xxRedirection());
		mvc.perform(get("/me").session(rep).header("Accept-Language", "en"))
			.andExpect(content().string(containsString("crm-sync")));
	}
}
