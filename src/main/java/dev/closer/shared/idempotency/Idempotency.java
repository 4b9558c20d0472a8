package dev.closer.shared.idempotency;

import dev.closer.shared.time.SqlTime;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.function.Supplier;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.transaction.annotation.Transactional;

import dev.closer.shared.problem.BusinessException;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code Idempotency-Key} support for creating endpoints (SPEC P9): the first request with a key
 * runs and its response is stored in the same transaction; a repeat with the same key and the
 * same body gets the stored response again; a repeat with a different body is refused.
 * <p>
 * The key row is inserted before the work runs, so a concurrent repeat waits on the unique index
 * until the first commits, then replays its response (or, if the first rolled back, runs itself).
 */
@Service
public class Idempotency {

	/** Keys longer than this are refused. */
	public static final int MAX_KEY_LENGTH = 200;

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final Clock clock;

	private final TransactionTemplate savepoint;

	Idempotency(JdbcClient jdbc, JsonMapper json, Clock clock, PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		this.json = json;
		this.clock = clock;
		this.savepoint = new TransactionTemplate(transactions);
		this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
	}

	/**
	 * Runs {@code work} once per (principal, key). Without a key it simply runs.
	 * @param requestBody the request as received (hashed to recognise a different request under the same key)
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public ResponseEntity<?> once(String key, String principal, String endpoint, Object requestBody,
			Supplier<ResponseEntity<?>> work) {
		if (key == null || key.isBlank()) {
			return work.get();
		}
		if (key.length() > MAX_KEY_LENGTH) {
			throw new BusinessException(HttpStatus.BAD_REQUEST, "error.idempotency.keyTooLong", MAX_KEY_LENGTH);
		}
		String hash = sha256(endpoint + "\n" + json.writeValueAsString(requestBody));
		try {
			// in a savepoint: on PostgreSQL a failed insert would otherwise abort the whole transaction
			savepoint.executeWithoutResult(status -> jdbc.sql("""
					insert into idempotency_record (principal, idem_key, endpoint, request_hash, created_at)
					values (:p, :k, :e, :h, :at)""")
				.param("p", principal).param("k", key).param("e", endpoint).param("h", hash)
				.param("at", SqlTime.of(Instant.now(clock)))
				.update());
		}
		catch (DuplicateKeyException existing) {
			return replay(principal, key, hash);
		}
		ResponseEntity<?> response = work.get();
		jdbc.sql("""
				update idempotency_record set response_status = :s, response_body = :b, location = :l
				where principal = :p and idem_key = :k""")
			.param("s", response.getStatusCode().value())
			.param("b", response.getBody() == null ? null : json.writeValueAsString(response.getBody()))
			.param("l", response.getHeaders().getLocation() == null ? null
					: response.getHeaders().getLocation().toString())
			.param("p", principal).param("k", key)
			.update();
		return response;
	}

	private ResponseEntity<?> replay(String principal, String key, String hash) {
		record Stored(String requestHash, Integer status, String body, String location) {
		}
		Stored stored = jdbc.sql("""
				select request_hash, response_status, response_body, location from idempotency_record
				where principal = :p and idem_key = :k""")
			.param("p", principal).param("k", key)
			.query((rs, n) -> new Stored(rs.getString(1), (Integer) rs.getObject(2, Integer.class), rs.getString(3),
					rs.getString(4)))
			.single();
		if (!stored.requestHash().equals(hash)) {
			throw new BusinessException(HttpStatus.UNPROCESSABLE_CONTENT, "error.idempotency.mismatch");
		}
		if (stored.status() == null) {
			throw BusinessException.conflict("error.idempotency.inProgress");
		}
		var builder = ResponseEntity.status(stored.status()).header("Idempotent-Replayed", "true");
		if (stored.location() != null) {
			builder.header("Location", stored.location());
		}
		if (stored.body() == null) {
			return builder.build();
		}
		return builder.contentType(MediaType.APPLICATION_JSON).body(stored.body());
	}

	static String sha256(String s) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}
}
