package dev.closer.leads.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/**
 * Issue #4 meets #5: a follow-up on an assigned lead ({@code POST /api/activities}) is an SLA action of the
 * matching kind (S1-S4), and converting the lead to a customer stops its clock. Time is moved as in
 * {@link SlaClockTests}: default grade-A ladder 30 min remind (no answered call), 2 h pop-up (no reply),
 * 4 h manager e-mail (no status update), 24 h recycling (no valid action).
 */
class FollowUpSlaTests extends SlaTestSupport {

	@Test
	void aCallFollowUpWithAnOutputIsAnAnsweredCallAndStopsTheFirstTwoSteps() throws Exception {
		long team = fixture.team();
		long rep = fixture.user(team, "REP", "张伟");
		long manager = fixture.user(team, "MANAGER", "周敏");
		String token = fixture.tokenOf(rep);
		long lead = leadA(team);
		assertThat(owner(lead)).isEqualTo(rep);

		at(Duration.ofMinutes(10));
		followUp(lead, token, "CALL", "客户同意下周演示");
		at(Duration.ofHours(2));
		ticker.fireDue();
		assertThat(notifications(rep, "lead.sla.remind")).isZero();
		assertThat(notifications(rep, "lead.sla.popup")).isZero();
		at(Duration.ofHours(4));
		ticker.fireDue();
		assertThat(notifications(manager, "lead.sla.escalated")).as("a follow-up is no status update").isEqualTo(1);
		assertThat(events(lead, "STEP")).isEqualTo(1);
		// a valid action (answered call): recycling counts from 00:10
		at(Duration.ofHours(24).plusMinutes(9));
		ticker.fireDue();
		assertThat(leadStatus(lead)).isEqualTo("ASSIGNED");
		at(Duration.ofHours(24).plusMinutes(10));
		ticker.fireDue();
		assertThat(leadStatus(lead)).isEqualTo("POOL");
		var first = jdbc.sql("select first_response_at, assigned_at from lead_sla_clock where lead_id = :l")
			.param("l", lead).query((rs, n) -> Duration.between(rs.getTimestamp("assigned_at").toInstant(),
					rs.getTimestamp("first_response_at").toInstant()))
			.single();
		assertThat(first).isEqualTo(Duration.ofMinutes(10));
	}

	@Test
	void aCallWithoutAnOutputIsUnansweredAndAWechatFollowUpIsAReply() throws Exception {
		long team = fixture.team();
		long rep = fixture.user(team, "REP", "李娜");
		fixture.user(team, "MANAGER", "吴杰");
		String token = fixture.tokenOf(rep);
		long lead = leadA(team);

		at(Duration.ofMinutes(10));
		followUp(lead, token, "CALL", null);
		at(Duration.ofMinutes(30));
		ticker.fireDue();
		assertThat(notifications(rep, "lead.sla.remind")).as("an unanswered call does not stop the 30 min step")
			.isEqualTo(1);
		at(Duration.ofHours(1));
		followUp(lead, token, "WECHAT", "已加微信");
		at(Duration.ofHours(2));
		ticker.fireDue();
		assertThat(notifications(rep, "lead.sla.popup")).isZero();
		assertThat(jdbc.sql("select kind from lead_action where lead_id = :l order by id").param("l", lead)
			.query(String.class).list()).containsExactly("CALL_UNANSWERED", "WECHAT");
	}

	@Test
	void aMeetingCountsAsAVisitAndConversionStopsTheClockForGood() throws Exception {
		long team = fixture.team();
		long rep = fixture.user(team, "REP", "王芳");
		long manager = fixture.user(team, "MANAGER", "郑丽");
		String token = fixture.tokenOf(rep);
		long lead = leadA(team);

		at(Duration.ofMinutes(20));
		followUp(lead, token, "MEETING", "现场会议");
		at(Duration.ofMinutes(40));
		mvc.perform(post("/api/leads/" + lead + "/convert").header("Authorization", token)
				.contentType(MediaType.APPLICATION_JSON).content("{}"))
			.andExpect(status().isCreated());
		at(Duration.ofDays(3));
		ticker.fireDue();
		assertThat(events(lead, "STEP")).isZero();
		assertThat(events(lead, "RECYCLE")).isZero();
		assertThat(notifications(manager, "lead.sla.escalated")).isZero();
		assertThat(leadStatus(lead)).isEqualTo("CONVERTED");
		assertThat(jdbc.sql("select running from lead_sla_clock where lead_id = :l").param("l", lead)
			.query(Boolean.class).single()).isFalse();
		assertThat(jdbc.sql("select kind from lead_action where lead_id = :l").param("l", lead).query(String.class)
			.single()).isEqualTo("VISIT");
	}

	private void followUp(long lead, String token, String channel, String output) throws Exception {
		mvc.perform(post("/api/activities").header("Authorization", token).contentType(MediaType.APPLICATION_JSON)
				.content("{\"leadId\":%d,\"channel\":\"%s\",\"action\":\"跟进\"%s}".formatted(lead, channel,
						output == null ? "" : ",\"output\":\"" + output + "\"")))
			.andExpect(status().isCreated());
	}
}
