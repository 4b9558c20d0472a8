package dev.closer.leads.internal.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayInputStream;
import java.sql.Date;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;

import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

import com.jayway.jsonpath.JsonPath;

import dev.closer.leads.LeadFixture;
import dev.closer.support.IntegrationTest;

/**
 * SPEC S5: the lead-flow heatmap read from rollup rows inserted here. Months far from the demo's year, own teams
 * and reps, so rows other tests leave behind never count; every figure is pinned.
 */
@IntegrationTest
class LeadFlowTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	java.time.Clock clock;

	LeadFixture fx;

	/** Team 1 (the first region) with reps alpha and bravo and a manager; team 2 in a region of its own with rep charlie. */
	long team1;

	long team2;

	long region2;

	long alpha;

	long bravo;

	long charlie;

	long manager1;

	String team1Name;

	@BeforeEach
	void fixture() throws Exception {
		fx = new LeadFixture(mvc, jdbc);
		team1 = fx.team();
		team1Name = jdbc.sql("select name from team where id = :t").param("t", team1).query(String.class).single();
		String body = mvc.perform(post("/api/admin/regions").header("Authorization", fx.admin)
				.contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"%s\"}".formatted(LeadFixture.unique("region-"))))
			.andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
		region2 = ((Number) JsonPath.read(body, "$.id")).longValue();
		body = mvc.perform(post("/api/admin/teams").header("Authorization", fx.admin)
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"name\":\"%s\",\"regionId\":%d}".formatted(LeadFixture.unique("team-"), region2)))
			.andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
		team2 = ((Number) JsonPath.read(body, "$.id")).longValue();
		alpha = fx.user(team1, "REP", "Alpha");
		bravo = fx.user(team1, "REP", "Bravo");
		charlie = fx.user(team2, "REP", "Charlie");
		manager1 = fx.user(team1, "MANAGER", "Mike");
	}

	void row(String day, long rep, String grade, long team, int received, int responded, long seconds, int within2h,
			int reallocated) {
		jdbc.sql("""
				insert into lead_flow_daily ("day", rep_id, grade, team_id, received, responded, response_seconds,
				  responded_2h, reallocated)
				values (:day, :rep, :grade, :team, :received, :responded, :seconds, :within2h, :reallocated)""")
			.param("day", Date.valueOf(LocalDate.parse(day)))
			.param("rep", rep)
			.param("grade", grade)
			.param("team", team)
			.param("received", received)
			.param("responded", responded)
			.param("seconds", seconds)
			.param("within2h", within2h)
			.param("reallocated", reallocated)
			.update();
	}

	/** May 2030 for team 1 and team 2, plus rows just outside the month that must never count. */
	void may2030() {
		row("2030-05-03", alpha, "A", team1, 3, 2, 600 + 3000, 2, 1);
		row("2030-05-03", alpha, "B", team1, 1, 1, 9000, 0, 0);
		row("2030-05-20", alpha, "C", team1, 2, 0, 0, 0, 2);
		row("2030-05-03", bravo, "A", team1, 4, 4, 4 * 900, 4, 0);
		row("2030-05-10", charlie, "A", team2, 5, 5, 5 * 7200, 5, 1);
		row("2030-04-30", alpha, "A", team1, 7, 7, 700, 7, 0);
		row("2030-06-01", alpha, "A", team1, 9, 9, 900, 9, 0);
	}

	String json(String token, String query) throws Exception {
		return mvc.perform(get("/api/reports/lead-flow?" + query).header("Authorization", token))
			.andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
	}

	static Map<String, Object> rep(String json, long repId) {
		List<Map<String, Object>> rows = JsonPath.read(json, "$.rows[?(@.repId == " + repId + ")]");
		assertThat(rows).as("row of rep %d", repId).hasSize(1);
		return rows.get(0);
	}

	static List<Long> repIds(String json) {
		List<Number> ids = JsonPath.read(json, "$.rows[*].repId");
		return ids.stream().map(Number::longValue).toList();
	}

	static double number(Object value) {
		return ((Number) value).doubleValue();
	}

	// --- figures -----------------------------------------------------------------------------------------

	@Test
	void cellsRepsTeamsAndTheTotalArePinnedFromTheRollupRows() throws Exception {
		may2030();
		String json = json(fx.admin, "month=2030-05&teamId=" + team1);
		assertThat(JsonPath.<String>read(json, "$.month")).isEqualTo("2030-05");
		assertThat(JsonPath.<String>read(json, "$.granularity")).isEqualTo("day");
		assertThat(JsonPath.<List<Object>>read(json, "$.columns")).hasSize(31);
		assertThat(JsonPath.<String>read(json, "$.columns[2].key")).isEqualTo("2030-05-03");
		assertThat(JsonPath.<String>read(json, "$.columns[2].label")).isEqualTo("3");
		assertThat(repIds(json)).containsExactly(alpha, bravo);

		// alpha on 3 May: A and B together; 20 May: two C leads, none answered, both gone
		Map<String, Object> a = rep(json, alpha);
		assertThat(a.get("repName")).isEqualTo("Alpha");
		assertThat(((Number) a.get("teamId")).longValue()).isEqualTo(team1);
		List<Map<String, Object>> cells = JsonPath.read(json, "$.rows[?(@.repId == " + alpha + ")].cells[*]");
		assertThat(cells).hasSize(2);
		Map<String, Object> may3 = cells.get(0);
		assertThat(may3.get("column")).isEqualTo(2);
		assertThat(number(may3.get("received"))).isEqualTo(4);
		assertThat(number(may3.get("responded"))).isEqualTo(3);
		assertThat(number(may3.get("responseSeconds"))).isEqualTo(12_600);
		assertThat(number(may3.get("responded2h"))).isEqualTo(2);
		assertThat(number(may3.get("reallocated"))).isEqualTo(1);
		assertThat(number(may3.get("meanFirstResponseSeconds"))).isEqualTo(4200.0);
		assertThat(number(may3.get("answeredWithin2hRate"))).isEqualTo(0.5);
		assertThat(number(may3.get("reallocationRate"))).isEqualTo(0.25);
		Map<String, Object> may20 = cells.get(1);
		assertThat(may20.get("column")).isEqualTo(19);
		assertThat(number(may20.get("received"))).isEqualTo(2);
		assertThat(may20.get("meanFirstResponseSeconds")).as("nobody answered: no mean").isNull();
		assertThat(number(may20.get("answeredWithin2hRate"))).isEqualTo(0.0);
		assertThat(number(may20.get("reallocationRate"))).isEqualTo(1.0);
		@SuppressWarnings("unchecked")
		Map<String, Object> alphaTotal = (Map<String, Object>) a.get("total");
		assertThat(number(alphaTotal.get("received"))).isEqualTo(6);
		assertThat(number(alphaTotal.get("meanFirstResponseSeconds"))).isEqualTo(4200.0);
		// unanswered leads count as not answered within 2 h: 2 of 6
		assertThat(number(alphaTotal.get("answeredWithin2hRate"))).isEqualTo(0.3333);
		assertThat(number(alphaTotal.get("reallocationRate"))).isEqualTo(0.5);

		Map<String, Object> b = rep(json, bravo);
		assertThat(JsonPath.<List<Object>>read(json, "$.rows[?(@.repId == " + bravo + ")].cells[*]")).hasSize(1);
		assertThat(number(JsonPath.<List<Object>>read(json, "$.rows[?(@.repId == " + bravo + ")].cells[0].meanFirstResponseSeconds").get(0)))
			.isEqualTo(900.0);
		assertThat(b.get("teamName")).isEqualTo(team1Name);

		// the team: 10 received, 7 answered in 16,200 s (mean 2,314.3 s), 6 within 2 h, 3 re-allocated
		assertThat(JsonPath.<List<Object>>read(json, "$.teams")).hasSize(1);
		assertThat(((Number) JsonPath.read(json, "$.teams[0].teamId")).longValue()).isEqualTo(team1);
		assertThat(number(JsonPath.read(json, "$.teams[0].figures.received"))).isEqualTo(10);
		assertThat(number(JsonPath.read(json, "$.teams[0].figures.responded"))).isEqualTo(7);
		assertThat(number(JsonPath.read(json, "$.teams[0].figures.responseSeconds"))).isEqualTo(16_200);
		assertThat(number(JsonPath.read(json, "$.teams[0].figures.meanFirstResponseSeconds"))).isEqualTo(2314.3);
		assertThat(number(JsonPath.read(json, "$.teams[0].figures.answeredWithin2hRate"))).isEqualTo(0.6);
		assertThat(number(JsonPath.read(json, "$.teams[0].figures.reallocationRate"))).isEqualTo(0.3);
		assertThat(number(JsonPath.read(json, "$.total.received"))).isEqualTo(10);

		// grade A only: alpha's 3 May cell is the A row alone
		String gradeA = json(fx.admin, "month=2030-05&teamId=" + team1 + "&grade=a");
		assertThat(JsonPath.<String>read(gradeA, "$.filters.grade")).isEqualTo("A");
		assertThat(number(JsonPath.<List<Object>>read(gradeA, "$.rows[?(@.repId == " + alpha + ")].cells[0].received").get(0)))
			.isEqualTo(3);
		assertThat(JsonPath.<List<Object>>read(gradeA, "$.rows[?(@.repId == " + alpha + ")].cells[*]")).hasSize(1);
		assertThat(number(JsonPath.read(gradeA, "$.teams[0].figures.received"))).isEqualTo(7);
		assertThat(number(JsonPath.read(gradeA, "$.teams[0].figures.meanFirstResponseSeconds"))).isEqualTo(1200.0);
		assertThat(number(JsonPath.read(gradeA, "$.teams[0].figures.answeredWithin2hRate"))).isEqualTo(0.8571);
		assertThat(number(JsonPath.read(gradeA, "$.teams[0].figures.reallocationRate"))).isEqualTo(0.1429);

		// region 2 holds team 2 only: charlie's first responses took exactly 2 h, which counts as within 2 h
		String region = json(fx.admin, "month=2030-05&regionId=" + region2);
		assertThat(repIds(region)).containsExactly(charlie);
		assertThat(number(JsonPath.read(region, "$.teams[0].figures.meanFirstResponseSeconds"))).isEqualTo(7200.0);
		assertThat(number(JsonPath.read(region, "$.teams[0].figures.answeredWithin2hRate"))).isEqualTo(1.0);
		assertThat(number(JsonPath.read(region, "$.teams[0].figures.reallocationRate"))).isEqualTo(0.2);
		// a team and a region it is not in: nothing
		String neither = json(fx.admin, "month=2030-05&regionId=" + region2 + "&teamId=" + team1);
		assertThat(JsonPath.<List<Object>>read(neither, "$.rows")).isEmpty();

		// everything, as admin: both teams' reps are there with the same figures
		String all = json(fx.admin, "month=2030-05");
		assertThat(repIds(all)).contains(alpha, bravo, charlie);
		assertThat(number(((Map<?, ?>) rep(all, alpha).get("total")).get("received"))).isEqualTo(6);
	}

	@Test
	void weeksAreIsoWeeksCutAtTheMonthsEdges() throws Exception {
		// 1 May 2030 is a Wednesday (ISO week 18 began on 29 April); 31 May a Friday (week 22 ends on 2 June)
		row("2030-04-30", alpha, "A", team1, 100, 0, 0, 0, 0);
		row("2030-05-01", alpha, "A", team1, 1, 1, 60, 1, 0);
		row("2030-05-05", alpha, "B", team1, 2, 1, 180, 1, 1);
		row("2030-05-06", alpha, "A", team1, 4, 0, 0, 0, 0);
		row("2030-05-31", alpha, "C", team1, 8, 2, 20_000, 1, 0);
		row("2030-06-01", alpha, "A", team1, 100, 0, 0, 0, 0);
		String json = json(fx.admin, "month=2030-05&granularity=week&teamId=" + team1);
		assertThat(JsonPath.<String>read(json, "$.granularity")).isEqualTo("week");
		assertThat(JsonPath.<List<String>>read(json, "$.columns[*].key")).containsExactly("2030-W18", "2030-W19",
				"2030-W20", "2030-W21", "2030-W22");
		assertThat(JsonPath.<String>read(json, "$.columns[0].from")).isEqualTo("2030-05-01");
		assertThat(JsonPath.<String>read(json, "$.columns[0].to")).isEqualTo("2030-05-05");
		assertThat(JsonPath.<String>read(json, "$.columns[1].from")).isEqualTo("2030-05-06");
		assertThat(JsonPath.<String>read(json, "$.columns[4].from")).isEqualTo("2030-05-27");
		assertThat(JsonPath.<String>read(json, "$.columns[4].to")).isEqualTo("2030-05-31");
		List<Map<String, Object>> cells = JsonPath.read(json, "$.rows[0].cells[*]");
		assertThat(cells).extracting(c -> c.get("column")).containsExactly(0, 1, 4);
		assertThat(cells).extracting(c -> number(c.get("received"))).containsExactly(3.0, 4.0, 8.0);
		assertThat(number(cells.get(0).get("meanFirstResponseSeconds"))).isEqualTo(120.0);
		assertThat(number(cells.get(0).get("answeredWithin2hRate"))).isEqualTo(0.6667);
		assertThat(number(cells.get(0).get("reallocationRate"))).isEqualTo(0.3333);
		assertThat(number(cells.get(2).get("meanFirstResponseSeconds"))).isEqualTo(10_000.0);
		assertThat(number(JsonPath.read(json, "$.rows[0].total.received"))).as("30 April and 1 June left out").isEqualTo(15);

		// a year edge: 1 January 2027 is a Friday of ISO week 53 of 2026
		List<LeadFlowReport.Column> january = LeadFlowReports.columns(YearMonth.of(2027, 1), Granularity.WEEK);
		assertThat(january.get(0)).isEqualTo(new LeadFlowReport.Column("2026-W53", "W53", "2027-01-01", "2027-01-03"));
		assertThat(january.get(1).key()).isEqualTo("2027-W01");
		assertThat(january).hasSize(5);
		assertThat(january.get(4)).isEqualTo(new LeadFlowReport.Column("2027-W04", "W04", "2027-01-25", "2027-01-31"));
		// a month that starts on a Monday has no cut week at the start: February 2027 is exactly four weeks
		assertThat(LeadFlowReports.columns(YearMonth.of(2027, 2), Granularity.WEEK)).extracting(LeadFlowReport.Column::from)
			.containsExactly("2027-02-01", "2027-02-08", "2027-02-15", "2027-02-22");
	}

	@Test
	void anEmptyMonthHasItsColumnsAndNoRows() throws Exception {
		String json = json(fx.admin, "month=2031-02&teamId=" + team1);
		assertThat(JsonPath.<List<Object>>read(json, "$.columns")).hasSize(28);
		assertThat(JsonPath.<List<Object>>read(json, "$.rows")).isEmpty();
		assertThat(JsonPath.<List<Object>>read(json, "$.teams")).isEmpty();
		assertThat(number(JsonPath.read(json, "$.total.received"))).isZero();
		assertThat(JsonPath.<Object>read(json, "$.total.meanFirstResponseSeconds")).isNull();
		assertThat(JsonPath.<Object>read(json, "$.total.reallocationRate")).isNull();
	}

	// --- scope ---------------------------------------------------------------------------------------------

	@Test
	void eachRoleSeesItsScopeAndFiltersOutsideItAreNotFound() throws Exception {
		may2030();
		String alphaToken = fx.tokenOf(alpha);
		assertThat(repIds(json(alphaToken, "month=2030-05"))).as("a rep: own row only").containsExactly(alpha);
		assertThat(repIds(json(alphaToken, "month=2030-05&teamId=" + team1))).containsExactly(alpha);
		assertThat(repIds(json(fx.tokenOf(charlie), "month=2030-05"))).as("another team's rep").containsExactly(charlie);
		mvc.perform(get("/api/reports/lead-flow?month=2030-05&teamId=" + team1).header("Authorization", fx.tokenOf(charlie)))
			.andExpect(status().isNotFound());

		String manager = fx.tokenOf(manager1);
		String mine = json(manager, "month=2030-05");
		assertThat(repIds(mine)).as("a manager: the team").containsExactly(alpha, bravo);
		assertThat(number(JsonPath.read(mine, "$.total.received"))).isEqualTo(10);
		mvc.perform(get("/api/reports/lead-flow?month=2030-05&teamId=" + team2).header("Authorization", manager))
			.andExpect(status().isNotFound())
			.andExpect(jsonPath("$.code").value("error.notFound"));
		mvc.perform(get("/api/reports/lead-flow?month=2030-05&regionId=" + region2).header("Authorization", manager))
			.andExpect(status().isNotFound());

		// a director of the first region sees team 1, not team 2 in the other region
		long director = fx.user(team1, "DIRECTOR", "Diana");
		String directorJson = json(fx.tokenOf(director), "month=2030-05");
		assertThat(repIds(directorJson)).contains(alpha, bravo).doesNotContain(charlie);
		mvc.perform(get("/api/reports/lead-flow?month=2030-05&teamId=" + team2).header("Authorization", fx.tokenOf(director)))
			.andExpect(status().isNotFound());

		// the page's data endpoint keeps the same scope for a signed-in rep
		MockHttpSession session = login(alpha);
		String page = mvc.perform(get("/leads/flow/data").param("month", "2030-05").session(session))
			.andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
		assertThat(repIds(page)).containsExactly(alpha);
	}

	// --- validation ------------------------------------------------------------------------------------------

	@Test
	void badMonthGradeOrGranularityIsA400WithALocalisedMessage() throws Exception {
		mvc.perform(get("/api/reports/lead-flow?month=2026-13").header("Authorization", fx.admin)
				.header("Accept-Language", "en"))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.code").value("error.leadFlow.month"))
			.andExpect(jsonPath("$.detail").value("'2026-13' is not a month: use year and month, like 2026-11."))
			.andExpect(jsonPath("$.errors[0].field").value("month"));
		mvc.perform(get("/api/reports/lead-flow?month=November").header("Authorization", fx.admin)
				.header("Accept-Language", "zh-CN"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail").value("“November”不是有效的月份：请使用年-月格式，例如 2026-11。"));
		mvc.perform(get("/api/reports/lead-flow?month=2026-1").header("Authorization", fx.admin))
			.andExpect(status().isBadRequest());
		mvc.perform(get("/api/reports/lead-flow?month=2026-11&grade=D").header("Authorization", fx.admin)
				.header("Accept-Language", "en"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail").value("'D' is not a grade: use A, B or C."));
		mvc.perform(get("/api/reports/lead-flow?month=2026-11&granularity=month").header("Authorization", fx.admin)
				.header("Accept-Language", "en"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.code").value("error.leadFlow.granularity"));
		mvc.perform(get("/api/reports/lead-flow?teamId=x").header("Authorization", fx.admin))
			.andExpect(status().isBadRequest());
		mvc.perform(get("/api/reports/lead-flow?teamId=987654321").header("Authorization", fx.admin))
			.andExpect(status().isNotFound());
		mvc.perform(get("/api/reports/lead-flow?regionId=987654321").header("Authorization", fx.admin))
			.andExpect(status().isNotFound());
		mvc.perform(get("/api/reports/lead-flow")).andExpect(status().isUnauthorized());
		// no month: this month in the reporting zone
		String now = json(fx.admin, "teamId=" + team1);
		assertThat(JsonPath.<String>read(now, "$.month"))
			.isEqualTo(YearMonth.now(clock.withZone(java.time.ZoneId.of("Asia/Shanghai"))).toString());
		assertThat(JsonPath.<String>read(now, "$.zone")).isEqualTo("Asia/Shanghai");
		// the page answers a bad month with the same message, not a stack trace
		mvc.perform(get("/leads/flow").param("month", "2026-13").session(login(manager1)).header("Accept-Language", "en"))
			.andExpect(status().isBadRequest())
			.andExpect(content().string(containsString("is not a month")));
	}

	// --- export ----------------------------------------------------------------------------------------------

	@Test
	void theExportHasTheGridAndTheTeamSummary() throws Exception {
		may2030();
		var async = mvc.perform(get("/api/reports/lead-flow/export?month=2030-05&teamId=" + team1)
				.header("Authorization", fx.admin).header("Accept-Language", "en"))
			.andExpect(status().isOk()).andReturn();
		byte[] bytes = mvc.perform(asyncDispatch(async)).andExpect(status().isOk())
			.andExpect(content().contentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
			.andReturn().getResponse().getContentAsByteArray();
		try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(bytes))) {
			assertThat(workbook.getNumberOfSheets()).isEqualTo(2);
			Sheet grid = workbook.getSheetAt(0);
			assertThat(grid.getSheetName()).isEqualTo("Heatmap");
			Row header = grid.getRow(0);
			assertThat(header.getCell(0).getStringCellValue()).isEqualTo("Rep");
			assertThat(header.getCell(3).getStringCellValue()).isEqualTo("2030-05-01");
			assertThat(header.getCell(33).getStringCellValue()).isEqualTo("2030-05-31");
			assertThat(header.getCell(34).getStringCellValue()).isEqualTo("Month");
			assertThat(grid.getLastRowNum()).as("three lines per rep, two reps").isEqualTo(6);
			Row received = grid.getRow(1);
			Row response = grid.getRow(2);
			Row reallocation = grid.getRow(3);
			assertThat(received.getCell(0).getStringCellValue()).isEqualTo("Alpha");
			assertThat(received.getCell(1).getStringCellValue()).isEqualTo(team1Name);
			assertThat(received.getCell(2).getStringCellValue()).isEqualTo("Leads received");
			assertThat(received.getCell(5).getNumericCellValue()).isEqualTo(4.0);
			assertThat(received.getCell(22).getNumericCellValue()).isEqualTo(2.0);
			assertThat(received.getCell(34).getNumericCellValue()).isEqualTo(6.0);
			assertThat(received.getCell(4) == null || received.getCell(4).getCellType() == CellType.BLANK).isTrue();
			assertThat(response.getCell(2).getStringCellValue()).isEqualTo("Mean first response (min)");
			assertThat(response.getCell(5).getNumericCellValue()).isEqualTo(70.0);
			assertThat(response.getCell(22).getCellType()).as("nobody answered on 20 May").isEqualTo(CellType.BLANK);
			assertThat(reallocation.getCell(2).getStringCellValue()).isEqualTo("Re-allocation rate (%)");
			assertThat(reallocation.getCell(5).getNumericCellValue()).isEqualTo(25.0);
			assertThat(reallocation.getCell(22).getNumericCellValue()).isEqualTo(100.0);
			assertThat(grid.getRow(4).getCell(0).getStringCellValue()).isEqualTo("Bravo");

			Sheet teams = workbook.getSheetAt(1);
			assertThat(teams.getSheetName()).isEqualTo("Teams");
			assertThat(teams.getRow(0).getCell(4).getStringCellValue()).isEqualTo("Answered within 2 h (%)");
			Row team = teams.getRow(1);
			assertThat(team.getCell(0).getStringCellValue()).isEqualTo(team1Name);
			assertThat(team.getCell(2).getNumericCellValue()).isEqualTo(10.0);
			assertThat(team.getCell(3).getNumericCellValue()).isCloseTo(38.6, within(1e-9));
			assertThat(team.getCell(4).getNumericCellValue()).isEqualTo(60.0);
			assertThat(team.getCell(5).getNumericCellValue()).isEqualTo(30.0);
			assertThat(teams.getRow(2).getCell(0).getStringCellValue()).isEqualTo("All teams");
			assertThat(teams.getLastRowNum()).isEqualTo(2);
		}
		// weekly export from the page, as the manager
		var page = mvc.perform(get("/leads/flow/export").param("month", "2030-05").param("granularity", "week")
				.session(login(manager1)).header("Accept-Language", "zh-CN"))
			.andExpect(status().isOk()).andReturn();
		byte[] weekly = mvc.perform(asyncDispatch(page)).andExpect(status().isOk()).andReturn().getResponse()
			.getContentAsByteArray();
		try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(weekly))) {
			Row header = workbook.getSheetAt(0).getRow(0);
			assertThat(header.getCell(0).getStringCellValue()).isEqualTo("销售");
			assertThat(header.getCell(3).getStringCellValue()).isEqualTo("W18 05-01~05-05");
			assertThat(workbook.getSheetAt(0).getRow(1).getCell(3).getNumericCellValue()).isEqualTo(4.0);
		}
	}

	// --- page --------------------------------------------------------------------------------------------------

	@Test
	void thePageShowsFiltersChartHostAndTeamTableAndTheNavLinkIsForManagers() throws Exception {
		may2030();
		MockHttpSession manager = login(manager1);
		mvc.perform(get("/leads/flow").param("month", "2030-05").param("metric", "response").session(manager)
				.header("Accept-Language", "en"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("id=\"flow-chart\"")))
			.andExpect(content().string(containsString("/leads/flow/data?month=2030-05")))
			.andExpect(content().string(containsString("data-metric=\"response\"")))
			.andExpect(content().string(containsString("/js/lead-flow.js")))
			.andExpect(content().string(containsString("not answered yet counts as not answered within 2 h")))
			.andExpect(content().string(containsString(team1Name)))
			.andExpect(content().string(containsString("39 min")))
			.andExpect(content().string(containsString("60.0%")))
			.andExpect(content().string(containsString("30.0%")))
			.andExpect(content().string(containsString("id=\"nav-flow\"")))
			.andExpect(content().string(not(containsString("<script>"))));
		MockHttpSession rep = login(alpha);
		mvc.perform(get("/leads/flow").param("month", "2030-05").session(rep).header("Accept-Language", "zh-CN"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("线索流转热力图")))
			.andExpect(content().string(not(containsString("id=\"nav-flow\""))));
		mvc.perform(get("/leads/flow").param("month", "2030-05").param("teamId", String.valueOf(team2)).session(manager))
			.andExpect(status().isNotFound());
	}

	// --- demo ---------------------------------------------------------------------------------------------------

	@Test
	void theDemoYearHasRollupRowsThatTellTheSeedsStory() {
		// days before yesterday only: other tests add leads (and rollup rows) to the demo teams today
		var demoTeams = "(select id from team where name in ('上海一组', '杭州组', '深圳组', '广州组', '北京组', '天津组'))";
		LocalDate today = LocalDate.now(java.time.ZoneId.of("Asia/Shanghai"));
		String history = " from lead_flow_daily where team_id in " + demoTeams + " and \"day\" >= :from and \"day\" < :to";
		Map<String, Object> year = Map.of("from", Date.valueOf(today.minusDays(366)), "to", Date.valueOf(today.minusDays(1)));
		long received = jdbc.sql("select coalesce(sum(received), 0)" + history).params(year).query(Long.class).single();
		long reallocated = jdbc.sql("select coalesce(sum(reallocated), 0)" + history).params(year).query(Long.class).single();
		// 1,960 history leads over the year, a re-allocated one received twice (by the colleague who lost it and the owner)
		assertThat(received).isBetween(1_800L, 2_300L);
		assertThat(reallocated).isPositive().isLessThan(received / 5);
		assertThat(jdbc.sql("select count(*) from lead_flow_daily where responded > received or responded_2h > responded"
				+ " or reallocated > received").query(Long.class).single()).isZero();
		// since adoption (the last six months) grade A is answered in well under an hour; a year ago, in hours
		double recentA = meanSeconds(demoTeams, "A", today.minusMonths(6), today.minusDays(1));
		double yearAgo = meanSeconds(demoTeams, null, today.minusDays(365), today.minusDays(310));
		assertThat(recentA).isBetween(5 * 60.0, 60 * 60.0);
		assertThat(yearAgo).isGreaterThan(3 * 3600.0);
	}

	double meanSeconds(String teams, String grade, LocalDate from, LocalDate to) {
		var sums = jdbc.sql("select sum(response_seconds), sum(responded) from lead_flow_daily where team_id in " + teams
				+ " and \"day\" >= :from and \"day\" < :to" + (grade == null ? "" : " and grade = :grade"))
			.param("from", Date.valueOf(from)).param("to", Date.valueOf(to))
			.params(grade == null ? Map.of() : Map.of("grade", grade))
			.query((rs, n) -> new long[] { rs.getLong(1), rs.getLong(2) }).single();
		assertThat(sums[1]).as("answered demo leads between %s and %s", from, to).isPositive();
		return (double) sums[0] / sums[1];
	}

	MockHttpSession login(long userId) throws Exception {
		String username = jdbc.sql("select username from app_user where id = :id").param("id", userId)
			.query(String.class).single();
		MockHttpSession session = new MockHttpSession();
		mvc.perform(post("/login").session(session).with(csrf()).param("username", username)
				.param("password", "secret-123"))
			.andExpect(status().is3xxRedirection());
		return session;
	}
}
