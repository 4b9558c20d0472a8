package dev.closer.notifications.internal;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

import dev.closer.notifications.internal.Inbox.InboxItem;
import dev.closer.shared.security.CurrentUser;
import dev.closer.shared.web.PageResult;

/**
 * The inbox page. Marking read works with htmx (the list and the unread badge are swapped in place)
 * and without JavaScript (post, then redirect back).
 */
@Controller
class InboxController {

	static final int PAGE_SIZE = 20;

	private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

	private final Inbox inbox;

	InboxController(Inbox inbox) {
		this.inbox = inbox;
	}

	/** An inbox entry as the page shows it, with the time in the reader's zone. */
	record Row(long id, String category, String title, String body, String link, String when, boolean read) {

		static Row of(InboxItem item, ZoneId zone) {
			return new Row(item.id(), item.category(), item.title(), item.body(), item.link(), format(item.createdAt(), zone),
					item.read());
		}
	}

	static String format(Instant instant, ZoneId zone) {
		return instant == null ? "" : WHEN.format(instant.atZone(zone));
	}

	@GetMapping("/inbox")
	String inbox(CurrentUser me, @RequestParam(defaultValue = "0") int page, Model model) {
		fill(me, page, model);
		return "notifications/inbox";
	}

	/*
	 * The mark-read actions post to /inbox itself with form parameters, so that the pager links rendered in
	 * the htmx response (built from the current request URL) point at the inbox page.
	 */

	@PostMapping(path = "/inbox", params = "read")
	String markRead(CurrentUser me, @RequestParam("read") long id, @RequestParam(defaultValue = "0") int page,
			@RequestHeader(name = "HX-Request", required = false) String htmx, Model model) {
		inbox.markRead(me.id(), id);
		return after(me, page, htmx, model);
	}

	@PostMapping(path = "/inbox", params = "readAll")
	String markAllRead(CurrentUser me, @RequestParam(defaultValue = "0") int page,
			@RequestHeader(name = "HX-Request", required = false) String htmx, Model model) {
		inbox.markAllRead(me.id());
		return after(me, page, htmx, model);
	}

	/** Opens the record a notification links to, marking it read. */
	@GetMapping("/inbox/{id}/open")
	String open(CurrentUser me, @PathVariable long id) {
		InboxItem item = inbox.get(me.id(), id);
		inbox.markRead(me.id(), id);
		// links are app-relative by construction (Notification refuses others)
		return "redirect:" + (item.link() == null ? "/inbox" : item.link());
	}

	/**
	 * The pop-ups over every page (SPEC S1): the layout polls this; unread pop-up notifications show
	 * until opened or dismissed. Empty when there are none, so an idle poll costs one indexed query.
	 */
	@GetMapping("/inbox/popups")
	String popups(CurrentUser me, Model model) {
		model.addAttribute("popups", inbox.popups(me.id(), 3).stream().map(item -> Row.of(item, me.zoneId())).toList());
		return "notifications/popups :: popups";
	}

	@PostMapping("/inbox/popups/{id}/dismiss")
	String dismiss(CurrentUser me, @PathVariable long id, Model model) {
		inbox.markRead(me.id(), id);
		return popups(me, model);
	}

	private String after(CurrentUser me, int page, String htmx, Model model) {
		if (htmx == null) {
			return "redirect:/inbox?page=" + Math.max(page, 0);
		}
		fill(me, page, model);
		return "notifications/inbox :: update";
	}

	private void fill(CurrentUser me, int page, Model model) {
		PageResult<InboxItem> items = inbox.page(me.id(), false, Math.max(page, 0), PAGE_SIZE);
		model.addAttribute("page", items.map(item -> Row.of(item, me.zoneId())));
		model.addAttribute("unread", inbox.unreadCount(me.id()));
	}
}
