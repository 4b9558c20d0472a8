package dev.closer.shared.web;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import dev.closer.shared.security.CurrentUser;

/** The landing page "my day": every module's section for the signed-in user. */
@Controller
class HomeController {

	private final List<MyDaySection> sections;

	HomeController(List<MyDaySection> sections) {
		this.sections = sections.stream().sorted(Comparator.comparingInt(MyDaySection::order)).toList();
	}

	@GetMapping("/")
	String myDay(CurrentUser user, Model model) {
		List<Map<String, Object>> blocks = sections.stream()
			.filter(s -> s.visibleTo(user))
			.map(s -> Map.<String, Object>of("fragment", s.fragment(), "model", s.model(user)))
			.toList();
		model.addAttribute("sections", blocks);
		return "home";
	}

	@GetMapping("/login")
	String login() {
		return "login";
	}
}
