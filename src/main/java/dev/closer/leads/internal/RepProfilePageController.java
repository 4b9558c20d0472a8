package dev.closer.leads.internal;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.closer.identity.TeamSummary;
import dev.closer.shared.problem.BusinessException;
import dev.closer.shared.problem.NotFoundException;
import dev.closer.shared.security.CurrentUser;
import dev.closer.shared.security.Role;

/**
 * Rep allocation profiles (SPEC L4): the reps of a team with profile and load rate, and the editor of one
 * rep's profile. Teams as on the policy page; a rep is sent to their own profile, which they may only read.
 */
@Controller
@RequestMapping("/leads/reps")
class RepProfilePageController {

	/** The editor's fields as typed, so a refused form comes back exactly as it was sent. */
	record Form(String skills, List<String> regionIds, String latitude, String longitude, String radiusKm,
			String baseline) {

		static Form of(RepProfileSettings p) {
			return new Form(String.join(", ", p.skills()), p.regionIds().stream().map(String::valueOf).toList(),
					plain(p.latitude()), plain(p.longitude()), plain(p.radiusKm()),
					p.baseline() == null ? "" : String.valueOf(p.baseline()));
		}

		/** Comma-separated skills (ASCII or full-width commas, or one per line); a field that is no number is refused. */
		RepProfileSettings toSettings() {
			List<String> skillList = skills == null ? List.of()
					: Arrays.stream(skills.split("[,，\\r\\n]")).map(String::trim).filter(s -> !s.isEmpty()).toList();
			List<Long> regions = regionIds == null ? List.of() : regionIds.stream().map(id -> {
				try {
					return Long.valueOf(id.trim());
				}
				catch (NumberFormatException e) {
					throw BusinessException.invalidField("regionIds", "error.region.unknown", id);
				}
			}).toList();
			return new RepProfileSettings(skillList, regions, number("latitude", latitude), number("longitude", longitude),
					number("radiusKm", radiusKm), parseBaseline());
		}

		private Integer parseBaseline() {
			if (baseline == null || baseline.isBlank()) {
				return null;
			}
			try {
				return Integer.valueOf(baseline.trim());
			}
			catch (NumberFormatException e) {
				throw BusinessException.invalidField("baseline", "error.repProfile.baselineRange",
						String.valueOf(RepProfiles.MAX_BASELINE), baseline.trim());
			}
		}

		private static Double number(String field, String value) {
			if (value == null || value.isBlank()) {
				return null;
			}
			try {
				return Double.valueOf(value.trim());
			}
			catch (NumberFormatException e) {
				throw BusinessException.invalidField(field, "error.repProfile.notANumber", value.trim());
			}
		}

		private static String plain(Double value) {
			return value == null ? "" : BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
		}
	}

	private final RepProfiles profiles;

	private final MessageSource messages;

	RepProfilePageController(RepProfiles profiles, MessageSource messages) {
		this.profiles = profiles;
		this.messages = messages;
	}

	@GetMapping
	String list(CurrentUser me, @RequestParam(required = false) Long teamId, Model model) {
		List<TeamSummary> teams = profiles.editableTeams(me);
		if (teams.isEmpty()) {
			if (me.has(Role.REP) && teamId == null) {
				return "redirect:/leads/reps/" + me.id();
			}
			throw new NotFoundException("team", teamId == null ? "-" : teamId);
		}
		TeamSummary team = teamId == null ? teams.get(0)
				: teams.stream().filter(t -> t.id() == teamId).findFirst()
					.orElseThrow(() -> new NotFoundException("team", teamId));
		model.addAttribute("team", team);
		model.addAttribute("teams", teams);
		model.addAttribute("reps", profiles.team(team.id()));
		return "leads/reps";
	}

	@GetMapping("/{userId}")
	String edit(CurrentUser me, @PathVariable long userId, Model model) {
		RepProfiles.View rep = profiles.view(me, userId);
		model.addAttribute("rep", rep);
		if (!model.containsAttribute("form")) {
			model.addAttribute("form", Form.of(rep.profile()));
		}
		model.addAttribute("regions",
				profiles.regionNames().entrySet().stream().map(e -> new RepProfiles.Region(e.getKey(), e.getValue())).toList());
		model.addAttribute("vocabulary", rep.teamId() == null ? List.of() : profiles.vocabulary(rep.teamId()));
		return "leads/rep-profile";
	}

	@PostMapping("/{userId}")
	String save(CurrentUser me, @PathVariable long userId, @RequestParam(required = false) String skills,
			@RequestParam(required = false) List<String> regionIds, @RequestParam(required = false) String latitude,
			@RequestParam(required = false) String longitude, @RequestParam(required = false) String radiusKm,
			@RequestParam(required = false) String baseline, Model model, RedirectAttributes redirect, Locale locale) {
		// who may is settled before what was sent is looked at: an outsider learns nothing from a refusal
		if (!profiles.target(me, userId).editable()) {
			throw new BusinessException(HttpStatus.FORBIDDEN, "error.forbidden");
		}
		Form form = new Form(skills, regionIds == null ? List.of() : regionIds, latitude, longitude, radiusKm, baseline);
		try {
			RepProfiles.View saved = profiles.save(me, userId, form.toSettings());
			redirect.addFlashAttribute("flash",
					messages.getMessage("reps.saved", new Object[] { saved.displayName() }, locale));
			return saved.teamId() == null ? "redirect:/leads/reps/" + userId
					: "redirect:/leads/reps?teamId=" + saved.teamId() + "#rep-" + userId;
		}
		catch (BusinessException e) {
			model.addAttribute("error", messages.getMessage(e.messageKey(), e.args(), e.messageKey(), locale));
			model.addAttribute("errorField", e.field());
			model.addAttribute("form", form);
			return edit(me, userId, model);
		}
	}
}
