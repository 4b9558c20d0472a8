package dev.closer.notifications.internal;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.closer.notifications.internal.Inbox.InboxItem;
import dev.closer.shared.security.CurrentUser;
import dev.closer.shared.web.PageResult;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The caller's own inbox over REST. Another user's notification answers 404. */
@RestController
@RequestMapping("/api/notifications")
@Tag(name = "Notifications", description = "The signed-in user's inbox")
class NotificationApiController {

	private final Inbox inbox;

	NotificationApiController(Inbox inbox) {
		this.inbox = inbox;
	}

	record UnreadCount(long count) {
	}

	record Marked(int marked) {
	}

	@GetMapping
	@Operation(summary = "My notifications, newest first")
	PageResult<InboxItem> list(CurrentUser me, @RequestParam(defaultValue = "false") boolean unread,
			@RequestParam(defaultValue = "0") int page, @RequestParam(required = false) Integer size) {
		return inbox.page(me.id(), unread, Math.max(page, 0), PageResult.size(size));
	}

	@GetMapping("/unread-count")
	@Operation(summary = "How many of my notifications are unread")
	UnreadCount unreadCount(CurrentUser me) {
		return new UnreadCount(inbox.unreadCount(me.id()));
	}

	@GetMapping("/{id}")
	@Operation(summary = "One of my notifications")
	InboxItem one(CurrentUser me, @PathVariable long id) {
		return inbox.get(me.id(), id);
	}

	@PostMapping("/{id}/read")
	@Operation(summary = "Mark one of my notifications read")
	ResponseEntity<Void> markRead(CurrentUser me, @PathVariable long id) {
		inbox.markRead(me.id(), id);
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/read-all")
	@Operation(summary = "Mark all my notifications read")
	Marked markAllRead(CurrentUser me) {
		return new Marked(inbox.markAllRead(me.id()));
	}
}
