package dev.closer.leads.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * "Who should have had this lead, and why" (SPEC L5): every decision on a lead, newest first, with each
 * candidate's eligibility verdicts, component scores, total, rank and why they lost, in the reader's
 * language. Read from the stored decision, so it shows what the engine saw then, not what is true now.
 */
@Component
class AllocationHistory {

	record Decision(long id, Instant decidedAt, String decidedBy, String kind, String strategy, Integer policyVersion,
			Long winnerId, String outcome, List<CandidateLine> candidates, List<String> notices) {
	}

	record CandidateLine(long repId, String name, boolean eligible, int rank, double loadRate, double total,
			Map<String, Double> scores, Double distanceKm, List<String> verdicts, String why) {
	}

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final MessageSource messages;

	AllocationHistory(JdbcClient jdbc, JsonMapper json, MessageSource messages) {
		this.jdbc = jdbc;
		this.json = json;
		this.messages = messages;
	}

	@Transactional(readOnly = true)
	List<Decision> of(long leadId, Locale locale) {
		return jdbc.sql("select * from allocation_decision where lead_id = :id order by decided_at desc, id desc")
			.param("id", leadId)
			.query((rs, n) -> decision(rs, locale))
			.list();
	}

	private Decision decision(java.sql.ResultSet rs, Locale locale) throws java.sql.SQLException {
		String details = rs.getString("candidates");
		List<CandidateLine> lines = new ArrayList<>();
		List<String> notices = new ArrayList<>();
		String outcome = rs.getString("reason") == null ? null : text(rs.getString("reason"), List.of(), locale);
		if (details != null) {
			JsonNode root = json.readTree(details);
			JsonNode reason = root.path("outcomeReason");
			if (!reason.isMissingNode()) {
				outcome = text(reason, locale);
			}
			for (JsonNode c : root.path("candidates")) {
				List<String> verdicts = new ArrayList<>();
				for (JsonNode v : c.path("verdicts")) {
					if (!v.path("allowed").asBoolean()) {
						verdicts.add(text(v.path("reason"), locale));
					}
				}
				Map<String, Double> scores = new java.util.LinkedHashMap<>();
				JsonNode s = c.path("scores");
				String[] components = { "SPARE_CAPACITY", "CONVERSION", "REGION_MATCH", "SKILL_MATCH", "FAIRNESS" };
				for (int i = 0; i < components.length && i < s.size(); i++) {
					scores.put(messages.getMessage("allocation.component." + components[i], null, components[i], locale),
							s.get(i).asDouble());
				}
				lines.add(new CandidateLine(c.path("repId").asLong(), c.path("displayName").asString(),
						c.path("eligible").asBoolean(), c.path("rank").asInt(), c.path("loadRate").asDouble(),
						c.path("total").asDouble(), scores,
						c.path("distanceKm").isNumber() ? c.path("distanceKm").asDouble() : null, verdicts,
						c.path("whyNotWinner").isObject() ? text(c.path("whyNotWinner"), locale) : null));
			}
			for (JsonNode notice : root.path("overloadNotices")) {
				notices.add(messages.getMessage("allocation.notice.overload",
						new Object[] { notice.path("displayName").asString(), notice.path("loadRate").asDouble(),
								notice.path("threshold").asDouble() },
						locale));
			}
		}
		lines.sort(java.util.Comparator.comparingInt((CandidateLine l) -> l.rank() == 0 ? Integer.MAX_VALUE : l.rank()));
		return new Decision(rs.getLong("id"), rs.getTimestamp("decided_at").toInstant(), rs.getString("decided_by"),
				rs.getString("kind"), rs.getString("strategy"), rs.getObject("policy_version", Integer.class),
				rs.getObject("winner_id", Long.class), outcome, lines, notices);
	}

	private String text(JsonNode reason, Locale locale) {
		List<Object> args = new ArrayList<>();
		for (JsonNode a : reason.path("args")) {
			String text = a.isNumber() ? null : a.asString();
			// component names (SPARE_CAPACITY, ...) are shown by their localised label
			if (text != null && text.matches("[A-Z_]+")) {
				text = messages.getMessage("allocation.component." + text, null, text, locale);
			}
			args.add(a.isNumber() ? (Object) a.numberValue() : text);
		}
		return text(reason.path("key").asString(), args, locale);
	}

	private String text(String key, List<Object> args, Locale locale) {
		return messages.getMessage(key, args.toArray(), key, locale);
	}
}
