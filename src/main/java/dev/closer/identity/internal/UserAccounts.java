package dev.closer.identity.internal;

import dev.closer.shared.time.SqlTime;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.closer.identity.AccountStatus;
import dev.closer.identity.AccountStatusChanged;
import dev.closer.identity.UserSummary;
import dev.closer.shared.audit.AuditLog;
import dev.closer.shared.problem.BusinessException;
import dev.closer.shared.problem.NotFoundException;
import dev.closer.shared.security.Role;

/**
 * Writes to user accounts: create, edit, roles, status, password. Every change is audited in the
 * same transaction. Refuses to leave the company without an active administrator.
 */
@Service
@Transactional
class UserAccounts {

	static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._-]{2,64}");

	private final JdbcClient jdbc;

	private final UserQueries queries;

	private final PasswordEncoder passwords;

	private final AuditLog audit;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	UserAccounts(JdbcClient jdbc, UserQueries queries, PasswordEncoder passwords, AuditLog audit,
			ApplicationEventPublisher events, Clock clock) {
		this.jdbc = jdbc;
		this.queries = queries;
		this.passwords = passwords;
		this.audit = audit;
		this.events = events;
		this.clock = clock;
	}

	/** What an admin may set on a user. Team is required unless the user is a director (region) or admin. */
	record UserDetails(String username, String displayName, String email, String phone, Long teamId, Long regionId,
			Set<Role> roles, String timeZone) {
	}

	UserSummary create(UserDetails details, String rawPassword) {
		validate(details, null);
		if (rawPassword == null || rawPassword.length() < 8) {
			throw BusinessException.invalidField("password", "error.user.passwordTooShort", 8);
		}
		if (queries.findByUsername(details.username()).isPresent()) {
			throw BusinessException.conflict("error.user.duplicate", details.username());
		}
		long id = insert(details, passwords.encode(rawPassword), AccountStatus.ACTIVE);
		UserSummary created = queries.find(id).orElseThrow();
		audit.record("user", id, "create", null, snapshot(created), null);
		return created;
	}

	/** Inserts without audit or validation; for the demo seeder, which passes a pre-computed hash. */
	long insert(UserDetails details, String passwordHash, AccountStatus status) {
		Instant now = Instant.now(clock);
		var keys = new GeneratedKeyHolder();
		jdbc.sql("""
				insert into app_user (username, display_name, email, phone, password_hash, status, team_id, region_id,
				                      time_zone, created_at, status_changed_at)
				values (:u, :n, :e, :p, :h, :s, :t, :r, :z, :now, :now)""")
			.param("u", details.username()).param("n", details.displayName()).param("e", blankToNull(details.email()))
			.param("p", blankToNull(details.phone())).param("h", passwordHash).param("s", status.name())
			.param("t", details.teamId()).param("r", regionOf(details)).param("z", zoneOf(details))
			.param("now", SqlTime.of(now))
			.update(keys, "id");
		long id = keys.getKeyAs(Long.class);
		writeRoles(id, details.roles());
		return id;
	}

	UserSummary update(long id, UserDetails details, String reason) {
		UserSummary before = queries.find(id).orElseThrow(() -> new NotFoundException("user", id));
		validate(details, before);
		if (!details.username().equalsIgnoreCase(before.username())
				&& queries.findByUsername(details.username()).isPresent()) {
			throw BusinessException.conflict("error.user.duplicate", details.username());
		}
		if (before.has(Role.ADMIN) && !details.roles().contains(Role.ADMIN) && before.active()
				&& lockActiveAdmins() <= 1) {
			throw BusinessException.conflict("error.user.lastAdmin");
		}
		jdbc.sql("""
				update app_user set username = :u, display_name = :n, email = :e, phone = :p, team_id = :t,
				       region_id = :r, time_zone = :z, version = version + 1 where id = :id""")
			.param("u", details.username()).param("n", details.displayName()).param("e", blankToNull(details.email()))
			.param("p", blankToNull(details.phone())).param("t", details.teamId()).param("r", regionOf(details))
			.param("z", zoneOf(details)).param("id", id)
			.update();
		jdbc.sql("delete from user_role where user_id = :id").param("id", id).update();
		writeRoles(id, details.roles());
		UserSummary after = queries.find(id).orElseThrow();
		if (!before.roles().equals(after.roles())) {
			audit.record("user", id, "roles", new TreeSet<>(before.roles()), new TreeSet<>(after.roles()), reason);
		}
		audit.record("user", id, "update", snapshot(before), snapshot(after), reason);
		return after;
	}

	/**
	 * Enables or disables an account. Disabling the last active ADMIN is refused. Returns whether
	 * anything changed.
	 */
	boolean setStatus(long id, AccountStatus status, String reason) {
		// lock the row: a concurrent HR sync or admin edit waits for us
		jdbc.sql("select id from app_user where id = :id for update").param("id", id).query(Long.class).optional()
			.orElseThrow(() -> new NotFoundException("user", id));
		UserSummary before = queries.find(id).orElseThrow(() -> new NotFoundException("user", id));
		if (before.status() == status) {
			return false;
		}
		if (status == AccountStatus.DISABLED && before.has(Role.ADMIN) && lockActiveAdmins() <= 1) {
			throw BusinessException.conflict("error.user.lastAdmin");
		}
		jdbc.sql("update app_user set status = :s, status_changed_at = :at, version = version + 1 where id = :id")
			.param("s", status.name()).param("at", SqlTime.of(Instant.now(clock))).param("id", id).update();
		if (status == AccountStatus.DISABLED) {
			jdbc.sql("update api_token set revoked_at = :at where user_id = :id and revoked_at is null")
				.param("at", SqlTime.of(Instant.now(clock))).param("id", id).update();
		}
		audit.record("user", id, "status", before.status().name(), status.name(), reason);
		events.publishEvent(new AccountStatusChanged(id, before.status(), status, reason));
		return true;
	}

	/**
	 * Counts active admins while locking their rows, so two admins disabling each other at the same
	 * time cannot leave the company with none.
	 */
	private long lockActiveAdmins() {
		return jdbc.sql("""
				select id from app_user where status = 'ACTIVE'
				and id in (select user_id from user_role where role = 'ADMIN') for update""")
			.query(Long.class).list().size();
	}

	void changePassword(long id, String rawPassword) {
		if (rawPassword == null || rawPassword.length() < 8) {
			throw BusinessException.invalidField("password", "error.user.passwordTooShort", 8);
		}
		queries.find(id).orElseThrow(() -> new NotFoundException("user", id));
		jdbc.sql("update app_user set password_hash = :h, failed_logins = 0, locked_until = null where id = :id")
			.param("h", passwords.encode(rawPassword)).param("id", id).update();
		audit.record("user", id, "password", null, null, null);
	}

	private void validate(UserDetails d, UserSummary existing) {
		if (d.username() == null || !USERNAME.matcher(d.username()).matches()) {
			throw BusinessException.invalidField("username", "error.user.username");
		}
		if (d.displayName() == null || d.displayName().isBlank() || d.displayName().length() > 100) {
			throw BusinessException.invalidField("displayName", "error.required");
		}
		if (d.email() != null && !d.email().isBlank() && !d.email().matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
			throw BusinessException.invalidField("email", "error.email");
		}
		if (d.roles() == null || d.roles().isEmpty()) {
			throw BusinessException.invalidField("roles", "error.user.roles");
		}
		if (d.teamId() != null && queries.team(d.teamId()).isEmpty()) {
			throw BusinessException.invalidField("teamId", "error.team.unknown", d.teamId());
		}
		if (d.regionId() != null && queries.regions().stream().noneMatch(r -> r.id() == d.regionId())) {
			throw BusinessException.invalidField("regionId", "error.region.unknown", d.regionId());
		}
		boolean needsTeam = d.roles().stream().anyMatch(r -> r == Role.REP || r == Role.MANAGER);
		if (needsTeam && d.teamId() == null) {
			throw BusinessException.invalidField("teamId", "error.user.teamRequired");
		}
		if (d.roles().contains(Role.DIRECTOR) && d.teamId() == null && d.regionId() == null) {
			throw BusinessException.invalidField("regionId", "error.user.regionRequired");
		}
		if (d.timeZone() != null && !d.timeZone().isBlank()) {
			try {
				ZoneId.of(d.timeZone());
			}
			catch (RuntimeException e) {
				throw BusinessException.invalidField("timeZone", "error.user.timeZone", d.timeZone());
			}
		}
	}

	private Long regionOf(UserDetails d) {
		if (d.teamId() != null) {
			return queries.team(d.teamId()).map(t -> t.regionId()).orElse(d.regionId());
		}
		return d.regionId();
	}

	private static String zoneOf(UserDetails d) {
		return d.timeZone() == null || d.timeZone().isBlank() ? "Asia/Shanghai" : d.timeZone();
	}

	private void writeRoles(long id, Set<Role> roles) {
		for (Role role : roles) {
			jdbc.sql("insert into user_role (user_id, role) values (:id, :r)").param("id", id).param("r", role.name())
				.update();
		}
	}

	static Map<String, Object> snapshot(UserSummary u) {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("username", u.username());
		m.put("displayName", u.displayName());
		m.put("email", u.email());
		m.put("phone", u.phone());
		m.put("status", u.status());
		m.put("teamId", u.teamId());
		m.put("regionId", u.regionId());
		m.put("roles", new TreeSet<>(u.roles()));
		m.put("timeZone", u.zoneId().getId());
		return m;
	}

	private static String blankToNull(String s) {
		return s == null || s.isBlank() ? null : s.trim();
	}
}
