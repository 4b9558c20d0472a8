package dev.closer.activities.internal;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Random;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.closer.activities.internal.DualReviewSampler.IsoWeek;
import dev.closer.identity.TeamSummary;
import dev.closer.identity.UserDirectory;
import dev.closer.shared.time.SqlTime;

/**
 * SPEC P10 for F7: after the demo follow-ups are scored ({@code DemoQualitySeeder}, order 45), draws the last
 * {@value #WEEKS} ended ISO weeks for every team (trigger DEMO, no notifications) and fills about two thirds of the
 * review slots with a tag and a comment, so the dual review page and the knowledge base have something to show.
 * Deterministic (fixed seed); runs once, when there is no draw yet.
 */
@Component
@Order(50)
@ConditionalOnBooleanProperty(name = "closer.demo.enabled", matchIfMissing = true)
class DemoDualReviewSeeder implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(DemoDualReviewSeeder.class);

	static final int WEEKS = 4;

	private static final String[] GOOD = { "先确认预算审批节点再约院长，节奏把握得好，可推广", "演示前收集了科室痛点，方案针对性强",
			"及时把客户原话记录下来并约定下次会议时间", "Sent the deck the same day and booked the next meeting: copy this" };

	private static final String[] RISK = { "客户提到竞品报价但没有记录阻碍，后续容易失控", "下一步没有明确时间，跟进会断档",
			"价格异议只回应了折扣，没有讲清价值", "No decision-maker identified yet after three calls" };

	private final JdbcClient jdbc;

	private final DualReviewDraws draws;

	private final UserDirectory users;

	private final Clock clock;

	private final TransactionTemplate tx;

	DemoDualReviewSeeder(JdbcClient jdbc, DualReviewDraws draws, UserDirectory users, Clock clock,
			PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		this.draws = draws;
		this.users = users;
		this.clock = clock;
		this.tx = new TransactionTemplate(transactions);
	}

	@Override
	public void run(ApplicationArguments args) {
		if (jdbc.sql("select count(*) from review_draw").query(Long.class).single() > 0
				|| users.findByUsername("zhangwei").isEmpty()) {
			return;
		}
		IsoWeek week = IsoWeek.of(LocalDate.ofInstant(clock.instant(), DualReviewSampler.ZONE));
		List<TeamSummary> teams = users.teams();
		for (int i = 0; i < WEEKS; i++) {
			week = week.previous();
			for (TeamSummary team : teams) {
				draws.draw(team.id(), week, "DEMO", "system", false);
			}
		}
		Random random = new Random(47);
		List<Long> slots = jdbc.sql("select id from review_slot order by id").query(Long.class).list();
		tx.executeWithoutResult(s -> {
			for (long slot : slots) {
				int roll = random.nextInt(3);
				if (roll == 2) {
					continue;
				}
				boolean good = roll == 0;
				String[] comments = good ? GOOD : RISK;
				jdbc.sql("update review_slot set tag = :t, review_comment = :c, tagged_at = :at where id = :id")
					.param("t", good ? "REPRODUCIBLE" : "RISK").param("c", comments[random.nextInt(comments.length)])
					.param("at", SqlTime.of(clock.instant())).param("id", slot).update();
			}
		});
		log.info("Demo: dual review draws for {} weeks, {} review slots", WEEKS, slots.size());
	}
}
