package dev.closer.leads.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The step actions that are not in the default ladders: IM, director escalation, reassignment, release. */
class SlaStepActionTests extends SlaTestSupport {

	@Test
	void imAndDirectorEscalationThenReassignmentToAnotherRepWhoseClockStartsAfresh() throws Exception {
		long region = jdbc.sql("select min(id) from region").query(Long.class).single();
		long team = fixture.team();
		long rep1 = fixture.user(team, "REP", "甲");
		long manager = fixture.user(team, "MANAGER", "乙");
		long director = fixture.user(team, "DIRECTOR", "丙");
		jdbc.sql("update app_user set team_id = :t where id = :d").param("t", team).param("d", director).update();
		slaPolicy(team, """
				{"ladders":{"C":[
				  {"after":"10m","without":["WECHAT"],"action":"IM_MANAGER"},
				  {"after":"20m","without":["WECHAT"],"action":"ESCALATE_DIRECTOR"},
				  {"after":"30m","without":["WECHAT"],"action":"REASSIGN"}]},
				 "recycleAfter":"24h","recycleKinds":["WECHAT"],"yellowAfter":"48h","redAfter":"72h"}""");
		long lead = leadC(team);
		assertThat(owner(lead)).isEqualTo(rep1);
		long rep2 = fixture.user(team, "REP", "丁");

		at(Duration.ofMinutes(10));
		ticker.fireDue();
		assertThat(notifications(manager, "lead.sla.escalated")).isEqualTo(1);
		assertThat(jdbc.sql("select count(*) from notification_delivery where recipient_id = :u and channel = 'IM'")
			.param("u", manager).query(Long.class).single()).as("an IM delivery (skipped: no team robot)").isEqualTo(1);

		at(Duration.ofMinutes(20));
		ticker.fireDue();
		long directors = jdbc.sql("""
				select count(*) from notification n join app_user u on u.id = n.recipient_id
				join user_role r on r.user_id = u.id and r.role = 'DIRECTOR'
				join team t on t.id = u.team_id where n.category = 'lead.sla.escalated' and n.link = :link
				and t.region_id = :region""").param("link", "/leads/" + lead).param("region", region)
			.query(Long.class).single();
		assertThat(directors).isGreaterThanOrEqualTo(1);

		at(Duration.ofMinutes(30));
		ticker.fireDue();
		assertThat(owner(lead)).as("the reclaim cooldown keeps it from the first owner").isEqualTo(rep2);
		assertThat(leadStatus(lead)).isEqualTo("ASSIGNED");
		assertThat(notifications(rep1, "lead.sla.reassigned")).isEqualTo(1);
		assertThat(jdbc.sql("select cycle from lead_sla_clock where lead_id = :l").param("l", lead).query(Integer.class)
			.single()).isEqualTo(2);
		assertThat(jdbc.sql("select reallocated from lead_flow_daily where rep_id = :r").param("r", rep1)
			.query(Integer.class).single()).isEqualTo(1);

		// the new owner's cycle starts at the reassignment: IM at +10 min from then, not at once
		at(Duration.ofMinutes(39));
		ticker.fireDue();
		assertThat(notifications(manager, "lead.sla.escalated")).as("only cycle 1's IM so far").isEqualTo(1);
		at(Duration.ofMinutes(40));
		ticker.fireDue();
		assertThat(notifications(manager, "lead.sla.escalated")).isEqualTo(2);
	}

	@Test
	void releaseToPoolStepTakesTheLeadWithoutTheRescreenTag() throws Exception {
		long team = fixture.team();
		long rep = fixture.user(team, "REP", "戊");
		slaPolicy(team, """
				{"ladders":{"C":[{"after":"1h","without":["CALL_ANSWERED","WECHAT"],"action":"RELEASE_TO_POOL"}]},
				 "recycleAfter":"24h","recycleKinds":["WECHAT"],"yellowAfter":"48h","redAfter":"72h"}""");
		long lead = leadC(team);
		at(Duration.ofHours(1));
		ticker.fireDue();
		assertThat(leadStatus(lead)).isEqualTo("POOL");
		assertThat(jdbc.sql("select rescreen from lead where id = :id").param("id", lead).query(Boolean.class).single())
			.isFalse();
		assertThat(jdbc.sql("select previous_owner_id from lead where id = :id").param("id", lead).query(Long.class)
			.single()).isEqualTo(rep);
		assertThat(notifications(rep, "lead.sla.released")).isEqualTo(1);
		assertThat(jdbc.sql("select count(*) from audit_log where entity_type = 'lead' and entity_id = :id and action = 'sla-release'")
			.param("id", String.valueOf(lead)).query(Long.class).single()).isEqualTo(1);
	}

	@Test
	void aLeadWhoseFiringFailsIsRetriedLaterAndDoesNotHoldUpTheOthers() throws Exception {
		long team = fixture.team();
		long rep = fixture.user(team, "REP", "己");
		long broken = leadA(team);
		long fine = leadA(team);
		// a policy row nobody can read (as if written by a newer version), pointed at by one clock
		jdbc.sql("""
				insert into sla_policy (team_id, version, policy, created_at, created_by)
				values (:t, 99, '{"ladders":{"A":[{"after":"soon"}]}}', :now, 'test')""")
			.param("t", team).param("now", dev.closer.shared.time.SqlTime.of(clock.instant())).update();
		jdbc.sql("update lead_sla_clock set policy_id = (select id from sla_policy where team_id = :t and version = 99) where lead_id = :l")
			.param("t", team).param("l", broken).update();
		at(Duration.ofMinutes(30));
		ticker.fireDue();
		assertThat(events(fine, "STEP")).isEqualTo(1);
		assertThat(events(broken, "STEP")).isZero();
		assertThat(jdbc.sql("select next_due_at from lead_sla_clock where lead_id = :l").param("l", broken)
			.query(java.sql.Timestamp.class).single().toInstant()).isEqualTo(clock.instant().plus(SlaTicker.RETRY_AFTER));
		assertThat(notifications(rep, "lead.sla.remind")).isEqualTo(1);
	}

	@Test
	void anUnreadableNewestPolicyVersionNeverBlocksIntake() throws Exception {
		long team = fixture.team();
		long rep = fixture.user(team, "REP", "庚");
		long readable = leadC(team); // writes the defaults as version 1
		jdbc.sql("""
				insert into sla_policy (team_id, version, policy, created_at, created_by)
				values (:t, 2, '{"ladders":{"C":[{"after":"1h","without":["WECHAT"],"action":"TELEPORT"}]}}', :now, 'newer node')""")
			.param("t", team).param("now", dev.closer.shared.time.SqlTime.of(clock.instant())).update();
		long lead = leadC(team);
		assertThat(owner(lead)).isEqualTo(rep);
		assertThat(jdbc.sql("""
				select p.version from lead_sla_clock c join sla_policy p on p.id = c.policy_id where c.lead_id = :l""")
			.param("l", lead).query(Integer.class).single()).as("the newest readable version").isEqualTo(1);
		assertThat(readable).isNotEqualTo(lead);
	}

	@org.springframework.beans.factory.annotation.Autowired
	SlaClockBackfill backfill;

	@Test
	void ownedLeadsWithoutAClockGetOneStartingNowAndNotInThePast() throws Exception {
		long team = fixture.team();
		long rep = fixture.user(team, "REP", "辛");
		fixture.load(team, rep, 2); // written in bulk, as before the clocks existed: no clock
		assertThat(jdbc.sql("select count(*) from lead_sla_clock c join lead l on l.id = c.lead_id where l.owner_id = :r")
			.param("r", rep).query(Long.class).single()).isZero();
		at(java.time.Duration.ofHours(30));
		backfill.run(null);
		backfill.run(null); // again: nothing more
		assertThat(jdbc.sql("""
				select count(*) from lead_sla_clock c join lead l on l.id = c.lead_id
				where l.owner_id = :r and c.running = true and c.assigned_at = :now""")
			.param("r", rep).param("now", dev.closer.shared.time.SqlTime.of(clock.instant())).query(Long.class).single())
			.isEqualTo(2);
		ticker.fireDue();
		assertThat(jdbc.sql("select count(*) from lead where owner_id = :r and status = 'ASSIGNED'").param("r", rep)
			.query(Long.class).single()).as("not recycled for time before the clock").isEqualTo(2);
	}
}
