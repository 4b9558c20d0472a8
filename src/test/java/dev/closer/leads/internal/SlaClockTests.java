package dev.closer.leads.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/** SPEC S1-S4 with moved time: the default ladders, recycling, red/yellow, stop and restart rules. */
class SlaClockTests extends SlaTestSupport {

	@Test
	void gradeALadderFiresEachDefaultStepOnceAtItsMomentThenRecyclesAt24Hours() throws Exception {
		long team = fixture.team();
		long rep = fixture.user(team, "REP", "张伟");
		long manager = fixture.user(team, "MANAGER", "周敏");
		long lead = leadA(team);
		assertThat(owner(lead)).isEqualTo(rep);
		assertThat(jdbc.sql("select grade from lead where id = :id").param("id", lead).query(String.class).single())
			.isEqualTo("A");

		at(Duration.ofMinutes(30).minusSeconds(1));
		ticker.fireDue();
		assertThat(notifications(rep, "lead.sla.remind")).isZero();

		at(Duration.ofMinutes(30));
		ticker.fireDue();
		ticker.fireDue();
		assertThat(notifications(rep, "lead.sla.remind")).isEqualTo(1);
		assertThat(events(lead, "STEP")).isEqualTo(1);

		at(Duration.ofHours(2));
		ticker.fireDue();
		assertThat(notifications(rep, "lead.sla.popup")).isEqualTo(1);
		assertThat(jdbc.sql("select count(*) from notification where recipient_id = :u and popup = true and read_at is null")
			.param("u", rep).query(Long.class).single()).isEqualTo(1);
		assertThat(notifications(manager, "lead.sla.escalated")).isZero();

		at(Duration.ofHours(4));
		ticker.fireDue();
		assertThat(notifications(manager, "lead.sla.escalated")).isEqualTo(1);
		assertThat(jdbc.sql("""
				select count(*) from notification_delivery where recipient_id = :u and channel = 'EMAIL'
				and category = 'lead.sla.escalated'""").param("u", manager).query(Long.class).single()).isEqualTo(1);
		assertThat(events(lead, "STEP")).isEqualTo(3);

		at(Duration.ofHours(24).minusSeconds(1));
		ticker.fireDue();
		assertThat(leadStatus(lead)).isEqualTo("ASSIGNED");

		at(Duration.ofHours(24));
		ticker.fireDue();
		ticker.fireDue();
		assertThat(leadStatus(lead)).isEqualTo("POOL");
		assertThat(owner(lead)).isNull();
		assertThat(jdbc.sql("select rescreen from lead where id = :id").param("id", lead).query(Boolean.class).single())
			.isTrue();
		assertThat(jdbc.sql("select release_reason from lead where id = :id").param("id", lead).query(String.class)
			.single()).contains("待重筛原因");
		assertThat(events(lead, "RECYCLE")).isEqualTo(1);
		assertThat(jdbc.sql("select owner_id from lead_sla_event where lead_id = :l and kind = 'RECYCLE'")
			.param("l", lead).query(Long.class).single()).as("counted against the owner").isEqualTo(rep);
		assertThat(notifications(rep, "lead.sla.recycled")).isEqualTo(1);
		assertThat(notifications(manager, "lead.sla.recycled")).isEqualTo(1);
		assertThat(jdbc.sql("select reallocated from lead_flow_daily where rep_id = :r").param("r", rep)
			.query(Integer.class).single()).isEqualTo(1);
		assertThat(jdbc.sql("select next_due_at from lead_sla_clock where lead_id = :l").param("l", lead)
			.query(java.sql.Timestamp.class).optional()).isEmpty();

		at(Duration.ofDays(10));
		ticker.fireDue();
		assertThat(jdbc.sql("select count(*) from lead_sla_event where lead_id = :l").param("l", lead)
			.query(Long.class).single()).as("nothing fires after the cycle ended").isEqualTo(4);
	}

	@Test
	void actionsStopTheStepsTheyNameAndValidActionsPushRecyclingBack() throws Exception {
		long team = fixture.team();
		long rep = fixture.user(team, "REP", "李娜");
		long manager = fixture.user(team, "MANAGER", "吴杰");
		String repToken = fixture.tokenOf(rep);
		long lead = leadA(team);

		at(Duration.ofMinutes(10));
		act(lead, repToken, "CALL_UNANSWERED"); // a call attempt is not an answered call
		at(Duration.ofMinutes(30));
		ticker.fireDue();
		assertThat(notifications(rep, "lead.sla.remind")).isEqualTo(1);

		at(Duration.ofHours(1));
		act(lead, repToken, "WECHAT"); // a reply: the pop-up step stops; a valid action: recycling counts from here
		at(Duration.ofHours(2));
		ticker.fireDue();
		assertThat(notifications(rep, "lead.sla.popup")).isZero();

		at(Duration.ofHours(4));
		ticker.fireDue();
		assertThat(notifications(manager, "lead.sla.escalated")).as("no status update yet").isEqualTo(1);

		at(Duration.ofHours(24));
		ticker.fireDue();
		assertThat(leadStatus(lead)).isEqualTo("ASSIGNED");
		at(Duration.ofHours(25));
		ticker.fireDue();
		assertThat(leadStatus(lead)).isEqualTo("POOL");

		// first response booked on the assignment day: 10 minutes, within 2 hours
		var row = jdbc.sql("select received, responded, response_seconds, responded_2h from lead_flow_daily where rep_id = :r")
			.param("r", rep).query((rs, n) -> new int[] { rs.getInt(1), rs.getInt(2), rs.getInt(3), rs.getInt(4) })
			.single();
		assertThat(row).containsExactly(1, 1, 600, 1);
	}

	@Test
	void answeredCallStopsTheFirstTwoStepsAndStatusUpdateTheThird() throws Exception {
		long team = fixture.team();
		long rep = fixture.user(team, "REP", "王芳");
		long manager = fixture.user(team, "MANAGER", "郑丽");
		String repToken = fixture.tokenOf(rep);
		long lead = leadA(team);
		at(Duration.ofMinutes(5));
		act(lead, repToken, "CALL_ANSWERED");
		act(lead, repToken, "STATUS_UPDATE");
		at(Duration.ofHours(5));
		ticker.fireDue();
		assertThat(notifications(rep, "lead.sla.remind")).isZero();
		assertThat(notifications(rep, "lead.sla.popup")).isZero();
		assertThat(notifications(manager, "lead.sla.escalated")).isZero();
		assertThat(events(lead, "STEP")).isZero();
	}

	@Test
	void reassignmentRestartsTheClockForTheNewOwner() throws Exception {
		long team = fixture.team();
		long rep1 = fixture.user(team, "REP", "刘洋");
		long manager = fixture.user(team, "MANAGER", "王强");
		long lead = leadA(team);
		assertThat(owner(lead)).isEqualTo(rep1);
		long rep2 = fixture.user(team, "REP", "陈晨");

		at(Duration.ofMinutes(20));
		mvc.perform(post("/api/leads/" + lead + "/reassign").header("Authorization", fixture.tokenOf(manager))
				.contentType(MediaType.APPLICATION_JSON).content("{\"ownerId\":" + rep2 + ",\"reason\":\"休假\"}"))
			.andExpect(status().isOk());
		at(Duration.ofMinutes(30));
		ticker.fireDue();
		assertThat(notifications(rep1, "lead.sla.remind")).isZero();
		assertThat(notifications(rep2, "lead.sla.remind")).isZero();
		at(Duration.ofMinutes(50));
		ticker.fireDue();
		assertThat(notifications(rep2, "lead.sla.remind")).isEqualTo(1);
		assertThat(notifications(rep1, "lead.sla.remind")).isZero();
		assertThat(jdbc.sql("select cycle from lead_sla_clock where lead_id = :l").param("l", lead).query(Integer.class)
			.single()).isEqualTo(2);
		assertThat(jdbc.sql("select reallocated from lead_flow_daily where rep_id = :r").param("r", rep1)
			.query(Integer.class).single()).isEqualTo(1);
		assertThat(jdbc.sql("select received from lead_flow_daily where rep_id = :r").param("r", rep2)
			.query(Integer.class).single()).isEqualTo(1);
	}

	@Test
	void yellowThenRedWithManagerToldAndABlockerHoldsRedOff() throws Exception {
		long team = fixture.team();
		long rep = fixture.user(team, "REP", "赵磊");
		long manager = fixture.user(team, "MANAGER", "冯雪");
		slaPolicy(team, """
				{"ladders":{},"recycleAfter":null,"recycleKinds":[],"yellowAfter":"48h","redAfter":"72h"}""");
		String repToken = fixture.tokenOf(rep);
		long lead = leadC(team);
		long blocked = leadC(team);

		at(Duration.ofHours(1));
		mvc.perform(put("/api/leads/" + blocked + "/blocker").header("Authorization", repToken)
				.contentType(MediaType.APPLICATION_JSON).content("{\"reason\":\"客户出差至下月\"}"))
			.andExpect(status().isOk()).andExpect(jsonPath("$.blocker").value("客户出差至下月"));

		at(Duration.ofHours(48));
		ticker.fireDue();
		mvc.perform(get("/api/leads/" + lead + "/sla").header("Authorization", repToken))
			.andExpect(status().isOk()).andExpect(jsonPath("$.heat").value("YELLOW"));
		assertThat(notifications(manager, "lead.sla.red")).isZero();

		at(Duration.ofHours(72));
		ticker.fireDue();
		mvc.perform(get("/api/leads/" + lead + "/sla").header("Authorization", repToken))
			.andExpect(jsonPath("$.heat").value("RED"));
		mvc.perform(get("/api/leads/" + blocked + "/sla").header("Authorization", repToken))
			.andExpect(jsonPath("$.heat").value("YELLOW"));
		assertThat(notifications(manager, "lead.sla.red")).isEqualTo(1);
		assertThat(events(blocked, "RED")).isZero();

		// the list shows the colour
		mvc.perform(get("/api/leads").param("teamId", String.valueOf(team)).header("Authorization", repToken))
			.andExpect(jsonPath("$.items[?(@.id == " + lead + ")].heat").value("RED"));
		mvc.perform(get("/api/leads").param("teamId", String.valueOf(team)).param("heat", "red")
				.header("Authorization", repToken))
			.andExpect(jsonPath("$.total").value(1)).andExpect(jsonPath("$.items[0].id").value(lead));
		mvc.perform(get("/api/leads").param("teamId", String.valueOf(team)).param("heat", "YELLOW")
				.header("Authorization", repToken))
			.andExpect(jsonPath("$.total").value(1)).andExpect(jsonPath("$.items[0].id").value(blocked));
		mvc.perform(get("/api/leads").param("heat", "PURPLE").header("Authorization", repToken))
			.andExpect(status().isUnprocessableContent());

		// an update clears it; 72 h after that it turns red again, and the manager is told again
		act(lead, repToken, "NOTE");
		mvc.perform(get("/api/leads/" + lead + "/sla").header("Authorization", repToken))
			.andExpect(jsonPath("$.heat").value("NONE"));
		at(Duration.ofHours(144));
		ticker.fireDue();
		assertThat(notifications(manager, "lead.sla.red")).isEqualTo(2);
	}

	@Test
	void aRunningClockKeepsItsPolicyVersionAndNewAssignmentsUseTheNewOne() throws Exception {
		long team = fixture.team();
		long rep = fixture.user(team, "REP", "孙浩");
		long first = leadA(team);
		slaPolicy(team, """
				{"ladders":{"A":[{"after":"10m","without":["CALL_ANSWERED"],"action":"REMIND_OWNER"}]},
				 "recycleAfter":"24h","recycleKinds":["CALL_ANSWERED","WECHAT","VISIT"],"yellowAfter":"48h","redAfter":"72h"}""");
		long second = leadA(team);
		at(Duration.ofMinutes(10));
		ticker.fireDue();
		assertThat(events(first, "STEP")).isZero();
		assertThat(events(second, "STEP")).isEqualTo(1);
		assertThat(jdbc.sql("select policy_version from lead_sla_event where lead_id = :l").param("l", second)
			.query(Integer.class).single()).isEqualTo(2);
		at(Duration.ofMinutes(30));
		ticker.fireDue();
		assertThat(jdbc.sql("select policy_version from lead_sla_event where lead_id = :l").param("l", first)
			.query(Integer.class).single()).isEqualTo(1);
		assertThat(notifications(rep, "lead.sla.remind")).isEqualTo(2);
	}
}
