package dev.closer.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;

import dev.closer.leads.internal.sla.SlaPolicy;
import dev.closer.leads.internal.sla.SlaPolicyDocument;
import tools.jackson.databind.json.JsonMapper;

/**
 * W4 (docs/BENCHMARKS.md): 1,000,000 open leads carrying live SLA clocks on PostgreSQL, against the
 * packaged app running with its real db-scheduler ticker.
 *
 * <ol>
 * <li>idle CPU of the app for 60 s before the clocks exist (from /proc/PID/stat);</li>
 * <li>seeds 1,000 reps in 100 teams and 1,000,000 assigned grade-A leads with running clocks (plain SQL):
 * 6,000 of them fall due over one minute (100 steps/s) starting 40 s later, the rest days later;</li>
 * <li>runs W2-style intake ({@link IntakeLoadDriver}: 32 clients, 60 s) while those steps fall due,
 * then reports how late each step fired (fired_at − due_at, p50/p99/max);</li>
 * <li>idle CPU of the app for 60 s with the 1,000,000 clocks open and none due.</li>
 * </ol>
 * Usage: {@code SlaClockLoadDriver <jdbc-url> <app-pid> <app-base-url> [intake-teams]}.
 */
public final class SlaClockLoadDriver {

	static final int REPS = 1_000;

	static final int TEAMS = 100;

	static final int LEADS = 1_000_000;

	static final int DUE_SOON = 6_000;

	public static void main(String[] args) throws Exception {
		String url = args[0];
		long pid = Long.parseLong(args[1]);
		String base = args[2];
		String intakeTeams = args.length > 3 ? args[3] : "1,2,3,4,5,6";
		try (Connection db = DriverManager.getConnection(url, "postgres", "")) {
			System.out.printf("idle, no clocks: %s%n", idleCpu(pid, 60));
			long started = System.nanoTime();
			Instant firstDue = seed(db);
			System.out.printf("seeded %,d open leads with clocks in %.0f s%n", LEADS, (System.nanoTime() - started) / 1e9);
			long wait = Duration.between(Instant.now(), firstDue).toMillis() - 5_000;
			if (wait > 0) {
				Thread.sleep(wait); // the intake warm-up (5 s) ends when the first steps fall due
			}
			IntakeLoadDriver.main(new String[] { base, "32", "60", intakeTeams });
			Thread.sleep(10_000); // let the last steps of the window fire
			lateness(db, firstDue);
			System.out.printf("idle, %,d open clocks, none due: %s%n", openClocks(db), idleCpu(pid, 60));
		}
	}

	static Instant seed(Connection db) throws Exception {
		db.setAutoCommit(false);
		try (Statement s = db.createStatement()) {
			s.execute("insert into region (name, created_at) values ('W4', now())");
			s.execute("""
					insert into team (region_id, name, created_at)
					select (select max(id) from region where name = 'W4'), 'W4-' || g, now() from generate_series(1, %d) g"""
				.formatted(TEAMS));
			s.execute("""
					insert into app_user (username, display_name, email, password_hash, status, team_id, time_zone, created_at)
					select 'w4rep' || g, 'W4 销售 ' || g, 'w4rep' || g || '@example.com', '{noop}x', 'ACTIVE',
					       (select min(id) from team where name like 'W4-%%') + (g %% %d), 'Asia/Shanghai', now()
					from generate_series(1, %d) g""".formatted(TEAMS, REPS));
			s.execute("insert into user_role (user_id, role) select id, 'REP' from app_user where username like 'w4rep%'");
			String policy = JsonMapper.builder().build().writeValueAsString(SlaPolicyDocument.of(SlaPolicy.defaults()));
			try (PreparedStatement p = db.prepareStatement("""
					insert into sla_policy (team_id, version, policy, created_at, created_by, comment)
					select id, 1, ?, now(), 'w4', 'defaults' from team where name like 'W4-%'""")) {
				p.setString(1, policy);
				p.execute();
			}
			s.execute("""
					insert into lead (team_id, owner_id, status, grade, grading_version, contact_name, created_at,
					                  assigned_at, updated_at)
					select u.team_id, u.id, 'ASSIGNED', 'A', 1, 'w4', now(), now(), now()
					from generate_series(0, %d) g
					join (select id, team_id, row_number() over (order by id) - 1 as n from app_user
					      where username like 'w4rep%%') u on u.n = g %% %d""".formatted(LEADS - 1, REPS));
			// the reps' kept counts of assigned leads (RepLoads), as the application would have them
			s.execute("""
					insert into rep_profile (user_id, active_leads, updated_at)
					select owner_id, count(*), now() from lead where contact_name = 'w4' group by owner_id""");
			db.commit();
		}
		Instant firstDue = Instant.now().plusSeconds(40);
		try (PreparedStatement p = db.prepareStatement("""
				insert into lead_sla_clock (lead_id, cycle, running, owner_id, team_id, grade, policy_id, assigned_at,
				                            next_due_at, updated_at)
				select l.id, 1, true, l.owner_id, l.team_id, 'A', p.id, d.due - interval '30 minutes', d.due, now()
				from (select id, owner_id, team_id, row_number() over (order by id) - 1 as n from lead
				      where contact_name = 'w4') l
				join sla_policy p on p.team_id = l.team_id and p.version = 1
				cross join lateral (select case when l.n < ? then ?::timestamptz + (l.n * interval '10 milliseconds')
				                                else ?::timestamptz + interval '2 days' + (l.n * interval '100 milliseconds')
				                           end as due) d""")) {
			p.setInt(1, DUE_SOON);
			p.setObject(2, firstDue.atOffset(java.time.ZoneOffset.UTC));
			p.setObject(3, firstDue.atOffset(java.time.ZoneOffset.UTC));
			p.execute();
		}
		db.commit();
		try (Statement s = db.createStatement()) {
			s.execute("analyze lead");
			s.execute("analyze lead_sla_clock");
		}
		db.commit();
		db.setAutoCommit(true);
		return firstDue;
	}

	static void lateness(Connection db, Instant firstDue) throws Exception {
		try (PreparedStatement p = db.prepareStatement("""
				select count(*),
				       percentile_cont(0.5) within group (order by extract(epoch from fired_at - due_at)),
				       percentile_cont(0.99) within group (order by extract(epoch from fired_at - due_at)),
				       max(extract(epoch from fired_at - due_at))
				from lead_sla_event e join lead l on l.id = e.lead_id
				where l.contact_name = 'w4' and e.due_at >= ? and e.due_at < ?""")) {
			p.setObject(1, firstDue.atOffset(java.time.ZoneOffset.UTC));
			p.setObject(2, firstDue.plusSeconds(DUE_SOON / 100 + 1).atOffset(java.time.ZoneOffset.UTC));
			try (ResultSet rs = p.executeQuery()) {
				rs.next();
				System.out.printf("steps due in the window: %d fired; lateness s: p50=%.2f p99=%.2f max=%.2f%n",
						rs.getLong(1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4));
			}
		}
		try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("""
				select count(*) from lead_sla_clock c join lead l on l.id = c.lead_id
				where l.contact_name = 'w4' and c.next_due_at < now() - interval '5 seconds'""")) {
			rs.next();
			System.out.printf("clocks still overdue by more than 5 s: %d%n", rs.getLong(1));
		}
	}

	static long openClocks(Connection db) throws Exception {
		try (Statement s = db.createStatement();
				ResultSet rs = s.executeQuery("select count(*) from lead_sla_clock where running = true")) {
			rs.next();
			return rs.getLong(1);
		}
	}

	/** CPU the app process used over {@code seconds} idle seconds, from /proc (utime + stime, clock ticks of 10 ms). */
	static String idleCpu(long pid, int seconds) throws Exception {
		long before = cpuTicks(pid);
		Thread.sleep(seconds * 1_000L);
		long used = cpuTicks(pid) - before;
		return "%.2f CPU-seconds in %d s (%.2f %% of one core)".formatted(used / 100.0, seconds, used / (double) seconds);
	}

	static long cpuTicks(long pid) throws Exception {
		String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
		String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		return Long.parseLong(f[11]) + Long.parseLong(f[12]);
	}
}
