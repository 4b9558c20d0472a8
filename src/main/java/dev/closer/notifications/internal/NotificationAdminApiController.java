package dev.closer.notifications.internal;

import java.net.URI;
import java.util.List;

import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.closer.notifications.Channel;
import dev.closer.notifications.internal.Deliveries.Delivery;
import dev.closer.notifications.internal.TeamWebhooks.WebhookView;
import dev.closer.shared.web.PageResult;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Admin API of the notifications module: the delivery outbox and the team robot webhooks. */
@RestController
@RequestMapping("/api/admin")
@PreAuthorize("hasRole('ADMIN')")
@Tag(name = "Notifications (admin)", description = "Delivery outbox and team robot webhooks")
class NotificationAdminApiController {

	private final DeliveryAdministration deliveries;

	private final TeamWebhooks webhooks;

	NotificationAdminApiController(DeliveryAdministration deliveries, TeamWebhooks webhooks) {
		this.deliveries = deliveries;
		this.webhooks = webhooks;
	}

	record WebhookRequest(@NotNull WebhookKind kind, @NotBlank @Size(max = TeamWebhooks.URL_MAX) String url,
			@Size(max = TeamWebhooks.SECRET_MAX) String secret, Boolean enabled) {
	}

	record EnabledRequest(@NotNull Boolean enabled) {
	}

	@GetMapping("/notifications/deliveries")
	@Operation(summary = "Outbox deliveries, newest first, optionally by status and channel")
	PageResult<Delivery> deliveries(@RequestParam(required = false) DeliveryStatus status,
			@RequestParam(required = false) Channel channel, @RequestParam(defaultValue = "0") int page,
			@RequestParam(required = false) Integer size) {
		return deliveries.search(status, channel, Math.max(page, 0), PageResult.size(size));
	}

	@PostMapping("/notifications/deliveries/{id}/retry")
	@Operation(summary = "Give a FAILED delivery one more attempt now")
	Delivery retry(@PathVariable long id) {
		return deliveries.retry(id);
	}

	@GetMapping("/teams/{teamId}/webhooks")
	@Operation(summary = "A team's robot webhooks (secrets are never shown)")
	List<WebhookView> webhooks(@PathVariable long teamId) {
		return webhooks.ofTeam(teamId);
	}

	@PostMapping("/teams/{teamId}/webhooks")
	@Operation(summary = "Add a robot webhook (http or https) to a team")
	ResponseEntity<WebhookView> add(@PathVariable long teamId, @Valid @RequestBody WebhookRequest request) {
		WebhookView created = webhooks.add(teamId, request.kind(), request.url(), request.secret(),
				request.enabled() == null || request.enabled());
		return ResponseEntity.created(URI.create("/api/admin/teams/" + teamId + "/webhooks/" + created.id()))
			.body(created);
	}

	@PutMapping("/teams/{teamId}/webhooks/{id}/enabled")
	@Operation(summary = "Enable or disable a robot webhook")
	WebhookView setEnabled(@PathVariable long teamId, @PathVariable long id,
			@Valid @RequestBody EnabledRequest request) {
		return webhooks.setEnabled(teamId, id, request.enabled());
	}

	@DeleteMapping("/teams/{teamId}/webhooks/{id}")
	@Operation(summary = "Delete a robot webhook; deliveries still queued for it are skipped")
	ResponseEntity<Void> delete(@PathVariable long teamId, @PathVariable long id) {
		webhooks.delete(teamId, id);
		return ResponseEntity.noContent().build();
	}
}
