package dev.closer.activities.internal;

import java.time.Clock;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

import org.springframework.stereotype.Component;

import dev.closer.shared.security.CurrentUser;
import dev.closer.shared.web.MyDaySection;

/** "My day": my follow-up plan's next steps that are overdue or due today (SPEC F1), oldest due first. */
@Component
class ActivitiesMyDaySection implements MyDaySection {

	static final int SHOWN = 10;

	private final ActivityQueries queries;

	private final Clock clock;

	ActivitiesMyDaySection(ActivityQueries queries, Clock clock) {
		this.queries = queries;
		this.clock = clock;
	}

	@Override
	public int order() {
		return 15;
	}

	@Override
	public String fragment() {
		return "activities/my-day :: myDay";
	}

	@Override
	public Map<String, Object> model(CurrentUser user) {
		LocalDate today = LocalDate.now(clock.withZone(user.zoneId()));
		long[] counts = queries.nextStepCounts(user.id(), today);
		Map<String, Object> model = new HashMap<>();
		model.put("today", today);
		model.put("overdue", counts[0]);
		model.put("dueToday", counts[1]);
		model.put("items", queries.nextSteps(user.id(), today, SHOWN));
		return model;
	}
}
