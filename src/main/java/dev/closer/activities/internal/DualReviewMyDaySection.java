package dev.closer.activities.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import dev.closer.shared.security.CurrentUser;
import dev.closer.shared.web.MyDaySection;

/** "My day": the dual-review items waiting for my tag (SPEC F7); shown only to reviewers with something pending. */
@Component
class DualReviewMyDaySection implements MyDaySection {

	static final int SHOWN = 5;

	private final DualReviews reviews;

	DualReviewMyDaySection(DualReviews reviews) {
		this.reviews = reviews;
	}

	@Override
	public int order() {
		return 17;
	}

	@Override
	public String fragment() {
		return "activities/my-day :: dualReview";
	}

	@Override
	public boolean visibleTo(CurrentUser user) {
		return !reviews.pending(user).isEmpty();
	}

	@Override
	public Map<String, Object> model(CurrentUser user) {
		List<DualReviews.Item> pending = reviews.pending(user);
		Map<String, Object> model = new HashMap<>();
		model.put("count", pending.size());
		model.put("items", pending.stream().limit(SHOWN).toList());
		return model;
	}
}
