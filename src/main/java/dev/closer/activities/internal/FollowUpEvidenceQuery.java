package dev.closer.activities.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import dev.closer.activities.FollowUpEvidence;
import dev.closer.shared.time.SqlTime;

/** {@link FollowUpEvidence} from the {@code activity} table (index {@code activity_customer_idx}). */
@Component
class FollowUpEvidenceQuery implements FollowUpEvidence {

	private final JdbcClient jdbc;

	private final ScenarioTemplates templates;

	FollowUpEvidenceQuery(JdbcClient jdbc, ScenarioTemplates templates) {
		this.jdbc = jdbc;
		this.templates = templates;
	}

	@Override
	public String scenarioName(String code, java.util.Locale locale) {
		return code == null ? "" : templates.current(code).map(v -> v.name(locale)).orElse(code);
	}

	@Override
	public java.util.Set<String> scenarioCodes() {
		java.util.Set<String> codes = new java.util.LinkedHashSet<>();
		templates.current().forEach(v -> codes.add(v.code()));
		return codes;
	}

	@Override
	@Transactional(readOnly = true)
	public List<EvidenceItem> since(long customerId, Instant since) {
		return jdbc.sql("""
				select id, customer_id, template_code, channel, occurred_at, actor_id from activity
				where customer_id = :c and occurred_at >= :since order by occurred_at, id""")
			.param("c", customerId).param("since", SqlTime.of(since))
			.query((rs, n) -> new EvidenceItem(rs.getLong("id"), rs.getLong("customer_id"), rs.getString("template_code"),
					rs.getString("channel"), rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
					rs.getLong("actor_id")))
			.list();
	}
}
