package dev.closer.leads.internal;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.closer.shared.security.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** REST API for rep allocation profiles (SPEC L4). */
@RestController
@RequestMapping("/api/reps")
@Tag(name = "Rep profiles", description = "What allocation knows of each rep: skills, regions, base and service radius, "
		+ "own capacity baseline")
class RepProfileApiController {

	private final RepProfiles profiles;

	RepProfileApiController(RepProfiles profiles) {
		this.profiles = profiles;
	}

	@GetMapping("/{userId}/profile")
	@Operation(summary = "A rep's allocation profile with their current load rate",
			description = "For admins, the managers and directors whose scope holds the rep's team, and the rep "
					+ "(read only). Anyone else gets 404. `profile` is the body a PUT takes.")
	RepProfiles.View repProfile(CurrentUser me, @PathVariable long userId) {
		return profiles.view(me, userId);
	}

	@PutMapping("/{userId}/profile")
	@Operation(summary = "Replace a rep's allocation profile (validated, audited, used by the next allocation)",
			description = "Admins, and managers and directors whose scope holds the rep's team; the rep themselves "
					+ "gets 403, anyone else 404. An absent field clears it. A refusal is 422 naming the field; nothing "
					+ "is changed then.")
	RepProfiles.View saveRepProfile(CurrentUser me, @PathVariable long userId, @RequestBody RepProfileSettings profile) {
		return profiles.save(me, userId, profile);
	}
}
