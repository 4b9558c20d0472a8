package dev.closer.leads.internal.flow;

import java.sql.Date;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The lead-flow rollup for the demo's year of history (SPEC P10, S5). The history leads are inserted in bulk, not
 * through the assignment path that keeps {@code lead_flow_daily} up to date, so their rows are derived here,
 * deterministically (fixed seed), from each lead's team, owner, grade, status and assignment time:
 * <ul>
 * <li>received on the assignment day in the reporting zone;</li>
 * <li>first responses drawn around a median of 12 min (A), 25 min (B), 50 min (C), with a few late ones (2-8 h),
 * some never answered, none later than now; leads assigned before the team adopted the system (older than
 * about 8 months) were answered about 12 times slower, the seeds' "11.3 hours to 27 minutes";</li>
 * <li>re-allocations: every lead now in the pool was recycled from a rep of its team; a few others (A 3 %, B 6 %,
 * C 10 %, twice as many before adoption) went first to a colleague who lost them, then to today's owner.</li>
 * </ul>
 * Only for the demo seeder (flag {@code closer.demo.enabled}); leads created later through intake are counted by
 * the assignment path itself.
 */
@Component
public class DemoLeadFlow {

	private final NamedParameterJdbcTemplate named;

	private final ZoneId zone;

	DemoLeadFlow(NamedParameterJdbcTemplate named, @Value("${closer.reporting-zone:Asia/Shanghai}") ZoneId zone) {
		this.named = named;
		this.zone = zone;
	}

	/** A history lead as the demo seeder inserted it; {@code owner} is null for a lead in the pool. */
	public record Lead(long team, Long owner, String status, String grade, Instant assignedAt) {
	}

	private record Key(LocalDate day, long rep, String grade) {
	}

	/** Writes the rollup rows of these leads (in the caller's transaction); returns how many rows. */
	public int seed(List<Lead> leads, Map<Long, List<Long>> repsByTeam, Instant now) {
		Random random = new Random(20261123);
		Map<Key, long[]> rows = new LinkedHashMap<>();
		Map<Key, Long> teams = new LinkedHashMap<>();
		for (Lead lead : leads) {
			List<Long> reps = repsByTeam.getOrDefault(lead.team(), List.of());
			if (reps.isEmpty()) {
				continue;
			}
			double ageDays = Duration.between(lead.assignedAt(), now).toHours() / 24.0;
			double before = Math.min(1, Math.max(0, (ageDays - 240) / 60));
			double slowdown = 1 + 11 * before;
			double reallocation = switch (lead.grade()) {
				case "A" -> 0.03;
				case "B" -> 0.06;
				default -> 0.10;
			} * (1 + before);
			if ("POOL".equals(lead.status()) || lead.owner() == null) {
				long first = reps.get(random.nextInt(reps.size()));
				count(rows, teams, random, lead, first, lead.assignedAt(), true, 0.4, slowdown, now);
			}
			else if (reps.size() > 1 && random.nextDouble() < reallocation) {
				long first;
				do {
					first = reps.get(random.nextInt(reps.size()));
				}
				while (first == lead.owner());
				count(rows, teams, random, lead, first, lead.assignedAt(), true, 0.4, slowdown, now);
				Instant moved = lead.assignedAt().plus(Duration.ofMinutes(60 + random.nextInt(47 * 60)));
				count(rows, teams, random, lead, lead.owner(), moved.isAfter(now) ? now : moved, false, 0.97, slowdown,
						now);
			}
			else {
				count(rows, teams, random, lead, lead.owner(), lead.assignedAt(), false, 0.97, slowdown, now);
			}
		}
		List<MapSqlParameterSource> batch = new ArrayList<>(rows.size());
		rows.forEach((key, v) -> batch.add(new MapSqlParameterSource().addValue("day", Date.valueOf(key.day()))
			.addValue("rep", key.rep())
			.addValue("grade", key.grade())
			.addValue("team", teams.get(key))
			.addValue("received", (int) v[0])
			.addValue("responded", (int) v[1])
			.addValue("seconds", v[2])
			.addValue("within2h", (int) v[3])
			.addValue("reallocated", (int) v[4])));
		named.batchUpdate("""
				insert into lead_flow_daily ("day", rep_id, grade, team_id, received, responded, response_seconds,
				  responded_2h, reallocated)
				values (:day, :rep, :grade, :team, :received, :responded, :seconds, :within2h, :reallocated)""",
				batch.toArray(MapSqlParameterSource[]::new));
		return batch.size();
	}

	private void count(Map<Key, long[]> rows, Map<Key, Long> teams, Random random, Lead lead, long rep, Instant at,
			boolean lost, double answered, double slowdown, Instant now) {
		Key key = new Key(LocalDate.ofInstant(at, zone), rep, lead.grade());
		long[] row = rows.computeIfAbsent(key, k -> new long[5]);
		teams.putIfAbsent(key, lead.team());
		row[0]++;
		if (random.nextDouble() < answered) {
			long seconds = responseSeconds(random, lead.grade(), slowdown);
			if (!at.plusSeconds(seconds).isAfter(now)) {
				row[1]++;
				row[2] += seconds;
				if (seconds <= 7200) {
					row[3]++;
				}
			}
		}
		if (lost) {
			row[4]++;
		}
	}

	private static long responseSeconds(Random random, String grade, double slowdown) {
		double medianMinutes = switch (Objects.requireNonNull(grade)) {
			case "A" -> 12;
			case "B" -> 25;
			default -> 50;
		};
		double minutes = medianMinutes * Math.exp(0.9 * random.nextGaussian());
		if (random.nextDouble() < 0.03) {
			minutes += 120 + random.nextInt(360);
		}
		return Math.max(30, Math.round(minutes * 60 * slowdown));
	}
}
