package dev.closer.shared.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.hasItem;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import com.jayway.jsonpath.JsonPath;

import dev.closer.leads.LeadFixture;
import dev.closer.shared.problem.NotFoundException;
import dev.closer.support.Api;
import dev.closer.support.IntegrationTest;

/** The calendar API (SPEC P7) and {@link BusinessCalendars} on the real database. */
@IntegrationTest
class CalendarApiTests {

	static final String CHINA = "中国大陆工作日 / Mainland China working days";

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	BusinessCalendars calendars;

	@Autowired
	CalendarRepository repository;

	String admin;

	@BeforeEach
	void token() throws Exception {
		admin = Api.token(mvc, "admin");
	}

	static Instant sh(String local) {
		return LocalDateTime.parse(local).atZone(ChinaCalendar.SHANGHAI).toInstant();
	}

	long china() {
		return jdbc.sql("select id from business_calendar where name = :n").param("n", CHINA).query(Long.class).single();
	}

	long create(String body) throws Exception {
		String json = mvc.perform(post("/api/admin/calendars").header("Authorization", admin)
				.contentType(MediaType.APPLICATION_JSON).content(body))
			.andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
		return ((Number) JsonPath.read(json, "$.id")).longValue();
	}

	long create() throws Exception {
		return create("{\"name\":\"" + LeadFixture.unique("cal-") + "\"}");
	}

	long version(long id) {
		return repository.version(id).orElseThrow();
	}

	ResultActions putYear(long id, int year, String body, String language) throws Exception {
		return mvc.perform(put("/api/admin/calendars/" + id + "/years/" + year).header("Authorization", admin)
			.header("Accept-Language", language).contentType(MediaType.APPLICATION_JSON).content(body));
	}

	ResultActions putCalendar(long id, String body) throws Exception {
		return mvc.perform(put("/api/admin/calendars/" + id).header("Authorization", admin)
			.header("Accept-Language", "en").contentType(MediaType.APPLICATION_JSON).content(body));
	}

	@Test
	void theShippedChinaCalendarHasThe2026HolidaysAndMakeUpDays() throws Exception {
		long id = china();
		mvc.perform(get("/api/admin/calendars").header("Authorization", admin))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$[*].name", hasItem(CHINA)));
		mvc.perform(get("/api/admin/calendars/" + id).header("Authorization", admin))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.zone").value("Asia/Shanghai"))
			.andExpect(jsonPath("$.weeklyHours.MONDAY[0].start").value("09:00"))
			.andExpect(jsonPath("$.weeklyHours.MONDAY[1].end").value("18:00"))
			.andExpect(jsonPath("$.weeklyHours.SATURDAY.length()").value(0));
		String year = mvc.perform(get("/api/admin/calendars/" + id + "/years/2026").header("Authorization", admin))
			.andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
		List<String> lines = JsonPath.<List<java.util.Map<String, String>>>read(year, "$").stream()
			.map(e -> e.get("from") + "," + e.get("to") + "," + e.get("kind") + "," + e.get("name")).toList();
		assertThat(lines).containsExactly("2026-01-01,2026-01-03,HOLIDAY,元旦", "2026-01-04,2026-01-04,WORKDAY,元旦调休上班",
				"2026-02-14,2026-02-14,WORKDAY,春节调休上班", "2026-02-15,2026-02-23,HOLIDAY,春节",
				"2026-02-28,2026-02-28,WORKDAY,春节调休上班", "2026-04-04,2026-04-06,HOLIDAY,清明节",
				"2026-05-01,2026-05-05,HOLIDAY,劳动节", "2026-05-09,2026-05-09,WORKDAY,劳动节调休上班",
				"2026-06-19,2026-06-21,HOLIDAY,端午节", "2026-09-20,2026-09-20,WORKDAY,国庆节调休上班",
				"2026-09-25,2026-09-27,HOLIDAY,中秋节", "2026-10-01,2026-10-07,HOLIDAY,国庆节",
				"2026-10-10,2026-10-10,WORKDAY,国庆节调休上班");
		// the stored calendar is the one the unit tests pin
		SlaTime time = calendars.forCalendar(id);
		assertThat(time.calendarId()).isEqualTo(id);
		assertThat(time.version()).isPositive();
		assertThat(time.plus(sh("2026-02-13T17:00"), Duration.ofHours(2))).isEqualTo(sh("2026-02-14T10:00"));
		assertThat(time.plus(sh("2026-02-14T17:30"), Duration.ofHours(1))).isEqualTo(sh("2026-02-24T09:30"));
		assertThat(time.between(sh("2026-09-18T09:00"), sh("2026-10-12T09:00"))).isEqualTo(Duration.ofHours(96));
		assertThat(calendars.of(id)).isSameAs(time);
		assertThat(calendars.of(null)).isSameAs(SlaTime.WALL);
		assertThat(calendars.calendars()).contains(new BusinessCalendars.CalendarSummary(id, CHINA, "Asia/Shanghai"));
	}

	@Test
	void anUnknownCalendarIsNotFound() throws Exception {
		long missing = jdbc.sql("select coalesce(max(id), 0) + 1000 from business_calendar").query(Long.class).single();
		assertThatThrownBy(() -> calendars.forCalendar(missing)).isInstanceOf(NotFoundException.class);
		assertThatThrownBy(() -> calendars.of(missing)).isInstanceOf(NotFoundException.class);
		mvc.perform(get("/api/admin/calendars/" + missing).header("Authorization", admin)).andExpect(status().isNotFound());
		putYear(missing, 2026, "[]", "en").andExpect(status().isNotFound());
	}

	@Test
	void changesAreVersionedAuditedAndTakeEffectAtOnce() throws Exception {
		String name = LeadFixture.unique("cal-");
		String created = mvc.perform(post("/api/admin/calendars").header("Authorization", admin)
				.header("Idempotency-Key", name).contentType(MediaType.APPLICATION_JSON)
				.content("{\"name\":\"" + name + "\"}"))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.version").value(1))
			.andExpect(jsonPath("$.zone").value("Asia/Shanghai"))
			.andExpect(jsonPath("$.weeklyHours.FRIDAY[1].start").value("13:00"))
			.andReturn().getResponse().getContentAsString();
		long id = ((Number) JsonPath.read(created, "$.id")).longValue();
		// the same create again with the same key is replayed, not repeated
		mvc.perform(post("/api/admin/calendars").header("Authorization", admin).header("Idempotency-Key", name)
				.contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"" + name + "\"}"))
			.andExpect(status().isCreated()).andExpect(header().string("Idempotent-Replayed", "true"))
			.andExpect(jsonPath("$.id").value(id));

		SlaTime v1 = calendars.forCalendar(id);
		assertThat(v1.plus(sh("2026-02-13T17:00"), Duration.ofHours(2))).isEqualTo(sh("2026-02-16T10:00"));

		putYear(id, 2026, """
				[{"from":"2026-02-14","to":"2026-02-14","kind":"WORKDAY","name":"调休"},
				 {"from":"2026-02-16","to":"2026-02-20","kind":"holiday","name":"春节"}]""", "en")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.length()").value(2))
			.andExpect(jsonPath("$[1].kind").value("HOLIDAY"))
			.andExpect(jsonPath("$[1].to").value("2026-02-20"));
		SlaTime v2 = calendars.forCalendar(id);
		assertThat(v2.version()).isEqualTo(2);
		assertThat(v2.plus(sh("2026-02-13T17:00"), Duration.ofHours(2))).isEqualTo(sh("2026-02-14T10:00"));
		assertThat(v2.plus(sh("2026-02-14T17:30"), Duration.ofHours(1))).isEqualTo(sh("2026-02-23T09:30"));
		// a snapshot handed out earlier is immutable
		assertThat(v1.plus(sh("2026-02-13T17:00"), Duration.ofHours(2))).isEqualTo(sh("2026-02-16T10:00"));

		putCalendar(id, """
				{"zone":"Europe/Berlin","weeklyHours":{"MONDAY":[{"start":"08:00","end":"24:00"}],
				 "tuesday":[{"start":"08:00","end":"12:00"}]}}""")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.version").value(3))
			.andExpect(jsonPath("$.name").value(name))
			.andExpect(jsonPath("$.zone").value("Europe/Berlin"))
			.andExpect(jsonPath("$.weeklyHours.MONDAY[0].end").value("24:00"))
			.andExpect(jsonPath("$.weeklyHours.WEDNESDAY.length()").value(0));
		SlaTime v3 = calendars.forCalendar(id);
		assertThat(v3.version()).isEqualTo(3);
		assertThat(v3.between(Instant.parse("2026-03-02T00:00:00Z"), Instant.parse("2026-03-09T00:00:00Z")))
			.isEqualTo(Duration.ofHours(16 + 4));

		// saving what is stored changes nothing
		putCalendar(id, "{\"zone\":\"Europe/Berlin\"}").andExpect(status().isOk()).andExpect(jsonPath("$.version").value(3));
		putYear(id, 2026, """
				[{"from":"2026-02-16","to":"2026-02-20","kind":"HOLIDAY","name":"春节"},
				 {"from":"2026-02-14","to":"2026-02-14","kind":"WORKDAY","name":"调休"}]""", "en")
			.andExpect(status().isOk());
		assertThat(version(id)).isEqualTo(3);
		// a change based on an old version is refused
		putCalendar(id, "{\"name\":\"x-" + name + "\",\"version\":2}").andExpect(status().isConflict())
			.andExpect(jsonPath("$.code").value("error.calendar.stale"))
			.andExpect(jsonPath("$.detail").value("This calendar was changed meanwhile (now version 3). Reload it and try again."));
		// CSV works as well as JSON
		mvc.perform(put("/api/admin/calendars/" + id + "/years/2027").header("Authorization", admin)
				.contentType("text/csv").content("from,to,kind,name\n2027-01-01,2027-01-01,HOLIDAY,元旦\n"))
			.andExpect(status().isOk()).andExpect(jsonPath("$[0].name").value("元旦"));
		assertThat(version(id)).isEqualTo(4);

		List<String> actions = jdbc.sql("""
				select action from audit_log where entity_type = 'business_calendar' and entity_id = :id order by id""")
			.param("id", String.valueOf(id)).query(String.class).list();
		assertThat(actions).containsExactly("create", "replace_year", "update", "replace_year");
		String after = jdbc.sql("""
				select after_value from audit_log where entity_type = 'business_calendar' and entity_id = :id
				and action = 'update'""").param("id", String.valueOf(id)).query(String.class).single();
		assertThat(after).contains("Europe/Berlin").contains("\"version\":3");
	}

	@Test
	void invalidChangesAreRefusedWithALocalisedReasonAndChangeNothing() throws Exception {
		long id = create();
		putYear(id, 2026, "[{\"from\":\"2026-02-15\",\"to\":\"2026-02-23\",\"kind\":\"HOLIDAY\",\"name\":\"春节\"}]", "en")
			.andExpect(status().isOk());
		long version = version(id);
		List<CalendarEntries.Day> days = repository.days(id);
		String definition = jdbc.sql("select name || zone || weekly_hours from business_calendar where id = :id")
			.param("id", id).query(String.class).single();

		putYear(id, 2026, """
				[{"from":"2026-03-01","to":"2026-03-03","kind":"HOLIDAY","name":"a"},
				 {"from":"2026-03-03","to":"2026-03-04","kind":"WORKDAY","name":"b"}]""", "en")
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.code").value("error.calendar.entry.overlap"))
			.andExpect(jsonPath("$.detail").value("Line 2 overlaps line 1 (both cover 2026-03-03)."))
			.andExpect(jsonPath("$.errors[0].field").value("entries[1]"));
		putYear(id, 2026, """
				[{"from":"2026-03-01","to":"2026-03-03","kind":"HOLIDAY","name":"a"},
				 {"from":"2026-03-03","to":"2026-03-04","kind":"WORKDAY","name":"b"}]""", "zh-CN")
			.andExpect(jsonPath("$.detail").value("第 2 行与第 1 行重叠（都包含 2026-03-03）。"));
		putYear(id, 2026, "[{\"from\":\"2027-01-01\",\"to\":\"2027-01-02\",\"kind\":\"HOLIDAY\",\"name\":\"x\"}]", "en")
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.detail").value("Line 1: 2027-01-01 to 2027-01-02 lies outside the year 2026."));
		putYear(id, 2026, "[{\"from\":\"2026-05-05\",\"to\":\"2026-05-01\",\"kind\":\"HOLIDAY\",\"name\":\"x\"}]", "en")
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.detail").value("Line 1: the start 2026-05-05 is after the end 2026-05-01."));
		putYear(id, 2026, "[{\"from\":\"2026-05-01\",\"to\":\"2026-05-01\",\"kind\":\"DAYOFF\",\"name\":\"x\"}]", "en")
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.detail").value("Line 1: unknown kind 'DAYOFF'. Use HOLIDAY or WORKDAY."));
		putYear(id, 2026, "[{\"from\":\"2026-5-1\",\"to\":\"2026-05-01\",\"kind\":\"HOLIDAY\"}]", "en")
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.code").value("error.calendar.entry.date"));
		putYear(id, 1900, "[]", "en").andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.detail").value("The year must lie between 1970 and 2200."));

		putCalendar(id, "{\"zone\":\"Mars/Olympus_Mons\"}").andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.detail").value("Unknown time zone 'Mars/Olympus_Mons'. Use an IANA zone such as Asia/Shanghai."))
			.andExpect(jsonPath("$.errors[0].field").value("zone"));
		putCalendar(id, "{\"zone\":\"+08:00\"}").andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.code").value("error.calendar.zone"));
		putCalendar(id, """
				{"weeklyHours":{"MONDAY":[{"start":"09:00","end":"12:00"},{"start":"11:30","end":"13:00"}]}}""")
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.detail").value("Monday: the spans 09:00-12:00 and 11:30-13:00 overlap."))
			.andExpect(jsonPath("$.errors[0].field").value("weeklyHours.MONDAY"));
		mvc.perform(put("/api/admin/calendars/" + id).header("Authorization", admin).header("Accept-Language", "zh-CN")
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"weeklyHours\":{\"TUESDAY\":[{\"start\":\"18:00\",\"end\":\"09:00\"}]}}"))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.detail").value("周二：时段 18:00-09:00 的结束时间必须晚于开始时间。"));
		putCalendar(id, "{\"weeklyHours\":{\"TUESDAY\":[{\"start\":\"09:00\",\"end\":\"09:00\"}]}}")
			.andExpect(status().isUnprocessableContent()).andExpect(jsonPath("$.code").value("error.calendar.spanOrder"));
		putCalendar(id, "{\"weeklyHours\":{\"FRIDAY\":[{\"start\":\"20:00\",\"end\":\"24:30\"}]}}")
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.detail").value("Friday: 24:30 lies outside 00:00-24:00."));
		putCalendar(id, "{\"weeklyHours\":{\"SATURDAY\":[],\"SUNDAY\":[]}}")
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.detail").value("The week has no working hours. Give at least one day some hours."));
		putCalendar(id, "{\"weeklyHours\":{\"SOMEDAY\":[]}}").andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.code").value("error.calendar.weekday"));
		putCalendar(id, "{\"name\":\"   \"}").andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.detail").value("The calendar needs a name."))
			.andExpect(jsonPath("$.errors[0].field").value("name"));
		putCalendar(id, "{\"name\":\"" + CHINA + "\"}").andExpect(status().isConflict())
			.andExpect(jsonPath("$.code").value("error.calendar.nameTaken"));
		mvc.perform(post("/api/admin/calendars").header("Authorization", admin).header("Accept-Language", "en")
				.contentType(MediaType.APPLICATION_JSON).content("{\"zone\":\"Asia/Shanghai\"}"))
			.andExpect(status().isUnprocessableContent()).andExpect(jsonPath("$.code").value("error.calendar.nameBlank"));
		mvc.perform(post("/api/admin/calendars").header("Authorization", admin).header("Accept-Language", "en")
				.contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"" + CHINA + "\"}"))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.detail").value("There is already a calendar named '" + CHINA + "'."));

		assertThat(version(id)).isEqualTo(version);
		assertThat(repository.days(id)).isEqualTo(days);
		assertThat(jdbc.sql("select name || zone || weekly_hours from business_calendar where id = :id").param("id", id)
			.query(String.class).single()).isEqualTo(definition);
		assertThat(calendars.forCalendar(id).version()).isEqualTo(version);
	}

	@Test
	void onlyAdminsMayReadOrChangeCalendars() throws Exception {
		LeadFixture fx = new LeadFixture(mvc, jdbc);
		long team = fx.team();
		String manager = fx.tokenOf(fx.user(team, "MANAGER", "经理"));
		String director = fx.tokenOf(fx.user(team, "DIRECTOR", "总监"));
		long id = create();
		long version = version(id);
		for (String token : List.of(manager, director)) {
			mvc.perform(get("/api/admin/calendars").header("Authorization", token)).andExpect(status().isForbidden());
			mvc.perform(get("/api/admin/calendars/" + id + "/years/2026").header("Authorization", token))
				.andExpect(status().isForbidden());
			mvc.perform(put("/api/admin/calendars/" + id + "/years/2026").header("Authorization", token)
					.contentType(MediaType.APPLICATION_JSON)
					.content("[{\"from\":\"2026-03-02\",\"to\":\"2026-03-02\",\"kind\":\"HOLIDAY\",\"name\":\"x\"}]"))
				.andExpect(status().isForbidden());
			mvc.perform(put("/api/admin/calendars/" + id).header("Authorization", token)
					.contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"taken over\"}"))
				.andExpect(status().isForbidden());
			mvc.perform(post("/api/admin/calendars").header("Authorization", token)
					.contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"" + LeadFixture.unique("x") + "\"}"))
				.andExpect(status().isForbidden()).andExpect(jsonPath("$.code").value("error.forbidden"));
		}
		mvc.perform(get("/api/admin/calendars")).andExpect(status().isUnauthorized());
		assertThat(version(id)).isEqualTo(version);
		assertThat(repository.days(id)).isEmpty();
	}

	@Test
	void anotherNodeSeesAChangeWithinThirtySeconds() throws Exception {
		long id = create();
		AtomicLong nanos = new AtomicLong(0);
		CalendarRegistry otherNode = new CalendarRegistry(repository, nanos::get);
		SlaTime before = otherNode.forCalendar(id);
		assertThat(before.version()).isEqualTo(1);
		putYear(id, 2026, "[{\"from\":\"2026-03-02\",\"to\":\"2026-03-02\",\"kind\":\"HOLIDAY\",\"name\":\"x\"}]", "en")
			.andExpect(status().isOk());
		// this node evicted on commit; the other still uses its copy without asking the database
		assertThat(calendars.forCalendar(id).version()).isEqualTo(2);
		nanos.addAndGet(Duration.ofSeconds(29).toNanos());
		assertThat(otherNode.forCalendar(id)).isSameAs(before);
		nanos.addAndGet(Duration.ofSeconds(1).toNanos());
		SlaTime after = otherNode.forCalendar(id);
		assertThat(after.version()).isEqualTo(2);
		assertThat(after.plus(sh("2026-02-27T17:00"), Duration.ofHours(2))).isEqualTo(sh("2026-03-03T10:00"));
		// unchanged at the next check: the same compiled calendar is kept
		nanos.addAndGet(Duration.ofSeconds(31).toNanos());
		assertThat(otherNode.forCalendar(id)).isSameAs(after);
	}
}
