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

	LayoutAdvice(List<NavBadge> badges) {
		this.badges = badges;
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
