package dev.closer.activities.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import dev.closer.activities.internal.DualReviewSampler.IsoWeek;
import dev.closer.customers.CustomerDirectory;
import dev.closer.customers.HighValueCustomer;
import dev.closer.identity.TeamSummary;
import dev.closer.identity.UserDirectory;
import dev.closer.identity.UserSummary;
import dev.closer.notifications.Notification;
import dev.closer.notifications.Notifications;
import dev.closer.shared.audit.AuditLog;
import dev.closer.shared.problem.BusinessException;
import dev.closer.shared.security.Role;
import dev.closer.shared.time.SqlTime;

/**
 * The weekly dual review draw (SPEC F7). Per team and ISO week (Asia/Shanghai): the candidates are the follow-ups of
 * that week on the team's high-value customers (rule data: key accounts, or an expected annual value from the
 * threshold on), by id; {@link DualReviewSampler} draws ceil(rate × n), at least the minimum, with the recorded seed.
 * The draw row (seed, rule version, candidate count, drawn ids) is unique per (team, week): a second run is a no-op.
 * Each drawn follow-up gets two review slots, the team's manager (the active manager with the lowest id who is not
 * the author) and a senior rep (the rule's ranking, not the author); reviewers are notified in the same transaction.
 * The recurring task draws the previous week once the rule's day and hour have passed.
 */
@Component
class DualReviewDraws {

	private static final Logger log = LoggerFactory.getLogger(DualReviewDraws.class);

	/** What a draw did: the draw, and whether this call made it (false: it existed already). */
	record Outcome(long drawId, long teamId, String week, int candidates, List<Long> drawn, boolean created) {
	}

	private final JdbcClient jdbc;

	private final ActivityRules rules;

	private final CustomerDirectory customers;

	private final UserDirectory users;

	private final Notifications notifications;

	private final AuditLog audit;

	private final Clock clock;

	private final TransactionTemplate tx;

	private final TransactionTemplate savepoint;

	/** The last week every team was drawn for (on this node): then an idle run costs no query at all. */
	private volatile String doneWeek;

	DualReviewDraws(JdbcClient jdbc, ActivityRules rules, CustomerDirectory customers, UserDirectory users,
			Notifications notifications, AuditLog audit, Clock clock, PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		this.rules = rules;
		this.customers = customers;
		this.users = users;
		this.notifications = notifications;
		this.audit = audit;
		this.clock = clock;
		this.tx = new TransactionTemplate(transactions);
		this.savepoint = new TransactionTemplate(transactions);
		this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
	}

	/**
	 * The recurring task: once this week's draw moment (rule day and hour, Shanghai) has passed, draws the previous
	 * week for every team that has no draw for it yet, each team in its own transaction. Returns the number of draws made.
	 */
	int drawDue() {
		Instant now = Instant.now(clock);
		ZonedDateTime local = now.atZone(DualReviewSampler.ZONE);
		IsoWeek current = IsoWeek.of(local.toLocalDate());
		IsoWeek target = current.previous();
		if (target.code().equals(doneWeek)) {
			return 0;
		}
		DualReviewRule rule = rules.dualReview().definition();
		LocalDateTime moment = current.monday().with(TemporalAdjusters.nextOrSame(rule.day())).atTime(rule.drawHour(), 0);
		if (local.toLocalDateTime().isBefore(moment)) {
			return 0;
		}
		Set<Long> drawn = new HashSet<>(jdbc.sql("select team_id from review_draw where iso_week = :w")
			.param("w", target.code()).query(Long.class).list());
		int made = 0;
		boolean failed = false;
		for (TeamSummary team : users.teams()) {
			if (drawn.contains(team.id())) {
				continue;
			}
			try {
				if (draw(team.id(), target, "SCHEDULE", "system", true).created()) {
					made++;
				}
			}
			catch (RuntimeException e) {
				failed = true;
				log.warn("Dual review draw of team {} for {} failed", team.id(), target.code(), e);
			}
		}
		if (!failed) {
			doneWeek = target.code();
		}
		return made;
	}

	/** Forgets which week was done (a test or an admin draw changed the table behind this node's back). */
	void forget() {
		doneWeek = null;
	}

	/**
	 * Draws a team's sample for a week that has ended, in a transaction of its own (or returns the existing draw).
	 * A week not over yet is a 422.
	 */
	Outcome draw(long teamId, IsoWeek week, String trigger, String by, boolean notify) {
		Instant end = week.nextMonday().atStartOfDay(DualReviewSampler.ZONE).toInstant();
		if (Instant.now(clock).isBefore(end)) {
			throw BusinessException.invalidField("week", "error.dualReview.weekNotOver", week.code());
		}
		Outcome outcome = tx.execute(s -> {
			Optional<Outcome> existing = existing(teamId, week.code());
			if (existing.isPresent()) {
				return existing.get();
			}
			try {
				return savepoint.execute(n -> insert(teamId, week, trigger, by, notify));
			}
			catch (DuplicateKeyException raced) {
				return existing(teamId, week.code()).orElseThrow();
			}
		});
		if (outcome.created()) {
			log.info("Dual review: team {} week {}: {} of {} follow-ups drawn", teamId, week.code(),
					outcome.drawn().size(), outcome.candidates());
		}
		return outcome;
	}

	private Optional<Outcome> existing(long teamId, String week) {
		return jdbc.sql("select id, candidate_count, drawn_ids from review_draw where team_id = :t and iso_week = :w")
			.param("t", teamId).param("w", week)
			.query((rs, n) -> new Outcome(rs.getLong("id"), teamId, week, rs.getInt("candidate_count"),
					ids(rs.getString("drawn_ids")), false))
			.optional();
	}

	private record Candidate(long id, long customerId, Long ownerId, long authorId, String templateCode) {
	}

	private Outcome insert(long teamId, IsoWeek week, String trigger, String by, boolean notify) {
		var version = rules.dualReview();
		DualReviewRule rule = version.definition();
		Instant from = week.monday().atStartOfDay(DualReviewSampler.ZONE).toInstant();
		Instant to = week.nextMonday().atStartOfDay(DualReviewSampler.ZONE).toInstant();
		List<Long> highValue = customers.highValue(teamId, rule.highValueThreshold(), rule.countsKeyAccounts()).stream()
			.map(HighValueCustomer::id).toList();
		List<Candidate> candidates = highValue.isEmpty() ? List.of() : jdbc.sql("""
				select a.id, a.customer_id, a.owner_id, a.actor_id, a.template_code from activity a
				where a.customer_id in (:customers) and a.occurred_at >= :from and a.occurred_at < :to
				order by a.id""")
			.param("customers", highValue).param("from", SqlTime.of(from)).param("to", SqlTime.of(to))
			.query((rs, n) -> new Candidate(rs.getLong("id"), rs.getLong("customer_id"), rs.getObject("owner_id", Long.class),
					rs.getLong("actor_id"), rs.getString("template_code")))
			.list();
		long seed = DualReviewSampler.seed(teamId, week.code());
		int size = rule.sampleSize(candidates.size());
		List<Long> drawn = DualReviewSampler.sample(candidates.stream().map(Candidate::id).toList(), seed, size);
		List<Long> seniors = seniorRanking(teamId, rule, to);
		List<UserSummary> managers = users.managersOf(teamId).stream().filter(UserSummary::active)
			.sorted(Comparator.comparingLong(UserSummary::id)).toList();
		Instant now = Instant.now(clock);
		var keys = new GeneratedKeyHolder();
		jdbc.sql("""
				insert into review_draw (team_id, iso_week, week_start, seed, rule_version, candidate_count, sample_size,
				  drawn_ids, senior_rep_id, trigger_kind, drawn_at, drawn_by)
				values (:t, :w, :start, :seed, :v, :n, :k, :ids, :senior, :trigger, :now, :by)""")
			.param("t", teamId).param("w", week.code()).param("start", week.monday()).param("seed", seed)
			.param("v", version.version()).param("n", candidates.size()).param("k", drawn.size())
			.param("ids", drawn.stream().map(String::valueOf).collect(Collectors.joining(",")))
			.param("senior", seniors.isEmpty() ? null : seniors.get(0)).param("trigger", trigger)
			.param("now", SqlTime.of(now)).param("by", by)
			.update(keys, "id");
		long drawId = keys.getKeyAs(Long.class);
		Map<Long, Candidate> byId = candidates.stream().collect(Collectors.toMap(Candidate::id, c -> c));
		Map<Long, Integer> perReviewer = new LinkedHashMap<>();
		for (long activityId : drawn) {
			Candidate c = byId.get(activityId);
			var itemKey = new GeneratedKeyHolder();
			jdbc.sql("""
					insert into review_item (draw_id, activity_id, customer_id, team_id, owner_id, author_id, template_code)
					values (:d, :a, :c, :t, :o, :author, :code)""")
				.param("d", drawId).param("a", activityId).param("c", c.customerId()).param("t", teamId)
				.param("o", c.ownerId()).param("author", c.authorId()).param("code", c.templateCode())
				.update(itemKey, "id");
			long itemId = itemKey.getKeyAs(Long.class);
			Long manager = managers.stream().map(UserSummary::id).filter(id -> id != c.authorId()).findFirst().orElse(null);
			Long senior = seniors.stream().filter(id -> id != c.authorId() && !id.equals(manager)).findFirst().orElse(null);
			if (manager != null) {
				slot(itemId, "MANAGER", manager);
				perReviewer.merge(manager, 1, Integer::sum);
			}
			if (senior != null) {
				slot(itemId, "SENIOR", senior);
				perReviewer.merge(senior, 1, Integer::sum);
			}
		}
		Map<String, Object> after = new LinkedHashMap<>();
		after.put("teamId", teamId);
		after.put("week", week.code());
		after.put("seed", seed);
		after.put("ruleVersion", version.version());
		after.put("candidates", candidates.size());
		after.put("drawn", drawn);
		audit.record("review_draw", drawId, "draw", null, after, trigger);
		if (notify) {
			List<Notification> notes = new ArrayList<>();
			perReviewer.forEach((reviewer, count) -> notes.add(Notification.inboxAndEmail(reviewer, "activities.dualReview",
					"每周双人复盘 / Weekly dual review " + week.code(),
					count + " 条跟进待复盘 / follow-ups to review: 可复制动作 or 风险动作 (reproducible or risk action)",
					"/activities/dual-review")));
			notifications.sendAll(notes);
		}
		return new Outcome(drawId, teamId, week.code(), candidates.size(), drawn, true);
	}

	private void slot(long itemId, String role, long reviewer) {
		jdbc.sql("insert into review_slot (item_id, reviewer_role, reviewer_id) values (:i, :r, :u)")
			.param("i", itemId).param("r", role).param("u", reviewer).update();
	}

	/**
	 * The team's active reps (not managers), best first, by the rule: MEAN_QUALITY ranks by the mean quality score of
	 * their follow-ups in the window before {@code end} (reps without a score last), MOST_FOLLOW_UPS by the number of
	 * follow-ups; ties by more follow-ups, then the lower user id.
	 */
	List<Long> seniorRanking(long teamId, DualReviewRule rule, Instant end) {
		Set<Long> reps = new LinkedHashSet<>();
		for (UserSummary u : users.activeMembers(teamId, Role.REP)) {
			if (!u.has(Role.MANAGER)) {
				reps.add(u.id());
			}
		}
		if (reps.isEmpty()) {
			return List.of();
		}
		Instant from = end.minus(java.time.Duration.ofDays(rule.seniorWindowDays()));
		record Stat(long id, double mean, long scored, long count) {
		}
		Map<Long, Stat> stats = new LinkedHashMap<>();
		jdbc.sql("""
				select a.actor_id, avg(cast(q.score as double precision)) as mean, count(q.score) as scored, count(*) as n
				from activity a left join activity_quality q on q.activity_id = a.id
				where a.actor_id in (:reps) and a.occurred_at >= :from and a.occurred_at < :to
				group by a.actor_id""")
			.param("reps", reps).param("from", SqlTime.of(from)).param("to", SqlTime.of(end))
			.query((rs, n) -> new Stat(rs.getLong(1), rs.getObject(2) == null ? -1 : rs.getDouble(2), rs.getLong(3),
					rs.getLong(4)))
			.list().forEach(s -> stats.put(s.id(), s));
		Comparator<Stat> order = "MOST_FOLLOW_UPS".equals(rule.seniorBy())
				? Comparator.comparingLong(Stat::count).reversed()
				: Comparator.comparingDouble(Stat::mean).reversed().thenComparing(Comparator.comparingLong(Stat::scored).reversed());
		return reps.stream().map(id -> stats.getOrDefault(id, new Stat(id, -1, 0, 0)))
			.sorted(order.thenComparing(Comparator.comparingLong(Stat::count).reversed()).thenComparingLong(Stat::id))
			.map(Stat::id).toList();
	}

	static List<Long> ids(String csv) {
		if (csv == null || csv.isBlank()) {
			return List.of();
		}
		return java.util.Arrays.stream(csv.split(",")).map(Long::valueOf).toList();
	}
}
