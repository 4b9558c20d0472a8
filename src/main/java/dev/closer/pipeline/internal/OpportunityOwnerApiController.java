package dev.closer.pipeline.internal;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.closer.shared.security.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;

/** {@code PUT /api/opportunities/{id}/owner}: owner reassignment through the API. */
@RestController
class OpportunityOwnerApiController {

	private final OpportunityOwners owners;

	OpportunityOwnerApiController(OpportunityOwners owners) {
		this.owners = owners;
	}

	record OwnerRequest(Long ownerId, String reason) {
	}

	@PutMapping("/api/opportunities/{id}/owner")
	@Operation(summary = "Hand an open opportunity to another active member of its team (managers; reason required; audited)")
	OpportunityView reassign(CurrentUser me, @PathVariable long id, @RequestBody(required = false) OwnerRequest body) {
		return owners.reassign(id, body == null ? null : body.ownerId(), body == null ? null : body.reason(), me);
	}
}
