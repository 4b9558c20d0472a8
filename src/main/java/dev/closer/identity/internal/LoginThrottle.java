package dev.closer.identity.internal;

import dev.closer.shared.time.SqlTime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Login throttling (N5): after {@code closer.security.max-failed-logins} wrong passwords in a row
 * (default 5) the account is locked for {@code closer.security.lockout} (default 15 min). Kept in the
 * database so that every app instance sees the same count.
 */
@Component
class LoginThrottle {

	private final JdbcClient jdbc;

	private final Clock clock;

	private final int maxFailures;

	private final Duration lockout;

	LoginThrottle(JdbcClient jdbc, Clock clock, @Value("${closer.security.max-failed-logins:5}") int maxFailures,
			@Value("${closer.security.lockout:PT15M}") Duration lockout) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.maxFailures = maxFailures;
		this.lockout = lockout;
	}

	@EventListener
	@Transactional
	public void failed(AuthenticationFailureBadCredentialsEvent event) {
		String username = String.valueOf(event.getAuthentication().getPrincipal());
		failed(username);
	}

	@Transactional
	public void failed(String username) {
		jdbc.sql("update app_user set failed_logins = failed_logins + 1 where lower(username) = lower(:u)")
			.param("u", username).update();
		jdbc.sql("""
				update app_user set locked_until = :until, failed_logins = 0
				where lower(username) = lower(:u) and failed_logins >= :max""")
			.param("until", SqlTime.of(Instant.now(clock).plus(lockout))).param("u", username).param("max", maxFailures)
			.update();
	}

	@EventListener
	@Transactional
	public void succeeded(AuthenticationSuccessEvent event) {
		jdbc.sql("update app_user set failed_logins = 0, locked_until = null where lower(username) = lower(:u) and (failed_logins > 0 or locked_until is not null)")
			.param("u", event.getAuthentication().getName()).update();
	}
}
