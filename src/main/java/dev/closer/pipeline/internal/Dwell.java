package dev.closer.pipeline.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.stereotype.Component;

/**
 * Dwell time per stage (SPEC O4): the sum of an opportunity's stays in each stage of its template (a stay still
 * open counts until now), against the template's expected days; a stage is overdue when its dwell exceeds them.
 */
@Component
class Dwell {

	/** One stage's dwell. {@code days} is rounded to one decimal for display; {@code seconds} is exact. */
	record StageDwell(String stageCode, String stageName, int index, long seconds, double days, int expectedDays,
			boolean current, boolean overdue, int stays) {
	}

	private final OpportunityQueries queries;

	private final StageTemplates templates;

	private final Clock clock;

	Dwell(OpportunityQueries queries, StageTemplates templates, Clock clock) {
		this.queries = queries;
		this.templates = templates;
		this.clock = clock;
	}

	List<StageDwell> of(OpportunityView o, Locale locale) {
		return compute(templates.byId(o.templateId()).definition(), queries.visits(o.id()),
				o.open() ? o.stageCode() : null, Instant.now(clock), locale);
	}

	/** Pure: every stage of the template in order, with the stays summed. */
	static List<StageDwell> compute(StageTemplate template, List<StageVisit> visits, String currentStage, Instant now,
			Locale locale) {
		List<StageDwell> out = new ArrayList<>();
		List<StageTemplate.Stage> stages = template.stageList();
		for (int i = 0; i < stages.size(); i++) {
			StageTemplate.Stage s = stages.get(i);
			long seconds = 0;
			int stays = 0;
			for (StageVisit v : visits) {
				if (v.stageCode().equals(s.code())) {
					Instant end = v.leftAt() != null ? v.leftAt() : now;
					seconds += Math.max(0, Duration.between(v.enteredAt(), end).getSeconds());
					stays++;
				}
			}
			boolean overdue = stays > 0 && seconds > s.days() * 86_400L;
			out.add(new StageDwell(s.code(), s.name(locale), i, seconds, Math.round(seconds / 8_640.0) / 10.0, s.days(),
					s.code().equals(currentStage), overdue, stays));
		}
		return out;
	}
}
