package dev.closer.shared.time;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Binds instants to {@code timestamp with time zone} parameters. The PostgreSQL driver cannot bind
 * {@link Instant} itself; {@link OffsetDateTime} in UTC is the JDBC 4.2 mapping both databases accept.
 */
public final class SqlTime {

	private SqlTime() {
	}

	public static OffsetDateTime of(Instant instant) {
		return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
	}
}
