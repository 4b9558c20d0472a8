package dev.closer.notifications.internal;


import java.net.URI;
import java.net.URISyntaxException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.closer.identity.UserDirectory;
import dev.closer.shared.time.SqlTime;
import dev.closer.shared.audit.AuditLog;
import dev.closer.shared.problem.BusinessException;
import dev.closer.shared.problem.NotFoundException;

/**
 * The robot webhooks of each team, where IM notifications of its members go. Every change is audited;
 * the audit keeps the address without its query string, because robots carry their access token there.
 */
@Service
class TeamWebhooks {

	static final int URL_MAX = 500;

	static final int SECRET_MAX = 200;

	private final JdbcClient jdbc;

	private final UserDirectory directory;

	private final AuditLog audit;

	private final Clock clock;

	TeamWebhooks(JdbcClient jdbc, UserDirectory directory, AuditLog audit, Clock clock) {
		this.jdbc = jdbc;
		this.directory = directory;
		this.audit = audit;
		this.clock = clock;
	}

	/** A webhook as shown to admins: the secret is never shown, only whether there is one. */
	record WebhookView(long id, long teamId, String teamName, WebhookKind kind, String url, boolean hasSecret,
			boolean enabled, Instant createdAt) {
	}

	@Transactional(readOnly = true)
	List<WebhookView> all() {
		return jdbc.sql("select w.*, t.name as team_name from team_webhook w join team t on t.id = w.team_id order by t.name, w.id")
			.query(TeamWebhooks::view).list();
	}

	@Transactional(readOnly = true)
	List<WebhookView> ofTeam(long teamId) {
		requireTeam(teamId);
		return jdbc.sql("""
				select w.*, t.name as team_name from team_webhook w join team t on t.id = w.team_id
				where w.team_id = :team order by w.id""")
			.param("team", teamId).query(TeamWebhooks::view).list();
	}

	/** Enabled webhooks of a team, with their secrets, for sending. */
	List<ChannelSender.Webhook> enabledOf(long teamId) {
		return jdbc.sql("select * from team_webhook where team_id = :team and enabled = true order by id")
			.param("team", teamId).query(TeamWebhooks::hook).list();
	}

	Optional<ChannelSender.Webhook> find(long id) {
		return jdbc.sql("select * from team_webhook where id = :id").param("id", id).query(TeamWebhooks::hook).optional();
	}

	@Transactional
	WebhookView add(long teamId, WebhookKind kind, String url, String secret, boolean enabled) {
		requireTeam(teamId);
		if (kind == null) {
			throw BusinessException.invalidField("kind", "error.webhook.kind");
		}
		String cleanUrl = validUrl(url);
		String cleanSecret = secret == null || secret.isBlank() ? null : secret.strip();
		if (cleanSecret != null && cleanSecret.length() > SECRET_MAX) {
			throw BusinessException.invalidField("secret", "error.tooLong", SECRET_MAX);
		}
		var keys = new GeneratedKeyHolder();
		jdbc.sql("""
				insert into team_webhook (team_id, kind, url, secret, enabled, created_at)
				values (:team, :kind, :url, :secret, :enabled, :now)""")
			.param("team", teamId).param("kind", kind.name()).param("url", cleanUrl).param("secret", cleanSecret)
			.param("enabled", enabled).param("now", SqlTime.of(clock.instant()))
			.update(keys, "id");
		long id = keys.getKeyAs(Long.class);
		audit.record("team_webhook", id, "create", null, auditState(teamId, kind, cleanUrl, enabled), null);
		return view(teamId, id);
	}

	@Transactional
	WebhookView setEnabled(long teamId, long id, boolean enabled) {
		WebhookView before = view(teamId, id);
		if (before.enabled() != enabled) {
			jdbc.sql("update team_webhook set enabled = :enabled where id = :id").param("enabled", enabled).param("id", id)
				.update();
			audit.record("team_webhook", id, enabled ? "enable" : "disable",
					auditState(teamId, before.kind(), before.url(), before.enabled()),
					auditState(teamId, before.kind(), before.url(), enabled), null);
		}
		return view(teamId, id);
	}

	/** Deletes a webhook; deliveries still queued for it end as SKIPPED. */
	@Transactional
	void delete(long teamId, long id) {
		WebhookView before = view(teamId, id);
		jdbc.sql("delete from team_webhook where id = :id").param("id", id).update();
		audit.record("team_webhook", id, "delete", auditState(teamId, before.kind(), before.url(), before.enabled()),
				null, null);
	}

	private WebhookView view(long teamId, long id) {
		return jdbc.sql("""
				select w.*, t.name as team_name from team_webhook w join team t on t.id = w.team_id
				where w.id = :id and w.team_id = :team""")
			.param("id", id).param("team", teamId).query(TeamWebhooks::view).optional()
			.orElseThrow(() -> new NotFoundException("webhook", id));
	}

	private void requireTeam(long teamId) {
		if (directory.team(teamId).isEmpty()) {
			throw new NotFoundException("team", teamId);
		}
	}

	/** An absolute http(s) URL with a host, at most 500 characters. */
	static String validUrl(String url) {
		if (url == null || url.isBlank()) {
			throw BusinessException.invalidField("url", "error.required");
		}
		String clean = url.strip();
		if (clean.length() > URL_MAX) {
			throw BusinessException.invalidField("url", "error.tooLong", URL_MAX);
		}
		try {
			URI uri = new URI(clean);
			String scheme = uri.getScheme();
			if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
					|| uri.getHost() == null || uri.getHost().isBlank() || uri.getRawUserInfo() != null
					|| uri.getRawFragment() != null) {
				throw BusinessException.invalidField("url", "error.webhook.url");
			}
		}
		catch (URISyntaxException e) {
			throw BusinessException.invalidField("url", "error.webhook.url");
		}
		return clean;
	}

	/** The URL without query (where robots keep their access token). */
	static String withoutQuery(String url) {
		int q = url.indexOf('?');
		return q < 0 ? url : url.substring(0, q) + "?…";
	}

	private static Map<String, Object> auditState(long teamId, WebhookKind kind, String url, boolean enabled) {
		Map<String, Object> state = new LinkedHashMap<>();
		state.put("teamId", teamId);
		state.put("kind", kind.name());
		state.put("url", withoutQuery(url));
		state.put("enabled", enabled);
		return state;
	}

	private static WebhookView view(ResultSet rs, int n) throws SQLException {
		return new WebhookView(rs.getLong("id"), rs.getLong("team_id"), rs.getString("team_name"),
				WebhookKind.valueOf(rs.getString("kind")), withoutQuery(rs.getString("url")), rs.getString("secret") != null,
				rs.getBoolean("enabled"), Deliveries.instant(rs, "created_at"));
	}

	private static ChannelSender.Webhook hook(ResultSet rs, int n) throws SQLException {
		return new ChannelSender.Webhook(rs.getLong("id"), rs.getLong("team_id"), WebhookKind.valueOf(rs.getString("kind")),
				rs.getString("url"), rs.getString("secret"), rs.getBoolean("enabled"));
	}
}
