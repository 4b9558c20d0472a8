package dev.closer.activities.internal;

import java.util.HashMap;
import java.util.Map;

import org.springframework.stereotype.Component;

import dev.closer.shared.security.CurrentUser;
import dev.closer.shared.web.MyDaySection;

/** "My day" for managers: how many low-scoring follow-ups of their teams wait for review (SPEC F5). */
@Component
class ReviewMyDaySection implements MyDaySection {

	private final ReviewQueue queue;

	ReviewMyDaySection(ReviewQueue queue) {
		this.queue = queue;
	}

	@Override
	public int order() {
		return 16;
	}

	@Override
	public String fragment() {
		return "activities/review :: myDay";
	}

	@Override
	public boolean visibleTo(CurrentUser user) {
		return user.isManagerial();
	}

	@Override
	public Map<String, Object> model(CurrentUser user) {
		Map<String, Object> model = new HashMap<>();
		model.put("show", user.isManagerial());
		model.put("pending", queue.pending(user));
		return model;
	}
}
