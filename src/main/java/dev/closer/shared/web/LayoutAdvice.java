package dev.closer.shared.web;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

import dev.closer.shared.security.CurrentUser;

/** Puts what the page layout needs (current user, navigation badges) into every page's model. */
@ControllerAdvice(annotations = Controller.class)
class LayoutAdvice {

	private final List<NavBadge> badges;

	private final PageLinks links;

	LayoutAdvice(List<NavBadge> badges, PageLinks links) {
		this.badges = badges;
		this.links = links;
	}

	/** Pager and sort links ({@code ${links.with('page', 2)}}); bean references are not allowed in link attributes. */
	@ModelAttribute("links")
	PageLinks links() {
		return links;
	}

	@ModelAttribute("me")
	CurrentUser me() {
		return CurrentUser.current().orElse(null);
	}

	/**
	 * Counted when a page reads them, not before: API calls through {@code @RestController}s run this advice too,
	 * and must not pay one count query per badge.
	 */
	@ModelAttribute("badges")
	Map<String, Long> badges() {
		var user = CurrentUser.current();
		return new java.util.AbstractMap<>() {

			private Map<String, Long> counts;

			@Override
			public Set<Entry<String, Long>> entrySet() {
				if (counts == null) {
					counts = new HashMap<>();
					user.ifPresent(u -> badges.forEach(b -> counts.put(b.key(), b.count(u))));
				}
				return counts.entrySet();
			}

			@Override
			public Long get(Object key) {
				entrySet();
				return counts.get(key);
			}
		};
	}
}
