package dev.closer.activities.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import tools.jackson.databind.json.JsonMapper;

/**
 * Follow-up quality (SPEC F5) and the follow-up side of the repeated-topic alarm (F6). When a follow-up is
 * recorded ({@link #recorded}, called once by {@code ActivityService.record} in its transaction): the score with
 * its explained factors and the rule version is stored (below the rule's review bar: PENDING in the manager review
 * queue); on a customer, the dictionary topics in the input and output (the customer's words) are stored as
 * mentions, and the customer's alarms are re-evaluated. Public (with {@link #view}) for the follow-up fragment.
 */
@Component
public class FollowUpQuality {

	/** A factor as read: its name, points out of max, and the reason in the reader's language. */
	public record FactorView(String code, String label, int points, int max, String reason) {
	}

	/** A follow-up's stored score as read. */
	public record QualityView(long activityId, int score, String light, int percent, int ruleVersion,
			int dictionaryVersion, Instant computedAt, List<FactorView> factors, String reviewStatus,
			String reviewedBy, Instant reviewedAt, String reviewComment) {

		/** One line for a tooltip. */
		public String summary() {
			StringBuilder b = new StringBuilder();
			for (FactorView f : factors) {
				b.append(b.isEmpty() ? "" : " · ").append(f.label()).append(' ').append(f.points()).append('/').append(f.max());
			}
			return b.toString();
		}
	}

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final Clock clock;

	private final ActivityRules rules;

	private final ScenarioTemplates templates;

	private final TopicAlarms alarms;

	private final MessageSource messages;

	FollowUpQuality(JdbcClient jdbc, JsonMapper json, Clock clock, ActivityRules rules, ScenarioTemplates templates,
			TopicAlarms alarms, MessageSource messages) {
		this.jdbc = jdbc;
		this.json = json;
		this.clock = clock;
		this.rules = rules;
		this.templates = templates;
		this.alarms = alarms;
		this.messages = messages;
	}

	private record Row(long id, Long customerId, String subjectName, String input, String action, String output,
			String blocker, Long templateId, String fieldValues, String nextStep, java.time.LocalDate due,
			Instant occurredAt, long actorId, Long ownerId, long teamId) {
	}

	/** Scores a just recorded follow-up and notes the topics the customer raised in it. Joins the caller's transaction. */
	@Transactional(propagation = Propagation.MANDATORY)
	void recorded(long activityId) {
		score(activityId, true);
	}

	/**
	 * Scores an already stored follow-up that has no score (demo data): no mentions, no alarm. Joins the caller's
	 * transaction.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	void scoreOnly(long activityId) {
		score(activityId, false);
	}

	private void score(long activityId, boolean mentions) {
		Row a = jdbc.sql("select * from activity where id = :id").param("id", activityId)
			.query((rs, n) -> new Row(rs.getLong("id"), rs.getObject("customer_id", Long.class),
					rs.getString("subject_name"), rs.getString("input_text"), rs.getString("action_text"),
					rs.getString("output_text"), rs.getString("blocker"), rs.getObject("template_id", Long.class),
					rs.getString("field_values"), rs.getString("next_step"),
					rs.getObject("next_due_on", java.time.LocalDate.class), rs.getTimestamp("occurred_at").toInstant(),
					rs.getLong("actor_id"), rs.getObject("owner_id", Long.class), rs.getLong("team_id")))
			.single();
		Instant now = Instant.now(clock);
		var dictionary = rules.keywords();
		var rule = rules.quality();
		Spotter topics = rules.spotter(dictionary);
		List<String> templateFields = new ArrayList<>();
		if (a.templateId() != null) {
			templates.byId(a.templateId()).definition().fieldList().forEach(f -> templateFields.add(f.name()));
		}
		@SuppressWarnings("unchecked")
		Map<String, Object> values = a.fieldValues() == null ? Map.of() : json.readValue(a.fieldValues(), LinkedHashMap.class);
		QualityScorer.Result result = QualityScorer.score(new QualityScorer.Facts(a.input(), a.action(), a.output(),
				a.blocker(), templateFields, values, a.nextStep(), a.due()), rule.definition(),
				rules.keyActionSpotter(rule), topics);
		jdbc.sql("""
				insert into activity_quality (activity_id, score, factors, rule_version, dictionary_version, computed_at,
				  actor_id, owner_id, team_id, review_status)
				values (:id, :score, :factors, :rv, :dv, :now, :actor, :owner, :team, :review)""")
			.param("id", activityId).param("score", result.score()).param("factors", json.writeValueAsString(result))
			.param("rv", rule.version()).param("dv", dictionary.version()).param("now", dev.closer.shared.time.SqlTime.of(now))
			.param("actor", a.actorId()).param("owner", a.ownerId()).param("team", a.teamId())
			.param("review", result.score() < rule.definition().reviewBelow() ? "PENDING" : null)
			.update();
		if (a.customerId() == null || !mentions) {
			return;
		}
		Map<String, Spotter.Hit> first = new LinkedHashMap<>();
		Map<String, String> textOf = new LinkedHashMap<>();
		for (String text : new String[] { a.input(), a.output() }) {
			for (Spotter.Hit h : topics.spot(text)) {
				if (first.putIfAbsent(h.topic(), h) == null) {
					textOf.put(h.topic(), text);
				}
			}
		}
		first.forEach((topic, h) -> alarms.mention(new TopicAlarms.Mention(a.customerId(), topic, h.term(), null, null,
				null, activityId, null, true, TopicAlarms.snippet(textOf.get(topic), h.start(), h.end(), 30),
				a.occurredAt(), dictionary.version())));
		alarms.check(new TopicAlarms.Subject(a.customerId(), a.subjectName(), a.ownerId(), a.teamId()), activityId,
				dictionary, rule, now);
	}

	/** The stored score of a follow-up in the current request's language (empty for follow-ups recorded before F5). */
	public Optional<QualityView> view(long activityId) {
		return find(activityId, LocaleContextHolder.getLocale());
	}

	Optional<QualityView> find(long activityId, Locale locale) {
		return jdbc.sql("""
				select q.*, a.template_id, r.display_name as reviewer from activity_quality q
				join activity a on a.id = q.activity_id left join app_user r on r.id = q.reviewed_by
				where q.activity_id = :id""")
			.param("id", activityId).query((rs, n) -> view(rs, locale)).optional();
	}

	QualityView view(ResultSet rs, Locale locale) throws SQLException {
		QualityScorer.Result result = json.readValue(rs.getString("factors"), QualityScorer.Result.class);
		int ruleVersion = rs.getInt("rule_version");
		int dictionaryVersion = rs.getInt("dictionary_version");
		Long templateId = rs.getObject("template_id", Long.class);
		List<FactorView> factors = new ArrayList<>();
		for (QualityScorer.Factor f : result.factors()) {
			factors.add(new FactorView(f.code(), m("quality.factor." + f.code(), locale), f.points(), f.max(),
					reason(f, ruleVersion, dictionaryVersion, templateId, locale)));
		}
		int score = rs.getInt("score");
		return new QualityView(rs.getLong("activity_id"), score, light(score), result.percent(), ruleVersion,
				dictionaryVersion, rs.getTimestamp("computed_at").toInstant(), factors, rs.getString("review_status"),
				rs.getString("reviewer"),
				rs.getTimestamp("reviewed_at") == null ? null : rs.getTimestamp("reviewed_at").toInstant(),
				rs.getString("review_comment"));
	}

	/** Traffic light: red up to 2, yellow 3, green from 4. */
	static String light(int score) {
		return score <= 2 ? "red" : score == 3 ? "yellow" : "green";
	}

	private String reason(QualityScorer.Factor f, int ruleVersion, int dictionaryVersion, Long templateId,
			Locale locale) {
		String none = m("quality.none", locale);
		switch (f.code()) {
			case "COMPLETENESS" -> {
				Map<String, String> fieldLabels = new LinkedHashMap<>();
				if (templateId != null) {
					templates.byId(templateId).definition().fieldList()
						.forEach(x -> fieldLabels.put("field:" + x.name(), x.label(locale)));
				}
				List<String> missing = f.missing().stream()
					.map(c -> c.startsWith("field:") ? fieldLabels.getOrDefault(c, c.substring(6)) : m("activity." + c, locale))
					.toList();
				return m("quality.reason.COMPLETENESS", locale, f.found().size(), f.found().size() + f.missing().size(),
						missing.isEmpty() ? none : String.join(", ", missing));
			}
			case "KEY_ACTIONS" -> {
				Map<String, String> labels = new LinkedHashMap<>();
				rules.byVersion(ActivityRules.QUALITY, ruleVersion).ifPresent(v -> ((QualityRule) v.definition())
					.keyActionList().forEach(k -> labels.put(k.code(), k.label(locale))));
				return m("quality.reason.KEY_ACTIONS", locale,
						f.found().isEmpty() ? none : String.join(", ", f.found().stream().map(c -> labels.getOrDefault(c, c)).toList()),
						f.missing().isEmpty() ? none : String.join(", ", f.missing().stream().map(c -> labels.getOrDefault(c, c)).toList()));
			}
			default -> {
				Map<String, String> labels = new LinkedHashMap<>();
				rules.byVersion(ActivityRules.KEYWORDS, dictionaryVersion)
					.ifPresent(v -> labels.putAll(((KeywordDictionary) v.definition()).labels(locale)));
				boolean asked = f.found().contains("QUESTION");
				List<String> topics = f.found().stream().filter(c -> !"QUESTION".equals(c)).map(c -> labels.getOrDefault(c, c))
					.toList();
				String key = asked ? "quality.reason.QUESTIONS.asked" : topics.isEmpty() ? "quality.reason.QUESTIONS.none"
						: "quality.reason.QUESTIONS.topics";
				return m(key, locale, topics.isEmpty() ? none : String.join(", ", topics));
			}
		}
	}

	private String m(String key, Locale locale, Object... args) {
		return messages.getMessage(key, args, key, locale);
	}
}
