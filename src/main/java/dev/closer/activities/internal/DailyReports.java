package dev.closer.activities.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.context.MessageSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import dev.closer.identity.UserDirectory;
import dev.closer.identity.UserSummary;
import dev.closer.shared.problem.BusinessException;
import dev.closer.shared.problem.Fields;
import dev.closer.shared.problem.NotFoundException;
import dev.closer.shared.security.CurrentUser;
import dev.closer.shared.security.DataScope;
import dev.closer.shared.security.DataScopes;
import dev.closer.shared.security.Role;
import dev.closer.shared.time.SqlTime;

/**
 * A rep's daily report (SPEC F3): generated from the day's follow-ups (counts by channel, one line per record,
 * tomorrow's next steps) with a summary the rep edits, saved as a draft and then submitted once. It cannot be
 * submitted while a visit of that day lacks a required essential (customer role, procurement stage) or a photo;
 * the refusal names each such visit. Once submitted the day is closed: its visits' evidence is frozen.
 * The day is the author's calendar day in their time zone.
 */
@Service
class DailyReports {

	static final int SUMMARY_MAX = 4000;

	enum Status {
		NONE, DRAFT, SUBMITTED
	}

	/** One day of one user. */
	record Report(long userId, String userName, LocalDate date, Status status, String summary,
			boolean summaryGenerated, Instant submittedAt, Map<Channel, Integer> channels, List<ActivityView> records,
			List<ActivityView> incompleteVisits, int visits) {

		public boolean submitted() {
			return status == Status.SUBMITTED;
		}

		public boolean submittable() {
			return status != Status.SUBMITTED && incompleteVisits.isEmpty();
		}
	}

	/** A team member's day for the manager's overview. */
	record TeamRow(long userId, String userName, Status status, Instant submittedAt, int records, int visits,
			int incompleteVisits) {
	}

	private final JdbcClient jdbc;

	private final Clock clock;

	private final ActivityQueries queries;

	private final UserDirectory users;

	private final DataScopes scopes;

	private final MessageSource messages;

	private final TransactionTemplate savepoint;

	DailyReports(JdbcClient jdbc, Clock clock, ActivityQueries queries, UserDirectory users, DataScopes scopes,
			MessageSource messages, PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.queries = queries;
		this.users = users;
		this.scopes = scopes;
		this.messages = messages;
		this.savepoint = new TransactionTemplate(transactions);
		this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
	}

	LocalDate today(CurrentUser me) {
		return LocalDate.now(clock.withZone(me.zoneId()));
	}

	@Transactional(readOnly = true)
	public Report mine(CurrentUser me, LocalDate date, Locale locale) {
		LocalDate day = checkDate(me, date);
		return build(me.id(), me.displayName(), me.zoneId(), day, locale);
	}

	/** A team member's report, for a manager whose scope covers them (404 otherwise). */
	@Transactional(readOnly = true)
	public Report of(CurrentUser viewer, long userId, LocalDate date, Locale locale) {
		UserSummary user = visibleMember(viewer, userId);
		LocalDate day = date == null ? LocalDate.now(clock.withZone(user.zoneId())) : date;
		return build(user.id(), user.displayName(), user.zoneId(), day, locale);
	}

	@Transactional
	public Report saveDraft(CurrentUser me, LocalDate date, String summary, Locale locale) {
		LocalDate day = checkDate(me, date);
		String text = Fields.optional("summary", summary, SUMMARY_MAX);
		Report current = build(me.id(), me.displayName(), me.zoneId(), day, locale);
		lockRow(me, day, current);
		if (status(me.id(), day) == Status.SUBMITTED) {
			throw BusinessException.conflict("error.daily.submitted", day.toString());
		}
		jdbc.sql("""
				update daily_report set summary = :s, activities = :a, visits = :v, updated_at = :now
				where user_id = :u and report_date = :d""")
			.param("s", text).param("a", current.records().size()).param("v", current.visits())
			.param("now", SqlTime.of(Instant.now(clock))).param("u", me.id()).param("d", day).update();
		return build(me.id(), me.displayName(), me.zoneId(), day, locale);
	}

	/**
	 * Submits the day: locks the report row first, then reads the day's visits, so a visit completed or added
	 * concurrently is either seen or refused by the closed day. Refused (422, field {@code visits}) while a visit
	 * lacks evidence, naming each; refused (409) when already submitted; the summary is required.
	 */
	@Transactional
	public Report submit(CurrentUser me, LocalDate date, String summary, Locale locale) {
		LocalDate day = checkDate(me, date);
		String text = Fields.optional("summary", summary, SUMMARY_MAX);
		Report before = build(me.id(), me.displayName(), me.zoneId(), day, locale);
		lockRow(me, day, before);
		if (status(me.id(), day) == Status.SUBMITTED) {
			throw BusinessException.conflict("error.daily.submitted", day.toString());
		}
		Report current = build(me.id(), me.displayName(), me.zoneId(), day, locale);
		if (!current.incompleteVisits().isEmpty()) {
			throw BusinessException.invalidField("visits", "error.daily.visitsIncomplete",
					current.incompleteVisits().size(), describe(current.incompleteVisits(), me.zoneId(), locale));
		}
		if (text == null) {
			text = current.summary();
		}
		if (text == null || text.isBlank()) {
			throw BusinessException.invalidField("summary", "error.daily.summaryRequired");
		}
		Instant now = Instant.now(clock);
		jdbc.sql("""
				update daily_report set summary = :s, status = 'SUBMITTED', activities = :a, visits = :v,
				  updated_at = :now, submitted_at = :now
				where user_id = :u and report_date = :d""")
			.param("s", text).param("a", current.records().size()).param("v", current.visits())
			.param("now", SqlTime.of(now)).param("u", me.id()).param("d", day).update();
		return build(me.id(), me.displayName(), me.zoneId(), day, locale);
	}

	/** The day of every member of a team the viewer manages (scope TEAMS or ALL), reps first by name. */
	@Transactional(readOnly = true)
	public List<TeamRow> team(CurrentUser viewer, long teamId, LocalDate date) {
		DataScope scope = scopes.of(viewer);
		if (!viewer.isManagerial() || !(scope.level() == DataScope.Level.ALL || scope.teamIds().contains(teamId))) {
			throw new NotFoundException("team", teamId);
		}
		users.team(teamId).orElseThrow(() -> new NotFoundException("team", teamId));
		Set<Long> seen = new java.util.HashSet<>();
		List<TeamRow> rows = new ArrayList<>();
		for (Role role : List.of(Role.REP, Role.PRESALES, Role.MANAGER)) {
			for (UserSummary u : users.activeMembers(teamId, role)) {
				if (!seen.add(u.id())) {
					continue;
				}
				Instant[] window = window(date, u.zoneId());
				List<ActivityView> records = queries.byActor(u.id(), window[0], window[1]);
				List<ActivityView> visits = records.stream().filter(r -> r.visit() != null).toList();
				Optional<Object[]> row = reportRow(u.id(), date);
				rows.add(new TeamRow(u.id(), u.displayName(),
						row.map(r -> Status.valueOf((String) r[0])).orElse(Status.NONE),
						row.map(r -> (Instant) r[1]).orElse(null), records.size(), visits.size(),
						(int) visits.stream().filter(v -> !v.visit().complete()).count()));
			}
		}
		return rows;
	}

	/** Teams the viewer may open the overview for. */
	List<dev.closer.identity.TeamSummary> teams(CurrentUser viewer) {
		DataScope scope = scopes.of(viewer);
		if (!viewer.isManagerial()) {
			return List.of();
		}
		return users.teams().stream()
			.filter(t -> scope.level() == DataScope.Level.ALL || scope.teamIds().contains(t.id()))
			.toList();
	}

	private Report build(long userId, String userName, ZoneId zone, LocalDate day, Locale locale) {
		Instant[] window = window(day, zone);
		List<ActivityView> records = queries.byActor(userId, window[0], window[1]);
		Map<Channel, Integer> channels = new EnumMap<>(Channel.class);
		records.forEach(r -> Channel.parse(r.channel()).ifPresent(c -> channels.merge(c, 1, Integer::sum)));
		List<ActivityView> visits = records.stream().filter(r -> r.visit() != null).toList();
		List<ActivityView> incomplete = visits.stream().filter(v -> !v.visit().complete()).toList();
		Optional<Object[]> row = reportRow(userId, day);
		Status status = row.map(r -> Status.valueOf((String) r[0])).orElse(Status.NONE);
		String stored = row.map(r -> (String) r[2]).orElse(null);
		boolean generated = stored == null;
		String summary = generated ? generate(records, channels, zone, locale) : stored;
		return new Report(userId, userName, day, status, summary, generated, row.map(r -> (Instant) r[1]).orElse(null),
				channels, records, incomplete, visits.size());
	}

	/** The generated summary: counts by channel, one line per follow-up, next steps. The rep edits it. */
	String generate(List<ActivityView> records, Map<Channel, Integer> channels, ZoneId zone, Locale locale) {
		if (records.isEmpty()) {
			return "";
		}
		StringBuilder sb = new StringBuilder();
		List<String> counts = new ArrayList<>();
		channels.forEach((c, n) -> counts.add(msg("activity.channel." + c.name(), locale) + " " + n));
		sb.append(msg("daily.generated.head", locale, records.size(), String.join(locale.getLanguage().equals("zh")
				? "、" : ", ", counts))).append('\n');
		DateTimeFormatter hm = DateTimeFormatter.ofPattern("HH:mm");
		for (ActivityView r : records) {
			sb.append("- ").append(hm.format(r.occurredAt().atZone(zone))).append(' ').append(r.subjectName())
				.append(" (").append(msg("activity.channel." + r.channel(), locale));
			if (r.visit() != null) {
				r.visit().shown().stream().filter(s -> ScenarioTemplates.VISIT_FIELDS.contains(s.name()))
					.forEach(s -> sb.append(", ").append(s.value()));
			}
			sb.append("): ").append(r.action());
			if (r.output() != null) {
				sb.append(" → ").append(r.output());
			}
			sb.append('\n');
		}
		Set<String> next = new TreeSet<>();
		records.stream().filter(r -> r.nextStep() != null && r.nextStepOpen())
			.forEach(r -> next.add(r.nextStepDue() + " " + r.subjectName() + ": " + r.nextStep()));
		if (!next.isEmpty()) {
			sb.append(msg("daily.generated.next", locale)).append('\n');
			next.forEach(n -> sb.append("- ").append(n).append('\n'));
		}
		String text = sb.toString().strip();
		return text.length() > SUMMARY_MAX ? text.substring(0, SUMMARY_MAX - 1) + "…" : text;
	}

	/** The incomplete visits for a message, e.g. 华山医院 10:30 (photo, customer role); ... */
	String describe(List<ActivityView> visits, ZoneId zone, Locale locale) {
		DateTimeFormatter hm = DateTimeFormatter.ofPattern("HH:mm");
		List<String> parts = new ArrayList<>();
		for (ActivityView v : visits) {
			List<String> missing = new ArrayList<>(v.visit().missingFields());
			if (v.visit().photoMissing()) {
				missing.add(0, msg("visit.photo", locale));
			}
			parts.add(v.subjectName() + " " + hm.format(v.occurredAt().atZone(zone)) + " ("
					+ String.join(", ", missing) + ")");
		}
		return String.join("; ", parts);
	}

	private LocalDate checkDate(CurrentUser me, LocalDate date) {
		LocalDate today = today(me);
		LocalDate day = date == null ? today : date;
		if (day.isAfter(today)) {
			throw BusinessException.invalidField("date", "error.daily.future", today.toString());
		}
		if (day.isBefore(today.minusDays(366))) {
			throw BusinessException.invalidField("date", "error.daily.tooOld");
		}
		return day;
	}

	/** Makes sure the report row exists (a draft), then locks it. */
	private void lockRow(CurrentUser me, LocalDate day, Report current) {
		if (reportRow(me.id(), day).isEmpty()) {
			try {
				savepoint.executeWithoutResult(s -> jdbc.sql("""
						insert into daily_report (user_id, team_id, report_date, summary, status, activities, visits,
						  updated_at)
						values (:u, :t, :d, null, 'DRAFT', :a, :v, :now)""")
					.param("u", me.id()).param("t", me.teamId()).param("d", day)
					.param("a", current.records().size()).param("v", current.visits())
					.param("now", SqlTime.of(Instant.now(clock))).update());
			}
			catch (DuplicateKeyException raced) {
				// created concurrently: lock it below
			}
		}
		jdbc.sql("select id from daily_report where user_id = :u and report_date = :d for update")
			.param("u", me.id()).param("d", day).query(Long.class).single();
	}

	private Status status(long userId, LocalDate day) {
		return reportRow(userId, day).map(r -> Status.valueOf((String) r[0])).orElse(Status.NONE);
	}

	/** status, submitted_at, summary */
	private Optional<Object[]> reportRow(long userId, LocalDate day) {
		return jdbc.sql("select status, submitted_at, summary from daily_report where user_id = :u and report_date = :d")
			.param("u", userId).param("d", day)
			.query((rs, n) -> new Object[] { rs.getString("status"),
					rs.getTimestamp("submitted_at") == null ? null : rs.getTimestamp("submitted_at").toInstant(),
					rs.getString("summary") })
			.optional();
	}

	private UserSummary visibleMember(CurrentUser viewer, long userId) {
		UserSummary user = users.find(userId).orElseThrow(() -> new NotFoundException("user", userId));
		if (user.id() == viewer.id()) {
			return user;
		}
		DataScope scope = scopes.of(viewer);
		if (!viewer.isManagerial() || !scope.allows(null, user.teamId())) {
			throw new NotFoundException("user", userId);
		}
		return user;
	}

	static Instant[] window(LocalDate day, ZoneId zone) {
		return new Instant[] { day.atStartOfDay(zone).toInstant(), day.plusDays(1).atStartOfDay(zone).toInstant() };
	}

	private String msg(String key, Locale locale, Object... args) {
		return messages.getMessage(key, args, key, locale);
	}
}
