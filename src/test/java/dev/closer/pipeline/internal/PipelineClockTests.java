package dev.closer.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

import dev.closer.customers.CustomerFixture;
import dev.closer.pipeline.PipelineFixture;
import dev.closer.support.MutableClock;

/**
 * Time-dependent pipeline rules against hand-computed fixtures (SPEC O4, S3): dwell per stage, the weekly
 * process-health top 10 and red/yellow with the manager notified once per red spell. The clock starts each test on
 * a Monday 00:00 (Asia/Shanghai, the fixture users' zone) after today.
 */
@SpringBootTest
@AutoConfigureMockMvc
@Import(PipelineClockTests.Clocks.class)
class PipelineClockTests {

	static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

	@TestConfiguration(proxyBeanMethods = false)
	static class Clocks {

		@Bean
		@Primary
		MutableClock pipelineTestClock() {
			return new MutableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
		}
	}

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	MutableClock clock;

	@Autowired
	HealthTicker ticker;

	PipelineFixture fx;

	CustomerFixture.Team team;

	Instant t0;

	@BeforeEach
	void setUp() throws Exception {
		t0 = clock.setToNextMonday(ZONE);
		fx = new PipelineFixture(mvc, jdbc);
		team = fx.team();
	}

	void at(Duration sinceStart) {
		clock.set(t0.plus(sinceStart));
	}

	@Test
	void dwellPerStageMatchesTheHandComputedStays() throws Exception {
		long id = fx.opportunity(team, null);
		at(Duration.ofDays(3).plusHours(4));
		fx.post(team.managerToken(), "/api/opportunities/" + id + "/override", "{\"reason\":\"test\"}");
		at(Duration.ofDays(13).plusHours(4));
		fx.post(team.repToken(), "/api/opportunities/" + id + "/back", "{\"to\":\"QUALIFY\",\"reason\":\"重新评估\"}");
		at(Duration.ofDays(25).plusHours(4));
		// QUALIFY: 3 d 4 h + 12 d (still running) = 15 d 4 h = 1,310,400 s > 14 d → overdue; NEEDS: 10 d, not overdue
		mvc.perform(get("/api/opportunities/" + id + "/dwell").header("Authorization", team.repToken()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$[0].stageCode").value("QUALIFY"))
			.andExpect(jsonPath("$[0].seconds").value(1_310_400))
			.andExpect(jsonPath("$[0].days").value(15.2))
			.andExpect(jsonPath("$[0].stays").value(2))
			.andExpect(jsonPath("$[0].current").value(true))
			.andExpect(jsonPath("$[0].overdue").value(true))
			.andExpect(jsonPath("$[1].stageCode").value("NEEDS"))
			.andExpect(jsonPath("$[1].seconds").value(864_000))
			.andExpect(jsonPath("$[1].days").value(10.0))
			.andExpect(jsonPath("$[1].overdue").value(false))
			.andExpect(jsonPath("$[2].stays").value(0))
			.andExpect(jsonPath("$[2].seconds").value(0));
		MockHttpSession rep = fx.customers.login(team.rep());
		mvc.perform(get("/opportunities/" + id).session(rep)).andExpect(status().isOk())
			.andExpect(content().string(containsString(">15.2<")));
	}

	@Test
	void theWeeklyTopTenMatchesTheHandComputedFixture() throws Exception {
		long a = fx.opportunity(team, "\"name\":\"A\"");
		long b = fx.opportunity(team, "\"name\":\"B\"");
		long c = fx.opportunity(team, "\"name\":\"C\"");
		long d = fx.opportunity(team, "\"name\":\"D\"");
		fx.post(team.managerToken(), "/api/opportunities/" + a + "/override", "{\"reason\":\"t\"}");
		at(Duration.ofHours(1));
		fx.upload(team.repToken(), a, "NEEDS_DOC", "needs.pdf", PipelineFixture.PDF)
			.andExpect(status().isCreated());
		at(Duration.ofHours(2));
		fx.post(team.managerToken(), "/api/opportunities/" + c + "/override", "{\"reason\":\"t\"}");
		fx.post(team.managerToken(), "/api/opportunities/" + c + "/override", "{\"reason\":\"t\"}");
		at(Duration.ofDays(1));
		fx.post(team.managerToken(), "/api/opportunities/" + b + "/override", "{\"reason\":\"t\"}");
		at(Duration.ofDays(25));
		// now (T0 + 25 d): A NEEDS since T0 (4 d over 21), B NEEDS since T0+1 d (3 d over), C SOLUTION since T0+2 h
		// (4 d − 2 h over), D QUALIFY since T0 (11 d over 14). Deliverables: A 1/1, C 0/1 (longer in stage), B 0/1.
		mvc.perform(get("/api/pipeline/process-health").param("teamId", String.valueOf(team.id()))
			.header("Authorization", team.managerToken()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.asOf").value(t0.plus(Duration.ofDays(25)).toString()))
			.andExpect(jsonPath("$.mostComplete[*].id", contains((int) a, (int) c, (int) b)))
			.andExpect(jsonPath("$.mostComplete[*].ratio", contains(1.0, 0.0, 0.0)))
			.andExpect(jsonPath("$.longestOverdue[*].id", contains((int) d, (int) a, (int) c, (int) b)))
			.andExpect(jsonPath("$.longestOverdue[*].overdueSeconds", contains(950_400, 345_600, 338_400, 259_200)))
			.andExpect(jsonPath("$.longestOverdue[*].overdueDays", contains(11.0, 4.0, 3.9, 3.0)));
		// the first week (as of its end, T0 + 7 d): nobody overdue yet; A's file was there
		mvc.perform(get("/api/pipeline/process-health").param("teamId", String.valueOf(team.id()))
			.param("week", LocalDate.ofInstant(t0, ZONE).plusDays(3).toString())
			.header("Authorization", team.managerToken()))
			.andExpect(jsonPath("$.asOf").value(t0.plus(Duration.ofDays(7)).toString()))
			.andExpect(jsonPath("$.mostComplete[*].id", contains((int) a, (int) c, (int) b)))
			.andExpect(jsonPath("$.longestOverdue", empty()));
		// another team's rep sees none of it
		CustomerFixture.Team other = fx.team();
		mvc.perform(get("/api/pipeline/process-health").param("teamId", String.valueOf(team.id()))
			.header("Authorization", other.repToken()))
			.andExpect(jsonPath("$.mostComplete", empty())).andExpect(jsonPath("$.longestOverdue", empty()));
	}

	@Test
	void redAfter72HoursWithoutUpdateAndBlockerYellowAt48ManagerNotifiedOncePerSpell() throws Exception {
		long id = fx.opportunity(team, null);
		long blocked = fx.opportunity(team, "\"name\":\"blocked\"");
		fx.patchFields(team.repToken(), blocked, "{\"blocker\":\"等待预算\"}");
		MockHttpSession rep = fx.customers.login(team.rep());
		at(Duration.ofHours(48).minusSeconds(1));
		mvc.perform(get("/opportunities/" + id).session(rep))
			.andExpect(content().string(not(containsString("opp-light-"))));
		at(Duration.ofHours(48));
		mvc.perform(get("/opportunities/" + id).session(rep)).andExpect(content().string(containsString("opp-light-yellow")));
		at(Duration.ofHours(72).minusSeconds(1));
		ticker.notifyRed();
		assertThat(notices(id)).isZero();
		at(Duration.ofHours(72));
		mvc.perform(get("/opportunities/" + id).session(rep)).andExpect(content().string(containsString("opp-light-red")));
		ticker.notifyRed();
		ticker.notifyRed();
		assertThat(notices(id)).isOne();
		at(Duration.ofHours(200));
		ticker.notifyRed();
		assertThat(notices(blocked)).as("a blocker reason keeps it from red").isZero();
		mvc.perform(get("/opportunities/" + blocked).session(rep))
			.andExpect(content().string(not(containsString("opp-light-"))));
		// an update starts a new spell: red again 72 h later, notified again
		fx.patchFields(team.repToken(), id, "{\"productLines\":\"CT\"}");
		mvc.perform(get("/opportunities/" + id).session(rep))
			.andExpect(content().string(not(containsString("opp-light-"))));
		at(Duration.ofHours(200 + 72));
		ticker.notifyRed();
		assertThat(notices(id)).isEqualTo(2);
		// a follow-up on the customer is an update too: the light clears, red again 72 h after it
		long customer = jdbc.sql("select customer_id from opportunity where id = :id").param("id", id)
			.query(Long.class).single();
		mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post("/api/activities")
				.header("Authorization", team.repToken()).contentType(org.springframework.http.MediaType.APPLICATION_JSON)
				.content("{\"customerId\":" + customer + ",\"channel\":\"CALL\",\"action\":\"电话跟进预算\",\"output\":\"下周答复\"}"))
			.andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.status().isCreated());
		mvc.perform(get("/opportunities/" + id).session(rep))
			.andExpect(content().string(not(containsString("opp-light-"))));
		at(Duration.ofHours(200 + 72 + 72).minusSeconds(1));
		ticker.notifyRed();
		assertThat(notices(id)).isEqualTo(2);
		at(Duration.ofHours(200 + 72 + 72));
		ticker.notifyRed();
		assertThat(notices(id)).isEqualTo(3);
	}

	long notices(long opportunity) {
		return jdbc.sql("""
				select count(*) from notification where recipient_id = :m and category = 'opportunity.red' and link = :link""")
			.param("m", team.manager()).param("link", "/opportunities/" + opportunity).query(Long.class).single();
	}
}
