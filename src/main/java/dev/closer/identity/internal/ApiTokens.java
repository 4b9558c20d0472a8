package dev.closer.identity.internal;

import dev.closer.shared.time.SqlTime;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.closer.shared.audit.AuditLog;
import dev.closer.shared.problem.BusinessException;
import dev.closer.shared.problem.NotFoundException;

/**
 * Bearer tokens for the API (N5, P9). A token is 32 random bytes shown once; only its SHA-256 is
 * stored. Tokens are listed on the owner's page and revocable; disabling an account revokes them.
 */
@Service
@Transactional
class ApiTokens {

	static final String PREFIX = "clsr_";

	private static final SecureRandom RANDOM = new SecureRandom();

	private final JdbcClient jdbc;

	private final Clock clock;

	private final AuditLog audit;

	private final Duration lifetime;

	ApiTokens(JdbcClient jdbc, Clock clock, AuditLog audit,
			@Value("${closer.security.token-lifetime:P90D}") Duration lifetime) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.audit = audit;
		this.lifetime = lifetime;
	}

	record IssuedToken(long id, String token, Instant expiresAt) {
	}

	record TokenInfo(long id, String name, String prefix, Instant createdAt, Instant expiresAt, Instant lastUsedAt,
			Instant revokedAt) {
		public boolean active(Instant now) {
			return revokedAt == null && (expiresAt == null || expiresAt.isAfter(now));
		}
	}

	IssuedToken issue(long userId, String name) {
		String label = name == null || name.isBlank() ? "api" : name.trim();
		if (label.length() > 100) {
			throw BusinessException.invalidField("name", "error.token.name");
		}
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		Instant now = Instant.now(clock);
		Instant expires = now.plus(lifetime);
		var keys = new org.springframework.jdbc.support.GeneratedKeyHolder();
		jdbc.sql("""
				insert into api_token (user_id, name, token_hash, token_prefix, created_at, expires_at)
				values (:u, :n, :h, :p, :now, :exp)""")
			.param("u", userId).param("n", label).param("h", hash(token)).param("p", token.substring(0, 10))
			.param("now", SqlTime.of(now)).param("exp", SqlTime.of(expires))
			.update(keys, "id");
		long id = keys.getKeyAs(Long.class);
		audit.record("api_token", id, "issue", null, label, null);
		return new IssuedToken(id, token, expires);
	}

	/** The user of a valid token, token and user read in one transaction (one per API call). */
	Optional<dev.closer.identity.UserSummary> authenticateUser(String token, UserQueries users) {
		return authenticate(token).flatMap(users::find);
	}

	/** The user id of a valid (not revoked, not expired) token; records its last use. */
	Optional<Long> authenticate(String token) {
		if (token == null || !token.startsWith(PREFIX) || token.length() > 100) {
			return Optional.empty();
		}
		Instant now = Instant.now(clock);
		record Row(long id, long userId, Instant lastUsed) {
		}
		Optional<Row> row = jdbc.sql("""
				select id, user_id, last_used_at from api_token
				where token_hash = :h and revoked_at is null and (expires_at is null or expires_at > :now)""")
			.param("h", hash(token)).param("now", SqlTime.of(now))
			.query((rs, n) -> new Row(rs.getLong(1), rs.getLong(2),
					rs.getTimestamp(3) == null ? null : rs.getTimestamp(3).toInstant()))
			.optional();
		// last use is informational: write it at most once a minute per token to keep the hot path read-only
		row.filter(r -> r.lastUsed() == null || r.lastUsed().isBefore(now.minusSeconds(60)))
			.ifPresent(r -> jdbc.sql("update api_token set last_used_at = :now where id = :id")
				.param("now", SqlTime.of(now)).param("id", r.id()).update());
		return row.map(Row::userId);
	}

	@Transactional(readOnly = true)
	List<TokenInfo> list(long userId) {
		return jdbc.sql("""
				select id, name, token_prefix, created_at, expires_at, last_used_at, revoked_at
				from api_token where user_id = :u order by created_at desc""")
			.param("u", userId)
			.query((rs, n) -> new TokenInfo(rs.getLong(1), rs.getString(2), rs.getString(3), instant(rs, 4),
					instant(rs, 5), instant(rs, 6), instant(rs, 7)))
			.list();
	}

	void revoke(long userId, long tokenId) {
		int n = jdbc.sql("update api_token set revoked_at = :now where id = :id and user_id = :u and revoked_at is null")
			.param("now", SqlTime.of(Instant.now(clock))).param("id", tokenId).param("u", userId).update();
		if (n == 0) {
			boolean exists = jdbc.sql("select count(*) from api_token where id = :id and user_id = :u")
				.param("id", tokenId).param("u", userId).query(Long.class).single() > 0;
			if (!exists) {
				throw new NotFoundException("api_token", tokenId);
			}
			return;
		}
		audit.record("api_token", tokenId, "revoke", null, null, null);
	}

	private static Instant instant(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
		var ts = rs.getTimestamp(i);
		return ts == null ? null : ts.toInstant();
	}

	static String hash(String token) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}
}
