package dev.closer.shared.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import dev.closer.leads.LeadFixture;
import dev.closer.support.IntegrationTest;

/** The calendar admin pages: list, create, edit, a year's entries by paste and upload, the calculator. */
@IntegrationTest
class CalendarPageTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	CalendarRepository repository;

	MockHttpSession login(String username, String password) throws Exception {
		MockHttpSession session = new MockHttpSession();
		mvc.perform(post("/login").session(session).with(csrf()).param("username", username).param("password", password))
			.andExpect(status().is3xxRedirection());
		return session;
	}

	long china() {
		return jdbc.sql("select id from business_calendar where name = :n").param("n", CalendarApiTests.CHINA)
			.query(Long.class).single();
	}

	long created(MockHttpSession admin) throws Exception {
		String name = LeadFixture.unique("页面日历-");
		String location = mvc.perform(post("/admin/calendars").session(admin).with(csrf()).param("name", name)
				.param("zone", "Asia/Shanghai"))
			.andExpect(status().is3xxRedirection()).andReturn().getResponse().getRedirectedUrl();
		assertThat(location).startsWith("/admin/calendars/");
		return Long.parseLong(location.substring("/admin/calendars/".length()));
	}

	static MockHttpServletRequestBuilder edit(MockHttpSession session, long id, String name, String zone,
			String monday) {
		MockHttpServletRequestBuilder post = post("/admin/calendars/" + id).session(session).with(csrf())
			.header("Accept-Language", "en").param("name", name).param("zone", zone).param("hours_MONDAY", monday);
		for (DayOfWeek d : DayOfWeek.values()) {
			if (d != DayOfWeek.MONDAY) {
				post.param("hours_" + d, d.getValue() <= 5 ? "09:00-12:00, 13:00-18:00" : "");
			}
		}
		return post;
	}

	@Test
	void theListAndTheChinaCalendarRenderInBothLanguages() throws Exception {
		MockHttpSession admin = login("admin", "closer");
		mvc.perform(get("/admin/calendars").session(admin).header("Accept-Language", "en"))
			.andExpect(status().isOk())
			.andExpect(content().string(allOf(containsString("Business calendars"), containsString(CalendarApiTests.CHINA),
					containsString("40 h a week"), containsString("id=\"nav-calendars\""))));
		mvc.perform(get("/admin/calendars").session(admin).header("Accept-Language", "zh-CN"))
			.andExpect(status().isOk())
			.andExpect(content().string(allOf(containsString("工作日历"), containsString("每周 40 小时"))));
		mvc.perform(get("/admin/calendars/" + china()).param("year", "2026").session(admin).header("Accept-Language", "en"))
			.andExpect(status().isOk())
			.andExpect(content().string(allOf(containsString("Holidays and make-up working days 2026"),
					containsString("2026-02-15"), containsString("Make-up working day"), containsString("9 days"),
					containsString("2026-02-15,2026-02-23,HOLIDAY,春节"), containsString("value=\"09:00-12:00, 13:00-18:00\""))));
		mvc.perform(get("/admin/calendars/" + china()).param("year", "2026").session(admin).header("Accept-Language", "zh-CN"))
			.andExpect(status().isOk())
			.andExpect(content().string(allOf(containsString("2026 年节假日与调休上班日"), containsString("调休上班"),
					containsString("国庆节"))));
		mvc.perform(get("/admin/calendars/" + china()).param("year", "1900").session(admin)).andExpect(status().isUnprocessableContent());
		mvc.perform(get("/admin/calendars/" + (china() + 100_000)).session(admin)).andExpect(status().isNotFound());
	}

	@Test
	void theCalculatorShowsWhenWorkingTimeIsDue() throws Exception {
		MockHttpSession admin = login("admin", "closer");
		mvc.perform(get("/admin/calendars/" + china()).param("tryStart", "2026-02-13T17:00").param("tryHours", "2")
				.session(admin).header("Accept-Language", "en"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Due: 2026-02-14 10:00 Saturday")));
		mvc.perform(get("/admin/calendars/" + china()).param("tryStart", "2026-02-14T17:30").param("tryHours", "1")
				.session(admin).header("Accept-Language", "zh-CN"))
			.andExpect(content().string(containsString("到期：2026-02-24 09:30 周二")));
		mvc.perform(get("/admin/calendars/" + china()).param("tryStart", "yesterday").param("tryHours", "1")
				.session(admin).header("Accept-Language", "en"))
			.andExpect(status().isOk()).andExpect(content().string(containsString("id=\"try-error\"")));
	}

	@Test
	void createEditAndReplaceAYearRefusingBadInputWithoutChangingAnything() throws Exception {
		MockHttpSession admin = login("admin", "closer");
		long id = created(admin);
		String name = repository.find(id).orElseThrow().name();
		assertThat(repository.version(id).getAsLong()).isEqualTo(1);

		mvc.perform(edit(admin, id, name, "Asia/Shanghai", "09:00-12:00, 11:00-13:00"))
			.andExpect(status().isOk())
			.andExpect(content().string(allOf(containsString("Monday: the spans 09:00-12:00 and 11:00-13:00 overlap."),
					containsString("value=\"09:00-12:00, 11:00-13:00\""), containsString("is-invalid"))));
		mvc.perform(edit(admin, id, name, "Asia/Shanghai", "18:00-09:00"))
			.andExpect(content().string(containsString("Monday: the span 18:00-09:00 must end after it starts.")));
		mvc.perform(edit(admin, id, name, "Asia/Shanghai", "09:00-25:00"))
			.andExpect(content().string(containsString("Monday: 25:00 lies outside 00:00-24:00.")));
		mvc.perform(edit(admin, id, " ", "Asia/Shanghai", "09:00-18:00"))
			.andExpect(content().string(containsString("The calendar needs a name.")));
		mvc.perform(edit(admin, id, name, "Asia/Beijing", "09:00-18:00"))
			.andExpect(content().string(containsString("Unknown time zone &#39;Asia/Beijing&#39;.")));
		var noHours = post("/admin/calendars/" + id).session(admin).with(csrf()).header("Accept-Language", "en")
			.param("name", name).param("zone", "Asia/Shanghai");
		for (DayOfWeek d : DayOfWeek.values()) {
			noHours.param("hours_" + d, "");
		}
		mvc.perform(noHours).andExpect(content().string(containsString("The week has no working hours.")));
		mvc.perform(post("/admin/calendars").session(admin).with(csrf()).header("Accept-Language", "en")
				.param("name", "").param("zone", "Asia/Shanghai"))
			.andExpect(status().isOk()).andExpect(content().string(containsString("The calendar needs a name.")));
		assertThat(repository.version(id).getAsLong()).isEqualTo(1);

		mvc.perform(edit(admin, id, name + " 2", "Asia/Shanghai", "08:30-12:00, 13:00-17:30"))
			.andExpect(status().is3xxRedirection()).andExpect(flash().attribute("flash", "Saved as version 2."));
		assertThat(repository.find(id).orElseThrow().hours().text(DayOfWeek.MONDAY)).isEqualTo("08:30-12:00, 13:00-17:30");

		// a year by pasting: refused as a whole with the reason and the text kept, then accepted
		String bad = "2026-10-01,2026-10-07,HOLIDAY,国庆节\n2026-10-07,2026-10-08,HOLIDAY,overlap\n";
		mvc.perform(post("/admin/calendars/" + id + "/years/2026").session(admin).with(csrf())
				.header("Accept-Language", "en").param("csv", bad))
			.andExpect(status().isOk())
			.andExpect(content().string(allOf(containsString("Line 2 overlaps line 1 (both cover 2026-10-07)."),
					containsString("2026-10-07,2026-10-08,HOLIDAY,overlap"))));
		mvc.perform(post("/admin/calendars/" + id + "/years/2026").session(admin).with(csrf())
				.header("Accept-Language", "en").param("csv", "2026-10-01,2026-10-07,HOLIDAY,国庆节\n2026-10-10,2026-10-10,PARTY,x"))
			.andExpect(content().string(containsString("Line 2: unknown kind &#39;PARTY&#39;. Use HOLIDAY or WORKDAY.")));
		mvc.perform(post("/admin/calendars/" + id + "/years/2026").session(admin).with(csrf())
				.header("Accept-Language", "en").param("csv", "2025-10-01,2025-10-07,HOLIDAY,国庆节"))
			.andExpect(content().string(containsString("Line 1: 2025-10-01 to 2025-10-07 lies outside the year 2026.")));
		assertThat(repository.version(id).getAsLong()).isEqualTo(2);
		assertThat(repository.days(id)).isEmpty();

		mvc.perform(post("/admin/calendars/" + id + "/years/2026").session(admin).with(csrf())
				.header("Accept-Language", "en").param("version", "2")
				.param("csv", "# 国庆\n2026-10-01,2026-10-07,HOLIDAY,国庆节\n2026-10-10,2026-10-10,WORKDAY,国庆节调休上班\n"))
			.andExpect(status().is3xxRedirection())
			.andExpect(flash().attribute("flash", "Entries of 2026 saved as version 3."));
		assertThat(repository.days(id, 2026)).hasSize(8);
		mvc.perform(get("/admin/calendars/" + id).param("year", "2026").session(admin).header("Accept-Language", "en"))
			.andExpect(content().string(allOf(containsString("7 days"), containsString("国庆节调休上班"))));

		// a year by upload replaces the year again; a form from an old version is refused
		var file = new MockMultipartFile("file", "2027.csv", "text/csv",
				"\uFEFFfrom,to,kind,name\n2027-02-06,2027-02-13,HOLIDAY,春节\n".getBytes(StandardCharsets.UTF_8));
		mvc.perform(multipart("/admin/calendars/" + id + "/years/2027").file(file).param("version", "3").session(admin)
				.with(csrf()).header("Accept-Language", "en"))
			.andExpect(status().is3xxRedirection());
		assertThat(repository.days(id, 2027)).hasSize(8).allSatisfy(d -> assertThat(d.name()).isEqualTo("春节"));
		mvc.perform(multipart("/admin/calendars/" + id + "/years/2027").file(file).param("version", "3").session(admin)
				.with(csrf()).header("Accept-Language", "en"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("This calendar was changed meanwhile (now version 4).")));
		assertThat(repository.version(id).getAsLong()).isEqualTo(4);
	}

	@Test
	void nonAdminsCannotOpenOrChangeCalendars() throws Exception {
		LeadFixture fx = new LeadFixture(mvc, jdbc);
		long team = fx.team();
		long userId = fx.user(team, "MANAGER", "经理");
		String username = jdbc.sql("select username from app_user where id = :id").param("id", userId)
			.query(String.class).single();
		MockHttpSession manager = login(username, "secret-123");
		mvc.perform(get("/admin/calendars").session(manager)).andExpect(status().isForbidden());
		mvc.perform(get("/admin/calendars/" + china()).session(manager)).andExpect(status().isForbidden());
		long version = repository.version(china()).getAsLong();
		mvc.perform(post("/admin/calendars/" + china() + "/years/2026").session(manager).with(csrf()).param("csv", ""))
			.andExpect(status().isForbidden());
		mvc.perform(post("/admin/calendars").session(manager).with(csrf()).param("name", LeadFixture.unique("x")))
			.andExpect(status().isForbidden());
		assertThat(repository.version(china()).getAsLong()).isEqualTo(version);
		assertThat(repository.days(china(), 2026)).hasSize(39);
		mvc.perform(get("/").session(manager).header("Accept-Language", "en"))
			.andExpect(content().string(not(containsString("nav-calendars"))));
	}
}
