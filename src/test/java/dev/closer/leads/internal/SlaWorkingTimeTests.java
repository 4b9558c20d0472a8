package dev.closer.leads.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.closer.shared.calendar.BusinessCalendars;

/**
 * SPEC P7 in the clocks: a team counting SLA time in China working hours (09:00–12:00, 13:00–18:00,
 * Asia/Shanghai) across the 2026 Spring Festival make-up Saturday (Feb 14 is a working day).
 */
class SlaWorkingTimeTests extends SlaTestSupport {

	@Autowired
	BusinessCalendars calendars;

	long china() {
		return calendars.calendars().stream().filter(c -> c.name().contains("中国大陆")).findFirst().orElseThrow().id();
	}

	long teamOnChinaTime() throws Exception {
		long team = fixture.team();
		slaPolicy(team, """
				{"ladders":{"C":[{"after":"2h","without":["WECHAT"],"action":"REMIND_OWNER"}]},
				 "recycleAfter":"8h","recycleKinds":["WECHAT"],"yellowAfter":"16h","redAfter":"24h","calendarId":%d}"""
			.formatted(china()));
		return team;
	}

	@Test
	void stepsAndRecyclingCountWorkingHoursAcrossTheMakeUpSaturday() throws Exception {
		long team = teamOnChinaTime();
		long rep = fixture.user(team, "REP", "钱宇");
		clock.set(Instant.parse("2026-02-13T09:00:00Z")); // Friday 17:00 in Shanghai: one working hour left
		long lead = leadC(team);
		assertThat(owner(lead)).isEqualTo(rep);

		// 1 h on Friday + 1 h on the make-up Saturday → Saturday 10:00 Shanghai
		clock.set(Instant.parse("2026-02-14T01:59:59Z"));
		ticker.fireDue();
		assertThat(notifications(rep, "lead.sla.remind")).isZero();
		clock.set(Instant.parse("2026-02-14T02:00:00Z"));
		ticker.fireDue();
		assertThat(notifications(rep, "lead.sla.remind")).isEqualTo(1);
		assertThat(jdbc.sql("select calendar_id from lead_sla_event where lead_id = :l").param("l", lead)
			.query(Long.class).single()).isEqualTo(china());

		// 8 working hours: Fri 17–18, Sat 09–12 and 13–17 → Saturday 17:00 Shanghai
		clock.set(Instant.parse("2026-02-14T08:59:59Z"));
		ticker.fireDue();
		assertThat(leadStatus(lead)).isEqualTo("ASSIGNED");
		clock.set(Instant.parse("2026-02-14T09:00:00Z"));
		ticker.fireDue();
		assertThat(leadStatus(lead)).isEqualTo("POOL");
	}

	@Test
	void nothingFallsDueDuringTheSpringFestivalBreak() throws Exception {
		long team = teamOnChinaTime();
		long rep = fixture.user(team, "REP", "孙浩");
		clock.set(Instant.parse("2026-02-14T09:30:00Z")); // Saturday 17:30: half an hour before the break
		long lead = leadC(team);
		// 0.5 h on Saturday, Feb 15–23 off, then 1.5 h on Tuesday Feb 24 → 10:30 Shanghai
		clock.set(Instant.parse("2026-02-23T23:00:00Z"));
		ticker.fireDue();
		assertThat(notifications(rep, "lead.sla.remind")).isZero();
		clock.set(Instant.parse("2026-02-24T02:30:00Z"));
		ticker.fireDue();
		assertThat(notifications(rep, "lead.sla.remind")).isEqualTo(1);
		assertThat(owner(lead)).isEqualTo(rep);
	}

	@Test
	void aCalendarEditMovesRunningClocksBothWays() throws Exception {
		String created = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
			.post("/api/admin/calendars").header("Authorization", fixture.admin)
			.contentType(org.springframework.http.MediaType.APPLICATION_JSON)
			.content("{\"name\":\"" + dev.closer.leads.LeadFixture.unique("cal-") + "\"}"))
			.andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.status().isCreated())
			.andReturn().getResponse().getContentAsString();
		long calendar = ((Number) com.jayway.jsonpath.JsonPath.read(created, "$.id")).longValue();
		String spring = "{\"from\":\"2026-02-15\",\"to\":\"2026-02-23\",\"kind\":\"HOLIDAY\",\"name\":\"春节\"}";
		String makeUp = "{\"from\":\"2026-02-14\",\"to\":\"2026-02-14\",\"kind\":\"WORKDAY\",\"name\":\"调休\"}";
		year(calendar, "[" + spring + "]");
		long team = fixture.team();
		long rep = fixture.user(team, "REP", "赵六");
		slaPolicy(team, """
				{"ladders":{"C":[{"after":"2h","without":["WECHAT"],"action":"REMIND_OWNER"}]},
				 "recycleAfter":"8h","recycleKinds":["WECHAT"],"yellowAfter":"16h","redAfter":"24h","calendarId":%d}"""
			.formatted(calendar));
		clock.set(Instant.parse("2026-02-13T09:00:00Z")); // Friday 17:00 Shanghai
		long lead = leadC(team);
		// without the make-up Saturday: 1 h Friday, then nothing until Tuesday Feb 24 → 10:00 Shanghai
		assertThat(due(lead)).isEqualTo(Instant.parse("2026-02-24T02:00:00Z"));

		// the make-up Saturday is added: the step falls due on Saturday 10:00 and fires then
		clock.set(Instant.parse("2026-02-14T01:00:00Z"));
		year(calendar, "[" + makeUp + "," + spring + "]");
		ticker.fireDue();
		assertThat(due(lead)).isEqualTo(Instant.parse("2026-02-14T02:00:00Z"));
		clock.set(Instant.parse("2026-02-14T02:00:00Z"));
		ticker.fireDue();
		assertThat(notifications(rep, "lead.sla.remind")).isEqualTo(1);

		// and taken away again: recycling (8 h: Fri 17–18, Tue 09–12, 13–17) moves from Saturday 17:00 to Tuesday 17:00
		year(calendar, "[" + spring + "]");
		ticker.fireDue();
		assertThat(due(lead)).isEqualTo(Instant.parse("2026-02-24T09:00:00Z"));
	}

	java.time.Instant due(long lead) {
		return jdbc.sql("select next_due_at from lead_sla_clock where lead_id = :l").param("l", lead)
			.query(java.sql.Timestamp.class).single().toInstant();
	}

	void year(long calendar, String entries) throws Exception {
		mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
			.put("/api/admin/calendars/" + calendar + "/years/2026").header("Authorization", fixture.admin)
			.contentType(org.springframework.http.MediaType.APPLICATION_JSON).content(entries))
			.andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.status().isOk());
	}
}
