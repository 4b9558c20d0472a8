package dev.closer.identity.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;

import dev.closer.identity.UserSummary;
import dev.closer.shared.security.CurrentUser;

/** Loads users for form login; a DISABLED account cannot sign in, a throttled one is locked. */
@Component
class CloserUserDetailsService implements UserDetailsService {

	private final JdbcClient jdbc;

	private final UserQueries users;

	private final Clock clock;

	CloserUserDetailsService(JdbcClient jdbc, UserQueries users, Clock clock) {
		this.jdbc = jdbc;
		this.users = users;
		this.clock = clock;
	}

	@Override
	public CloserUserDetails loadUserByUsername(String username) {
		UserSummary user = users.findByUsername(username == null ? "" : username.trim())
			.orElseThrow(() -> new UsernameNotFoundException("unknown user"));
		record Secret(String hash, Instant lockedUntil) {
		}
		Secret secret = jdbc.sql("select password_hash, locked_until from app_user where id = :id")
			.param("id", user.id())
			.query((rs, n) -> new Secret(rs.getString(1),
					rs.getTimestamp(2) == null ? null : rs.getTimestamp(2).toInstant()))
			.single();
		boolean locked = secret.lockedUntil() != null && secret.lockedUntil().isAfter(Instant.now(clock));
		return new CloserUserDetails(toCurrentUser(user), secret.hash(), user.active(), locked);
	}

	static CurrentUser toCurrentUser(UserSummary u) {
		return new CurrentUser(u.id(), u.username(), u.displayName(), u.roles(), u.teamId(), u.regionId(), u.zoneId(),
				Locale.SIMPLIFIED_CHINESE);
	}
}
