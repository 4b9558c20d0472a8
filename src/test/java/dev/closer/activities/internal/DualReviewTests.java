package dev.closer.activities.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

import com.jayway.jsonpath.JsonPath;

import dev.closer.customers.CustomerFixture;
import dev.closer.support.IntegrationTest;

/**
 * SPEC F7: the weekly dual review draw (only high-value customers' follow-ups of the week, ceil(5 %) with the minimum,
 * the recorded seed, reproducible after deletion, one draw per team and week, the scheduled task), reviewer assignment
 * (the manager and the senior rep by mean quality, never the author), notifications, tagging (only assigned reviewers,
 * comment required, both tags, audit, scope) and the knowledge base (scenario, tag, text, team, scope, export).
 */
@IntegrationTest
class DualReviewTests {

	static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	DualReviewDraws draws;

	@Autowired
	dev.closer.customers.CustomerDirectory customers;

	CustomerFixture fx;

	@BeforeEach
	void setUp() throws Exception {
		fx = new CustomerFixture(mvc, jdbc);
	}

	/** Monday of the ISO week {@code weeksAgo} before this one (Shanghai). */
	static LocalDate monday(int weeksAgo) {
		LocalDate today = LocalDate.now(SHANGHAI);
		return today.minusDays(today.getDayOfWeek().getValue() - 1L).minusWeeks(weeksAgo);
	}

	static String code(int weeksAgo) {
		LocalDate m = monday(weeksAgo);
		return String.format("%d-W%02d", m.get(java.time.temporal.IsoFields.WEEK_BASED_YEAR),
				m.get(java.time.temporal.IsoFields.WEEK_OF_WEEK_BASED_YEAR));
	}

	static Instant at(int weeksAgo, int hours) {
		return monday(weeksAgo).atStartOfDay(SHANGHAI).toInstant().plus(Duration.ofHours(hours));
	}

	record World(CustomerFixture.Team t, long senior, long third, long key, long valued, long low, List<Long> target,
			List<Long> later) {
	}

	/**
	 * A team (rep A = author, a manager, reps B and C), a key account, a customer worth exactly 1,000,000 and one worth
	 * 999,999.99; 41 follow-ups on the high-value two two weeks ago, 5 on the low one, 2 by B last week, 3 three weeks ago.
	 */
	World world() throws Exception {
		CustomerFixture.Team t = fx.team();
		long b = fx.leads.user(t.id(), "REP", "资深李");
		long c = fx.leads.user(t.id(), "REP", "新人陈");
		long key = fx.customer(t);
		long valued = fx.customer(t);
		long low = fx.customer(t);
		jdbc.sql("update customer set key_account = true where id = :id").param("id", key).update();
		jdbc.sql("update customer set expected_annual_value = 1000000.00 where id = :id").param("id", valued).update();
		jdbc.sql("update customer set expected_annual_value = 999999.99 where id = :id").param("id", low).update();
		List<Long> target = new ArrayList<>();
		for (int i = 0; i < 41; i++) {
			target.add(followUp(i % 2 == 0 ? key : valued, t.rep(), t, at(2, 1 + i * 3), "PRICE_OBJECTION",
					"报价后说明了分期方案 " + i));
		}
		for (int i = 0; i < 5; i++) {
			followUp(low, t.rep(), t, at(2, 2 + i), "PRICE_OBJECTION", "低价值客户");
		}
		List<Long> later = new ArrayList<>();
		later.add(followUp(key, b, t, at(1, 10), null, "B 的跟进"));
		later.add(followUp(valued, b, t, at(1, 11), null, "B 的另一条跟进"));
		for (int i = 0; i < 3; i++) {
			followUp(key, t.rep(), t, at(3, 5 + i), null, "更早的跟进");
		}
		// B scores 5, C scores 3 (on the low-value customer: not candidates)
		score(followUp(low, b, t, at(3, 20), null, "B 打分"), 5, b, t);
		score(followUp(low, b, t, at(3, 21), null, "B 打分"), 5, b, t);
		score(followUp(low, c, t, at(3, 22), null, "C 打分"), 3, c, t);
		return new World(t, b, c, key, valued, low, target, later);
	}

	long followUp(long customer, long actor, CustomerFixture.Team t, Instant when, String template, String action) {
		var keys = new org.springframework.jdbc.support.GeneratedKeyHolder();
		jdbc.sql("""
				insert into activity (customer_id, subject_name, channel, action_text, output_text, template_code,
				  occurred_at, created_at, actor_id, owner_id, team_id)
				values (:c, '测试客户', 'CALL', :action, '客户同意下周再谈', :template, :at, :at, :actor, :owner, :team)""")
			.param("c", customer).param("action", action).param("template", template)
			.param("at", OffsetDateTime.ofInstant(when, ZoneOffset.UTC)).param("actor", actor).param("owner", t.rep())
			.param("team", t.id())
			.update(keys, "id");
		return keys.getKeyAs(Long.class);
	}

	void score(long activity, int score, long actor, CustomerFixture.Team t) {
		jdbc.sql("""
				insert into activity_quality (activity_id, score, factors, rule_version, dictionary_version, computed_at,
				  actor_id, owner_id, team_id)
				values (:a, :s, '[]', 1, 1, :now, :actor, :owner, :team)""")
			.param("a", activity).param("s", score).param("now", OffsetDateTime.now(ZoneOffset.UTC)).param("actor", actor)
			.param("owner", t.rep()).param("team", t.id()).update();
	}

	static long seed(long team, String week) throws Exception {
		byte[] hash = MessageDigest.getInstance("SHA-256").digest((team + ":" + week).getBytes(StandardCharsets.UTF_8));
		return ByteBuffer.wrap(hash, 0, 8).getLong();
	}

	static List<Long> expectedSample(List<Long> candidates, long seed, int size) {
		List<Long> shuffled = new ArrayList<>(candidates);
		Collections.sort(shuffled);
		Collections.shuffle(shuffled, new Random(seed));
		List<Long> drawn = new ArrayList<>(shuffled.subList(0, size));
		Collections.sort(drawn);
		return drawn;
	}

	String drawNow(long team, String week) throws Exception {
		return mvc.perform(post("/api/admin/dual-review/draws").header("Authorization", fx.leads.admin)
				.contentType(MediaType.APPLICATION_JSON).content("{\"week\":\"%s\",\"teamId\":%d}".formatted(week, team)))
			.andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
	}

	List<Long> drawnIds(long team, String week) {
		String csv = jdbc.sql("select drawn_ids from review_draw where team_id = :t and iso_week = :w").param("t", team)
			.param("w", week).query(String.class).single();
		return csv.isEmpty() ? List.of() : java.util.Arrays.stream(csv.split(",")).map(Long::valueOf).toList();
	}

	@Test
	void theDrawTakesCeilFivePercentOfTheWeeksHighValueFollowUpsWithTheRecordedSeedAndIsReproducible() throws Exception {
		World w = world();
		long team = w.t().id();
		String week = code(2);
		long seed = seed(team, week);
		List<Long> expected = expectedSample(w.target(), seed, 3); // ceil(5 % × 41) = 3
		String body = drawNow(team, week);
		assertThat(((Number) JsonPath.read(body, "$[0].candidates")).intValue()).isEqualTo(41);
		assertThat(JsonPath.<Boolean>read(body, "$[0].created")).isTrue();
		assertThat(drawnIds(team, week)).isEqualTo(expected);
		var row = jdbc.sql("""
				select seed, rule_version, candidate_count, sample_size, trigger_kind from review_draw
				where team_id = :t and iso_week = :w""").param("t", team).param("w", week)
			.query((rs, n) -> List.of(rs.getLong(1), rs.getInt(2), rs.getInt(3), rs.getInt(4), rs.getString(5))).single();
		int ruleVersion = jdbc.sql("select max(version) from activity_rule where kind = 'DUAL_REVIEW'").query(Integer.class).single();
		assertThat(row).containsExactly(seed, ruleVersion, 41, 3, "MANUAL");
		assertThat(jdbc.sql("""
				select count(*) from review_item i join review_draw d on d.id = i.draw_id
				where d.team_id = :t and i.customer_id not in (:hv)""")
			.param("t", team).param("hv", List.of(w.key(), w.valued())).query(Long.class).single()).isZero();
		assertThat(jdbc.sql("select count(*) from audit_log where entity_type = 'review_draw' and action = 'draw' and after_value like :s")
			.param("s", "%" + seed + "%").query(Long.class).single()).isEqualTo(1);

		// a second run is a no-op
		body = drawNow(team, week);
		assertThat(JsonPath.<Boolean>read(body, "$[0].created")).isFalse();
		assertThat(jdbc.sql("select count(*) from review_draw where team_id = :t and iso_week = :w").param("t", team)
			.param("w", week).query(Long.class).single()).isEqualTo(1);

		// delete and draw again: the same sample
		jdbc.sql("delete from review_slot where item_id in (select i.id from review_item i join review_draw d on d.id = i.draw_id where d.team_id = :t)")
			.param("t", team).update();
		jdbc.sql("delete from review_item where team_id = :t").param("t", team).update();
		jdbc.sql("delete from review_draw where team_id = :t").param("t", team).update();
		drawNow(team, week);
		assertThat(drawnIds(team, week)).isEqualTo(expected);

		// another week: another seed; 2 candidates → the minimum 1; a week without candidates records 0
		drawNow(team, code(1));
		assertThat(drawnIds(team, code(1))).hasSize(1).isSubsetOf(w.later());
		assertThat(jdbc.sql("select seed from review_draw where team_id = :t and iso_week = :w").param("t", team)
			.param("w", code(1)).query(Long.class).single()).isEqualTo(seed(team, code(1))).isNotEqualTo(seed);
		drawNow(team, code(5));
		assertThat(jdbc.sql("select candidate_count from review_draw where team_id = :t and iso_week = :w").param("t", team)
			.param("w", code(5)).query(Integer.class).single()).isZero();
		assertThat(drawnIds(team, code(5))).isEmpty();
	}

	@Test
	void aWeekNotOverOrNotAWeekIsRefusedAndNothingIsWritten() throws Exception {
		World w = world();
		mvc.perform(post("/api/admin/dual-review/draws").header("Authorization", fx.leads.admin)
				.contentType(MediaType.APPLICATION_JSON).content("{\"week\":\"%s\",\"teamId\":%d}".formatted(code(0), w.t().id())))
			.andExpect(status().isUnprocessableContent()).andExpect(jsonPath("$.errors[0].field").value("week"));
		mvc.perform(post("/api/admin/dual-review/draws").header("Authorization", fx.leads.admin)
				.contentType(MediaType.APPLICATION_JSON).content("{\"week\":\"2026-47\",\"teamId\":%d}".formatted(w.t().id())))
			.andExpect(status().isUnprocessableContent());
		mvc.perform(post("/api/admin/dual-review/draws").header("Authorization", w.t().managerToken())
				.contentType(MediaType.APPLICATION_JSON).content("{\"week\":\"%s\",\"teamId\":%d}".formatted(code(2), w.t().id())))
			.andExpect(status().isForbidden());
		assertThat(jdbc.sql("select count(*) from review_draw where team_id = :t").param("t", w.t().id())
			.query(Long.class).single()).isZero();
	}

	@Test
	void theManagerAndTheBestScoringRepWhoIsNotTheAuthorReviewAndAreNotified() throws Exception {
		World w = world();
		long team = w.t().id();
		drawNow(team, code(2));
		List<String> slots = jdbc.sql("""
				select s.reviewer_role || ':' || s.reviewer_id from review_slot s join review_item i on i.id = s.item_id
				where i.team_id = :t order by i.id, s.reviewer_role""").param("t", team).query(String.class).list();
		assertThat(slots).hasSize(6);
		assertThat(slots).containsOnly("MANAGER:" + w.t().manager(), "SENIOR:" + w.senior());
		// last week's follow-ups are B's own: the senior slot goes to the next rep (C, or A without any score… A ranks
		// by having follow-ups in the window: A has none scored, C has a 3)
		drawNow(team, code(1));
		assertThat(jdbc.sql("""
				select s.reviewer_id from review_slot s join review_item i on i.id = s.item_id join review_draw d on d.id = i.draw_id
				where d.team_id = :t and d.iso_week = :w and s.reviewer_role = 'SENIOR'""").param("t", team).param("w", code(1))
			.query(Long.class).single()).isEqualTo(w.third());
		assertThat(jdbc.sql("select count(*) from notification where recipient_id = :u and category = 'activities.dualReview'")
			.param("u", w.t().manager()).query(Long.class).single()).isEqualTo(2);
		assertThat(jdbc.sql("select count(*) from notification where recipient_id = :u and category = 'activities.dualReview'")
			.param("u", w.senior()).query(Long.class).single()).isEqualTo(1);
		mvc.perform(get("/api/dual-review/pending").header("Authorization", w.t().managerToken()))
			.andExpect(status().isOk()).andExpect(jsonPath("$.length()").value(4));
		mvc.perform(get("/api/dual-review/pending").header("Authorization", fx.leads.tokenOf(w.senior())))
			.andExpect(jsonPath("$.length()").value(3));
	}

	@Test
	void onlyTheAssignedReviewersTagWithACommentAndTheKnowledgeBaseFindsIt() throws Exception {
		World w = world();
		long team = w.t().id();
		drawNow(team, code(2));
		List<Long> items = jdbc.sql("select id from review_item where team_id = :t order by id").param("t", team)
			.query(Long.class).list();
		long item = items.get(0);
		String seniorToken = fx.leads.tokenOf(w.senior());
		String token = "预算节点" + java.util.UUID.randomUUID().toString().substring(0, 6);

		// refusals first: nothing written
		mvc.perform(post("/api/dual-review/items/" + item + "/tag").header("Authorization", w.t().managerToken())
				.contentType(MediaType.APPLICATION_JSON).content("{\"tag\":\"REPRODUCIBLE\",\"comment\":\"  \"}"))
			.andExpect(status().isUnprocessableContent()).andExpect(jsonPath("$.errors[0].field").value("comment"));
		mvc.perform(post("/api/dual-review/items/" + item + "/tag").header("Authorization", w.t().managerToken())
				.contentType(MediaType.APPLICATION_JSON).content("{\"tag\":\"GOOD\",\"comment\":\"x\"}"))
			.andExpect(status().isUnprocessableContent()).andExpect(jsonPath("$.errors[0].field").value("tag"));
		mvc.perform(post("/api/dual-review/items/" + item + "/tag").header("Authorization", w.t().repToken())
				.contentType(MediaType.APPLICATION_JSON).content("{\"tag\":\"RISK\",\"comment\":\"作者自己\"}"))
			.andExpect(status().isForbidden());
		mvc.perform(post("/api/dual-review/items/" + item + "/tag").header("Authorization", fx.leads.admin)
				.contentType(MediaType.APPLICATION_JSON).content("{\"tag\":\"RISK\",\"comment\":\"管理员\"}"))
			.andExpect(status().isForbidden());
		mvc.perform(post("/api/dual-review/items/" + item + "/tag").header("Authorization", fx.leads.tokenOf(w.third()))
				.contentType(MediaType.APPLICATION_JSON).content("{\"tag\":\"RISK\",\"comment\":\"旁观者\"}"))
			.andExpect(status().isNotFound());
		CustomerFixture.Team other = fx.team();
		mvc.perform(post("/api/dual-review/items/" + item + "/tag").header("Authorization", other.managerToken())
				.contentType(MediaType.APPLICATION_JSON).content("{\"tag\":\"RISK\",\"comment\":\"别的团队\"}"))
			.andExpect(status().isNotFound());
		mvc.perform(get("/api/dual-review/items/" + item).header("Authorization", other.managerToken()))
			.andExpect(status().isNotFound());
		assertThat(jdbc.sql("select count(*) from review_slot where item_id = :i and tag is not null").param("i", item)
			.query(Long.class).single()).isZero();
		assertThat(jdbc.sql("select count(*) from audit_log where entity_type = 'review_item' and entity_id = :i")
			.param("i", String.valueOf(item)).query(Long.class).single()).isZero();

		// the two reviewers: both tags
		mvc.perform(post("/api/dual-review/items/" + item + "/tag").header("Authorization", w.t().managerToken())
				.contentType(MediaType.APPLICATION_JSON).content("{\"tag\":\"reproducible\",\"comment\":\"先确认" + token + "再报价\"}"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.slots[0].role").value("MANAGER"))
			.andExpect(jsonPath("$.slots[0].tag").value("REPRODUCIBLE"));
		mvc.perform(post("/api/dual-review/items/" + item + "/tag").header("Authorization", seniorToken)
				.contentType(MediaType.APPLICATION_JSON).content("{\"tag\":\"RISK\",\"comment\":\"折扣让得太快\"}"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.slots[1].role").value("SENIOR"))
			.andExpect(jsonPath("$.slots[1].tag").value("RISK"));
		// the senior rep sees the item (through the slot) though the customer is not theirs
		mvc.perform(get("/api/dual-review/items/" + item).header("Authorization", seniorToken))
			.andExpect(status().isOk()).andExpect(jsonPath("$.slots.length()").value(2));
		assertThat(jdbc.sql("select count(*) from audit_log where entity_type = 'review_item' and entity_id = :i and action = 'tag'")
			.param("i", String.valueOf(item)).query(Long.class).single()).isEqualTo(2);
		// changing one's tag: audited with the before
		mvc.perform(post("/api/dual-review/items/" + item + "/tag").header("Authorization", seniorToken)
				.contentType(MediaType.APPLICATION_JSON).content("{\"tag\":\"RISK\",\"comment\":\"折扣让得太快，没讲价值\"}"))
			.andExpect(status().isOk());
		assertThat(jdbc.sql("""
				select before_value from audit_log where entity_type = 'review_item' and entity_id = :i and before_value is not null""")
			.param("i", String.valueOf(item)).query(String.class).single()).contains("折扣让得太快");

		// the knowledge base: by scenario, tag, text and team; untagged items are not in it
		mvc.perform(get("/api/knowledge").param("scenario", "PRICE_OBJECTION").param("teamId", String.valueOf(team))
				.header("Authorization", w.t().managerToken()))
			.andExpect(status().isOk()).andExpect(jsonPath("$.total").value(1))
			.andExpect(jsonPath("$.items[0].itemId").value(item))
			.andExpect(jsonPath("$.items[0].reviews.length()").value(2));
		mvc.perform(get("/api/knowledge").param("scenario", "DEMO_FEEDBACK").param("teamId", String.valueOf(team))
				.header("Authorization", w.t().managerToken()))
			.andExpect(jsonPath("$.total").value(0));
		mvc.perform(get("/api/knowledge").param("tag", "RISK").param("teamId", String.valueOf(team))
				.header("Authorization", w.t().managerToken()))
			.andExpect(jsonPath("$.total").value(1));
		mvc.perform(get("/api/knowledge").param("q", token).header("Authorization", w.t().managerToken()))
			.andExpect(jsonPath("$.total").value(1)).andExpect(jsonPath("$.items[0].itemId").value(item));
		mvc.perform(get("/api/knowledge").param("q", "分期方案").param("teamId", String.valueOf(team))
				.header("Authorization", w.t().managerToken()))
			.andExpect(jsonPath("$.total").value(1));
		mvc.perform(get("/api/knowledge").param("q", "不存在的文字xyz").param("teamId", String.valueOf(team))
				.header("Authorization", w.t().managerToken()))
			.andExpect(jsonPath("$.total").value(0));
		mvc.perform(get("/api/knowledge").param("tag", "MAYBE").header("Authorization", w.t().managerToken()))
			.andExpect(status().isUnprocessableContent());
		// scope: another team's manager and an unassigned rep see nothing of it
		mvc.perform(get("/api/knowledge").param("q", token).header("Authorization", other.managerToken()))
			.andExpect(jsonPath("$.total").value(0));
		mvc.perform(get("/api/knowledge").param("q", token).header("Authorization", fx.leads.tokenOf(w.third())))
			.andExpect(jsonPath("$.total").value(0));
		mvc.perform(get("/api/knowledge/export").param("q", token).header("Authorization", w.t().managerToken()))
			.andExpect(status().isOk())
			.andExpect(header().string("Content-Type", containsString("spreadsheetml")));
		mvc.perform(get("/api/dual-review/draws").param("week", code(2)).header("Authorization", w.t().managerToken()))
			.andExpect(jsonPath("$[?(@.teamId == " + team + ")].sampleSize").value(org.hamcrest.Matchers.contains(3)));
		mvc.perform(get("/api/dual-review/draws").param("week", code(2)).header("Authorization", other.managerToken()))
			.andExpect(content().string(org.hamcrest.Matchers.not(containsString("\"teamId\":" + team + ","))));
	}

	@Test
	void theRuleIsValidatedVersionedAndTheScheduledTaskDrawsThePreviousWeekOnce() throws Exception {
		String current = mvc.perform(get("/api/admin/dual-review-rule").header("Authorization", fx.leads.admin))
			.andExpect(status().isOk()).andExpect(jsonPath("$.definition.sampleRatePercent").exists())
			.andReturn().getResponse().getContentAsString();
		int version = JsonPath.read(current, "$.version");
		mvc.perform(put("/api/admin/dual-review-rule").header("Authorization", fx.leads.admin)
				.contentType(MediaType.APPLICATION_JSON).content("""
						{"rule":{"highValueThreshold":1000000,"keyAccounts":true,"sampleRatePercent":0,"minimumSample":1,
						 "drawDay":"MONDAY","drawHour":9,"seniorBy":"MEAN_QUALITY","seniorWindowDays":90}}"""))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.errors[0].field").value("sampleRatePercent"));
		mvc.perform(put("/api/admin/dual-review-rule").header("Authorization", fx.leads.admin)
				.contentType(MediaType.APPLICATION_JSON).content("""
						{"rule":{"highValueThreshold":1000000,"keyAccounts":true,"sampleRatePercent":5,"minimumSample":1,
						 "drawDay":"MONDAY","drawHour":0,"seniorBy":"MEAN_QUALITY","seniorWindowDays":90},"comment":"test: draw at 0:00"}"""))
			.andExpect(status().isOk()).andExpect(jsonPath("$.version").value(version + 1));
		try {
			CustomerFixture.Team t = fx.team();
			long key = fx.customer(t);
			jdbc.sql("update customer set key_account = true where id = :id").param("id", key).update();
			long f = followUp(key, t.rep(), t, at(1, 30), "BUDGET", "上周的跟进");
			draws.forget();
			assertThat(draws.drawDue()).isGreaterThanOrEqualTo(1);
			assertThat(jdbc.sql("select trigger_kind || ':' || drawn_ids || ':' || rule_version from review_draw where team_id = :t and iso_week = :w")
				.param("t", t.id()).param("w", code(1)).query(String.class).single())
				.isEqualTo("SCHEDULE:" + f + ":" + (version + 1));
			assertThat(draws.drawDue()).isZero();
			draws.forget();
			assertThat(draws.drawDue()).isZero();
		}
		finally {
			mvc.perform(put("/api/admin/dual-review-rule").header("Authorization", fx.leads.admin)
					.contentType(MediaType.APPLICATION_JSON).content("""
							{"rule":{"highValueThreshold":1000000,"keyAccounts":true,"sampleRatePercent":5,"minimumSample":1,
							 "drawDay":"MONDAY","drawHour":9,"seniorBy":"MEAN_QUALITY","seniorWindowDays":90},"comment":"test: back to 9:00"}"""))
				.andExpect(status().isOk());
		}
		assertThat(jdbc.sql("select count(*) from audit_log where entity_type = 'activity_rule' and entity_id = 'DUAL_REVIEW'")
			.query(Long.class).single()).isGreaterThanOrEqualTo(2);
		mvc.perform(get("/api/admin/dual-review-rule").header("Authorization", fx.leads.tokenOf(fx.team().manager())))
			.andExpect(status().isForbidden());
	}

	@Test
	void onlyTheDrawnWeeksFollowUpsOnHighValueCustomersAreCandidates() throws Exception {
		World w = world();
		// three weeks ago: 3 on the key account; the scored ones on the 999,999.99 customer do not count
		drawNow(w.t().id(), code(3));
		assertThat(jdbc.sql("select candidate_count from review_draw where team_id = :t and iso_week = :w")
			.param("t", w.t().id()).param("w", code(3)).query(Integer.class).single()).isEqualTo(3);
		assertThat(drawnIds(w.t().id(), code(3))).hasSize(1);
		// without key accounts (rule data), only the customer worth 1,000,000.00 is high value
		DualReviewRule rule = new DualReviewRule(new BigDecimal("1000000"), false, new BigDecimal("5"), 1, "MONDAY", 9,
				"MEAN_QUALITY", 90);
		assertThat(customers.highValue(w.t().id(), rule.highValueThreshold(), rule.countsKeyAccounts()))
			.extracting(dev.closer.customers.HighValueCustomer::id).containsExactly(w.valued());
	}
}
