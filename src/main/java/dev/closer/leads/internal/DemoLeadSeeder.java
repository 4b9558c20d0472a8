package dev.closer.leads.internal;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.closer.identity.TeamSummary;
import dev.closer.identity.UserDirectory;
import dev.closer.identity.UserSummary;
import dev.closer.leads.internal.flow.DemoLeadFlow;
import dev.closer.shared.security.Role;

/**
 * SPEC P10: a year of lead history for the demo company (2,000 leads: won, lost, open, some in the pool),
 * rep profiles around each team's city, and the newest leads allocated by the real engine so that "why
 * this rep" has something to explain. Deterministic (fixed seed). Runs once, on an empty lead table.
 */
@Component
@Order(20)
@ConditionalOnBooleanProperty(name = "closer.demo.enabled", matchIfMissing = true)
class DemoLeadSeeder implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(DemoLeadSeeder.class);

	static final int HISTORY = 1_960;

	static final int LIVE = 40;

	/** Team city (latitude, longitude), in the order the demo teams are created. */
	private static final Map<String, double[]> CITIES = Map.of("上海一组", new double[] { 31.2304, 121.4737 }, "杭州组",
			new double[] { 30.2741, 120.1551 }, "深圳组", new double[] { 22.5431, 114.0579 }, "广州组",
			new double[] { 23.1291, 113.2644 }, "北京组", new double[] { 39.9042, 116.4074 }, "天津组",
			new double[] { 39.3434, 117.3616 });

	private static final String[] INDUSTRIES = { "medical", "education", "manufacturing", "saas", "retail" };

	private static final String[] CHANNELS = { "web", "wecom", "trade-show", "referral", "phone", "douyin" };

	private static final String[] SURNAMES = { "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙" };

	private static final String[] COMPANY_WORDS = { "瑞康", "华信", "明远", "恒通", "博雅", "启航", "众诚", "安泰", "新航",
			"远景", "德润", "嘉禾" };

	private final RepLoads loads;

	private final JdbcClient jdbc;

	private final NamedParameterJdbcTemplate named;

	private final UserDirectory users;

	private final LeadIntake intake;

	private final TransactionTemplate tx;

	private final Clock clock;

	private final DemoLeadFlow flow;

	DemoLeadSeeder(JdbcClient jdbc, NamedParameterJdbcTemplate named, UserDirectory users, LeadIntake intake,
			TransactionTemplate tx, Clock clock, DemoLeadFlow flow, RepLoads loads) {
		this.loads = loads;
		this.flow = flow;
		this.jdbc = jdbc;
		this.named = named;
		this.users = users;
		this.intake = intake;
		this.tx = tx;
		this.clock = clock;
	}

	@Override
	public void run(ApplicationArguments args) {
		if (jdbc.sql("select count(*) from lead").query(Long.class).single() > 0
				|| users.findByUsername("zhangwei").isEmpty()) {
			return;
		}
		long started = System.nanoTime();
		Random random = new Random(20260122);
		Instant now = Instant.now(clock);
		List<TeamSummary> teams = users.teams().stream().filter(t -> CITIES.containsKey(t.name())).toList();
		Map<Long, List<UserSummary>> reps = new HashMap<>();
		tx.executeWithoutResult(s -> {
			for (TeamSummary team : teams) {
				List<UserSummary> members = users.members(team.id(), Role.REP);
				reps.put(team.id(), members);
				double[] city = CITIES.get(team.name());
				for (UserSummary rep : members) {
					jdbc.sql("""
							insert into rep_profile (user_id, skills, regions, base_latitude, base_longitude, radius_km, updated_at)
							values (:u, :skills, :regions, :lat, :lon, :radius, :now)""")
						.param("u", rep.id())
						.param("skills", INDUSTRIES[random.nextInt(INDUSTRIES.length)] + ","
								+ INDUSTRIES[random.nextInt(INDUSTRIES.length)])
						.param("regions", String.valueOf(team.regionId()))
						.param("lat", city[0] + (random.nextDouble() - 0.5) * 0.2)
						.param("lon", city[1] + (random.nextDouble() - 0.5) * 0.2)
						.param("radius", 20.0 + random.nextInt(30))
						.param("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
						.update();
				}
			}
			List<MapSqlParameterSource> rows = new ArrayList<>(HISTORY);
			for (int i = 0; i < HISTORY; i++) {
				TeamSummary team = teams.get(random.nextInt(teams.size()));
				List<UserSummary> members = reps.get(team.id());
				UserSummary owner = members.get(random.nextInt(members.size()));
				Instant created = now.minus(Duration.ofMinutes(30 + random.nextInt(365 * 24 * 60)));
				boolean recent = created.isAfter(now.minus(Duration.ofDays(30)));
				String status;
				Instant closed = null;
				// about 0.7 of a baseline of active leads per rep: most history is closed, half of the last month open
				if (recent) {
					int r = random.nextInt(20);
					status = r < 2 ? "POOL" : r < 11 ? "ASSIGNED" : r < 14 ? "CONVERTED" : "CLOSED";
				}
				else {
					status = random.nextInt(10) < 3 ? "CONVERTED" : (random.nextInt(50) == 0 ? "ASSIGNED" : "CLOSED");
				}
				if ("CONVERTED".equals(status) || "CLOSED".equals(status)) {
					closed = created.plus(Duration.ofHours(24 + random.nextInt(40 * 24)));
					if (closed.isAfter(now)) {
						closed = now.minus(Duration.ofMinutes(10));
					}
				}
				rows.add(row(random, team, "POOL".equals(status) ? null : owner.id(), status, created, closed, i));
			}
			named.batchUpdate("""
					insert into lead (team_id, owner_id, status, grade, grading_version, contact_name, phone, phone_e164,
					  company, company_norm, industry, product_line, region_id, latitude, longitude, budget,
					  budget_confirmed, decision_chain_known, source_channel, created_at, assigned_at, closed_at, updated_at)
					values (:team, :owner, :status, :grade, 1, :name, :phone, :e164, :company, :companyNorm, :industry,
					  :product, :region, :lat, :lon, :budget, :confirmed, :chain, :channel, :created, :assigned, :closed,
					  :created)""", rows.toArray(MapSqlParameterSource[]::new));
			// the heatmap's rollup for this history (intake keeps it for the live leads below)
			flow.seed(rows.stream()
				.map(r -> new DemoLeadFlow.Lead((Long) r.getValue("team"), (Long) r.getValue("owner"),
						(String) r.getValue("status"), (String) r.getValue("grade"),
						((OffsetDateTime) r.getValue("created")).toInstant()))
				.toList(), reps.entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey,
						e -> e.getValue().stream().map(UserSummary::id).toList())), now);
			loads.recount(null); // the history above was written as rows: count its assigned leads once
		});
		// the newest leads go through the real intake: graded, deduplicated and allocated, with decisions
		for (int i = 0; i < LIVE; i++) {
			TeamSummary team = teams.get(i % teams.size());
			double[] city = CITIES.get(team.name());
			int n = i;
			tx.executeWithoutResult(s -> intake.create(new LeadRequest(team.id(), name(random),
					"13" + (5 + n % 4) + String.format("%08d", 10_000_000 + random.nextInt(89_999_999)), null, null,
					company(random), INDUSTRIES[n % INDUSTRIES.length], "设备-" + (n % 3 + 1), team.regionId(), null,
					city[0] + (random.nextDouble() - 0.5) * 0.4, city[1] + (random.nextDouble() - 0.5) * 0.4,
					new BigDecimal(50_000 + random.nextInt(2_000_000)), n % 3 == 0, n % 2 == 0,
					now.plus(Duration.ofHours(4 + random.nextInt(72))), CHANNELS[n % CHANNELS.length], "2026 秋季推广",
					null, null), null));
		}
		log.info("Seeded {} demo leads in {} ms", HISTORY + LIVE, (System.nanoTime() - started) / 1_000_000);
	}

	private static MapSqlParameterSource row(Random random, TeamSummary team, Long owner, String status,
			Instant created, Instant closed, int i) {
		double[] city = CITIES.get(team.name());
		boolean confirmed = random.nextInt(3) == 0;
		boolean chain = random.nextInt(3) == 0;
		String grade = confirmed && chain ? "A" : (confirmed || chain ? "B" : "C");
		String company = company(random);
		String phone = "13" + (5 + random.nextInt(4)) + String.format("%08d", i * 37 % 100_000_000);
		return new MapSqlParameterSource().addValue("team", team.id())
			.addValue("owner", owner)
			.addValue("status", status)
			.addValue("grade", grade)
			.addValue("name", name(random))
			.addValue("phone", phone)
			.addValue("e164", "+86" + phone)
			.addValue("company", company)
			// history keeps distinct dedupe keys: the demo's few company names would otherwise make most new leads duplicates
			.addValue("companyNorm", ContactNormalizer.company(company) + "-" + i)
			.addValue("industry", INDUSTRIES[random.nextInt(INDUSTRIES.length)])
			.addValue("product", "设备-" + (1 + random.nextInt(3)))
			.addValue("region", team.regionId())
			.addValue("lat", city[0] + (random.nextDouble() - 0.5) * 0.6)
			.addValue("lon", city[1] + (random.nextDouble() - 0.5) * 0.6)
			.addValue("budget", new BigDecimal(20_000 + random.nextInt(3_000_000)))
			.addValue("confirmed", confirmed)
			.addValue("chain", chain)
			.addValue("channel", CHANNELS[random.nextInt(CHANNELS.length)])
			.addValue("created", OffsetDateTime.ofInstant(created, ZoneOffset.UTC))
			.addValue("assigned", owner == null ? null : OffsetDateTime.ofInstant(created, ZoneOffset.UTC))
			.addValue("closed", closed == null ? null : OffsetDateTime.ofInstant(closed, ZoneOffset.UTC));
	}

	private static String name(Random random) {
		return SURNAMES[random.nextInt(SURNAMES.length)] + (random.nextBoolean() ? "先生" : "女士");
	}

	private static String company(Random random) {
		String city = new String[] { "上海", "杭州", "深圳", "广州", "北京", "天津" }[random.nextInt(6)];
		return city + COMPANY_WORDS[random.nextInt(COMPANY_WORDS.length)] + new String[] { "医疗器械有限公司", "教育科技有限公司",
				"智能制造股份有限公司", "信息技术有限公司" }[random.nextInt(4)];
	}
}
