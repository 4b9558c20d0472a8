package dev.closer.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

import dev.closer.pipeline.PipelineFixture;
import dev.closer.pipeline.TenderFixture;
import dev.closer.support.MutableClock;

/**
 * Time-dependent tender and approval rules (SPEC O6, O7) on a moved clock (same context as
 * {@link PipelineClockTests}): the escalation ladder of an overdue node fires each level once, at due (owner), +24 h
 * (manager), +72 h (director), and never for a node that is done or skipped; each approval step's waiting time.
 */
@SpringBootTest
@AutoConfigureMockMvc
@Import(PipelineClockTests.Clocks.class)
class TenderClockTests {

	static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	MutableClock clock;

	@Autowired
	TenderTicker ticker;

	PipelineFixture fx;

	TenderFixture tf;

	TenderFixture.Team team;

	Instant t0;

	@BeforeEach
	void setUp() throws Exception {
		t0 = clock.setToNextMonday(ZONE);
		fx = new PipelineFixture(mvc, jdbc);
		tf = new TenderFixture(fx);
		team = tf.team();
	}

	void at(Duration sinceStart) {
		clock.set(t0.plus(sinceStart));
	}

	@Test
	void anOverdueNodeEscalatesOncePerLevelAtTheRightMoment() throws Exception {
		long id = fx.opportunity(team.base(), null);
		LocalDate day0 = LocalDate.ofInstant(t0, ZONE);
		tf.createTender(team.repToken(), id, day0.plusDays(30)).andExpect(status().isCreated());
		// REGISTRATION is due on day 2, i.e. overdue from day 3 00:00 = t0 + 72 h; DOC_PURCHASE (day 5) is skipped
		fx.post(team.repToken(), "/api/opportunities/" + id + "/tender/nodes/DOC_PURCHASE/skip",
				"{\"reason\":\"免费下载\"}").andExpect(status().isOk());
		Duration due = Duration.ofHours(72);

		at(due.minusMinutes(1));
		ticker.escalate();
		assertThat(levels(id, "REGISTRATION")).isEmpty();

		at(due);
		ticker.escalate();
		assertThat(levels(id, "REGISTRATION")).containsExactly("1 OWNER 1");
		assertThat(notices(team.base().rep(), id)).isOne();
		ticker.escalate();
		assertThat(levels(id, "REGISTRATION")).hasSize(1);
		assertThat(notices(team.base().rep(), id)).isOne();
		mvc.perform(get("/api/opportunities/" + id + "/tender").header("Authorization", team.repToken()))
			.andExpect(status().isOk()).andExpect(jsonPath("$.nodes[0].overdue").value(true))
			.andExpect(jsonPath("$.nodes[0].escalations").value(1)).andExpect(jsonPath("$.nodes[1].overdue").value(false));

		at(due.plusHours(24).minusMinutes(1));
		ticker.escalate();
		assertThat(levels(id, "REGISTRATION")).hasSize(1);
		at(due.plusHours(24));
		ticker.escalate();
		assertThat(levels(id, "REGISTRATION")).containsExactly("1 OWNER 1", "2 MANAGER 1");
		assertThat(notices(team.base().manager(), id)).isOne();

		at(due.plusHours(72).minusMinutes(1));
		ticker.escalate();
		assertThat(levels(id, "REGISTRATION")).hasSize(2);
		at(due.plusHours(72));
		ticker.escalate();
		List<String> all = levels(id, "REGISTRATION");
		assertThat(all).hasSize(3);
		assertThat(all.get(2)).startsWith("3 DIRECTOR ");
		long director = jdbc.sql("""
				select u.id from app_user u join user_role r on r.user_id = u.id join team t on t.region_id = u.region_id
				where t.id = :t and r.role = 'DIRECTOR' and u.status = 'ACTIVE' order by u.id limit 1""")
			.param("t", team.id()).query(Long.class).single();
		assertThat(notices(director, id)).isOne();

		at(due.plusDays(10));
		ticker.escalate();
		assertThat(levels(id, "REGISTRATION")).hasSize(3);
		assertThat(notices(team.base().rep(), id)).isOne();
		assertThat(levels(id, "DOC_PURCHASE")).isEmpty();
		// the page marks the overdue node
		var rep = fx.customers.login(team.base().rep());
		mvc.perform(get("/opportunities/" + id + "/tender").session(rep)).andExpect(status().isOk())
			.andExpect(content().string(containsString("tender-node-overdue")));
	}

	@Test
	void aDoneNodeOrALostOpportunityDoesNotEscalate() throws Exception {
		long done = fx.opportunity(team.base(), null);
		long lost = fx.opportunity(team.base(), null);
		LocalDate day0 = LocalDate.ofInstant(t0, ZONE);
		tf.createTender(team.repToken(), done, day0.plusDays(30)).andExpect(status().isCreated());
		tf.createTender(team.repToken(), lost, day0.plusDays(30)).andExpect(status().isCreated());
		tf.uploadNode(team.repToken(), done, "REGISTRATION", "form.pdf", PipelineFixture.PDF).andExpect(status().isOk());
		fx.post(team.repToken(), "/api/opportunities/" + done + "/tender/nodes/REGISTRATION/done", "{}")
			.andExpect(status().isOk());
		fx.post(team.repToken(), "/api/opportunities/" + lost + "/lost", "{\"reason\":\"放弃投标\"}")
			.andExpect(status().isOk());
		at(Duration.ofDays(4));
		ticker.escalate();
		assertThat(levels(done, "REGISTRATION")).isEmpty();
		assertThat(levels(lost, "REGISTRATION")).isEmpty();
		assertThat(levels(done, "DOC_PURCHASE")).isEmpty();
	}

	@Test
	void eachApprovalStepsWaitingTimeIsVisible() throws Exception {
		long id = fx.opportunity(team.base(), null);
		long request = tf.approval(team.repToken(), id);
		at(Duration.ofHours(2).plusMinutes(10));
		mvc.perform(get("/api/approvals/" + request).header("Authorization", team.legalToken()))
			.andExpect(status().isOk()).andExpect(jsonPath("$.steps[0].waitingSeconds").value(7800))
			.andExpect(jsonPath("$.steps[1].waitingSeconds").doesNotExist());
		var legal = fx.customers.login(team.legal());
		mvc.perform(get("/approvals").session(legal)).andExpect(status().isOk())
			.andExpect(content().string(containsString("waiting for 2 h 10 min")));
		tf.decide(team.legalToken(), request, 1, "approve", null).andExpect(status().isOk());
		at(Duration.ofHours(2).plusMinutes(55));
		mvc.perform(get("/api/approvals/" + request).header("Authorization", team.financeToken()))
			.andExpect(status().isOk()).andExpect(jsonPath("$.steps[0].waitingSeconds").value(7800))
			.andExpect(jsonPath("$.steps[1].waitingSeconds").value(2700));
		at(Duration.ofDays(1).plusHours(3));
		tf.decide(team.financeToken(), request, 2, "approve", null).andExpect(status().isOk())
			.andExpect(jsonPath("$.steps[1].waitingSeconds").value(86400 + 3 * 3600 - 7800));
	}

	List<String> levels(long opportunity, String code) {
		return jdbc.sql("""
				select e.level_no, e.target, e.recipients from tender_escalation e join tender_node n on n.id = e.node_id
				join tender t on t.id = n.tender_id where t.opportunity_id = :o and n.code = :c order by e.level_no""")
			.param("o", opportunity).param("c", code)
			.query((rs, n) -> rs.getInt(1) + " " + rs.getString(2) + " " + rs.getInt(3)).list();
	}

	long notices(long user, long opportunity) {
		return jdbc.sql("""
				select count(*) from notification where recipient_id = :u and category = 'tender.overdue' and link = :l""")
			.param("u", user).param("l", "/opportunities/" + opportunity + "/tender").query(Long.class).single();
	}
}
