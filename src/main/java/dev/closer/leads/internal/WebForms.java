package dev.closer.leads.internal;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.closer.shared.audit.AuditLog;
import dev.closer.shared.problem.BusinessException;
import dev.closer.shared.security.CurrentUser;
import dev.closer.shared.time.SqlTime;

/**
 * Public web forms per team (SPEC L1): an unguessable token in the URL identifies the form and its team;
 * submissions are rate-limited per form and client address (sliding minute window, per instance) and go
 * through the normal intake, with source channel {@code web-form} and the form's campaign.
 */
@Service
class WebForms {

	record WebForm(long id, long teamId, String name, String token, String campaign, boolean enabled, int perMinute,
			Instant createdAt) {
	}

	private static final SecureRandom RANDOM = new SecureRandom();

	private final JdbcClient jdbc;

	private final AuditLog audit;

	private final Clock clock;

	private final Map<String, Deque<Instant>> hits = new ConcurrentHashMap<>();

	WebForms(JdbcClient jdbc, AuditLog audit, Clock clock) {
		this.jdbc = jdbc;
		this.audit = audit;
		this.clock = clock;
	}

	@Transactional(readOnly = true)
	Optional<WebForm> byToken(String token) {
		if (token == null || token.length() > 64) {
			return Optional.empty();
		}
		return jdbc.sql("select * from lead_web_form where token = :t and enabled = true").param("t", token)
			.query(WebForms::row).optional();
	}

	@Transactional(readOnly = true)
	List<WebForm> ofTeam(long teamId) {
		return jdbc.sql("select * from lead_web_form where team_id = :t order by id").param("t", teamId)
			.query(WebForms::row).list();
	}

	@Transactional
	WebForm create(long teamId, String name, String campaign) {
		if (name == null || name.isBlank() || name.length() > 100) {
			throw BusinessException.invalidField("name", "error.required");
		}
		byte[] bytes = new byte[24];
		RANDOM.nextBytes(bytes);
		String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		var keys = new GeneratedKeyHolder();
		jdbc.sql("""
				insert into lead_web_form (team_id, name, token, campaign, created_at, created_by)
				values (:t, :n, :token, :c, :at, :by)""")
			.param("t", teamId).param("n", name.trim()).param("token", token)
			.param("c", campaign == null || campaign.isBlank() ? null : campaign.trim())
			.param("at", SqlTime.of(Instant.now(clock)))
			.param("by", CurrentUser.current().map(CurrentUser::username).orElse("system"))
			.update(keys, "id");
		long id = keys.getKeyAs(Long.class);
		audit.record("lead_web_form", id, "create", null, Map.of("teamId", teamId, "name", name.trim()), null);
		return jdbc.sql("select * from lead_web_form where id = :id").param("id", id).query(WebForms::row).single();
	}

	@Transactional
	void setEnabled(long teamId, long id, boolean enabled) {
		int n = jdbc.sql("update lead_web_form set enabled = :e where id = :id and team_id = :t")
			.param("e", enabled).param("id", id).param("t", teamId).update();
		if (n == 0) {
			throw new dev.closer.shared.problem.NotFoundException("lead_web_form", id);
		}
		audit.record("lead_web_form", id, enabled ? "enable" : "disable", !enabled, enabled, null);
	}

	/** Counts a submission; false when this form and client already used up the minute's allowance. */
	boolean allow(WebForm form, String client) {
		Instant now = Instant.now(clock);
		Instant windowStart = now.minus(Duration.ofMinutes(1));
		Deque<Instant> window = hits.computeIfAbsent(form.id() + "|" + client, k -> new ArrayDeque<>());
		synchronized (window) {
			while (!window.isEmpty() && window.peekFirst().isBefore(windowStart)) {
				window.pollFirst();
			}
			if (window.size() >= form.perMinute()) {
				return false;
			}
			window.addLast(now);
		}
		if (hits.size() > 10_000) {
			hits.entrySet().removeIf(e -> e.getValue().isEmpty());
		}
		return true;
	}

	private static WebForm row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
		return new WebForm(rs.getLong("id"), rs.getLong("team_id"), rs.getString("name"), rs.getString("token"),
				rs.getString("campaign"), rs.getBoolean("enabled"), rs.getInt("per_minute"),
				rs.getTimestamp("created_at").toInstant());
	}
}
