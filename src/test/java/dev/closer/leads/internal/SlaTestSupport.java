package dev.closer.leads.internal;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

import com.jayway.jsonpath.JsonPath;

import dev.closer.leads.LeadFixture;
import dev.closer.support.MutableClock;

/**
 * The application with a clock the SLA tests move (one shared context for all of them). The ticker's
 * background task is off in tests: they call {@link SlaTicker#fireDue()} at the moments they choose.
 */
@SpringBootTest
@AutoConfigureMockMvc
@Import(SlaTestSupport.Clocks.class)
abstract class SlaTestSupport {

	@TestConfiguration(proxyBeanMethods = false)
	static class Clocks {

		@Bean
		@Primary
		MutableClock slaTestClock() {
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
	SlaTicker ticker;

	LeadFixture fixture;

	Instant t0;

	@BeforeEach
	void setUpSla() throws Exception {
		// each test starts a fresh stretch of time, days after anything an earlier test left due
		Instant base = Instant.now().plus(Duration.ofDays(3650));
		clock.set((clock.instant().isAfter(base) ? clock.instant() : base).plus(Duration.ofDays(3))
			.truncatedTo(ChronoUnit.SECONDS));
		parkOtherClocks(jdbc);
		t0 = clock.instant();
		fixture = new LeadFixture(mvc, jdbc);
	}

	/**
	 * Moving time years ahead would make every clock in the database due, including the demo's and other
	 * test classes' (on a shared PostgreSQL database): their reminders and pop-ups would land on users that
	 * other tests drive. So the clocks that exist before a test are parked (nothing due) first.
	 */
	static void parkOtherClocks(JdbcClient jdbc) {
		jdbc.sql("update lead_sla_clock set next_due_at = null where next_due_at is not null").update();
	}

	void at(Duration sinceStart) {
		clock.set(t0.plus(sinceStart));
	}

	/** A grade-A lead (budget confirmed with an amount, decision chain known, first contact due in an hour). */
	long leadA(long team) throws Exception {
		return lead(team, """
				{"teamId":%d,"contactName":"王先生","phone":"%s","company":"%s","budget":100000,"budgetConfirmed":true,
				 "decisionChainKnown":true,"firstContactDueAt":"%s","sourceChannel":"web"}"""
			.formatted(team, LeadFixture.phone(), LeadFixture.unique("公司"), clock.instant().plus(Duration.ofHours(1))));
	}

	long leadC(long team) throws Exception {
		return lead(team, LeadFixture.lead(team, LeadFixture.phone()));
	}

	long lead(long team, String json) throws Exception {
		String body = mvc.perform(post("/api/leads").header("Authorization", fixture.admin)
				.contentType(MediaType.APPLICATION_JSON).content(json))
			.andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
		return ((Number) JsonPath.read(body, "$.lead.id")).longValue();
	}

	void act(long lead, String token, String type) throws Exception {
		mvc.perform(post("/api/leads/" + lead + "/actions").header("Authorization", token)
				.contentType(MediaType.APPLICATION_JSON).content("{\"type\":\"" + type + "\",\"note\":\"test\"}"))
			.andExpect(status().isCreated());
	}

	void slaPolicy(long team, String policyJson) throws Exception {
		mvc.perform(put("/api/teams/" + team + "/sla-policy").header("Authorization", fixture.admin)
				.contentType(MediaType.APPLICATION_JSON).content("{\"policy\":" + policyJson + ",\"comment\":\"test\"}"))
			.andExpect(status().isOk());
	}

	long notifications(long user, String category) {
		return jdbc.sql("select count(*) from notification where recipient_id = :u and category = :c")
			.param("u", user).param("c", category).query(Long.class).single();
	}

	long events(long lead, String kind) {
		return jdbc.sql("select count(*) from lead_sla_event where lead_id = :l and kind = :k")
			.param("l", lead).param("k", kind).query(Long.class).single();
	}

	String leadStatus(long lead) {
		return jdbc.sql("select status from lead where id = :id").param("id", lead).query(String.class).single();
	}

	Long owner(long lead) {
		return jdbc.sql("select owner_id from lead where id = :id").param("id", lead).query(Long.class).optional()
			.orElse(null);
	}
}
