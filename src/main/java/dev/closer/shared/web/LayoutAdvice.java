package dev.closer.shared.web;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

	@ModelAttribute("badges")
	Map<String, Long> badges() {
		Map<String, Long> counts = new HashMap<>();
		CurrentUser.current().ifPresent(user -> badges.forEach(b -> counts.put(b.key(), b.count(user))));
		return counts;
	}
}
