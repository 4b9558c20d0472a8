package dev.closer.notifications.internal;

import java.util.Arrays;
import java.util.Locale;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.closer.identity.UserDirectory;
import dev.closer.notifications.Channel;
import dev.closer.notifications.internal.Deliveries.Delivery;
import dev.closer.shared.problem.BusinessException;
import dev.closer.shared.security.CurrentUser;
import dev.closer.shared.web.PageResult;

/**
 * Admin page of deliveries (filter, last error, retry) and team robot webhooks. Post/Redirect/Get
 * with a flash message; a refused change shows its localised reason and changes nothing.
 */
@Controller
@RequestMapping("/admin/notifications")
class NotificationAdminController {

	static final int PAGE_SIZE = 25;

	private final DeliveryAdministration deliveries;

	private final TeamWebhooks webhooks;

	private final UserDirectory directory;

	private final MessageSource messages;

	NotificationAdminController(DeliveryAdministration deliveries, TeamWebhooks webhooks, UserDirectory directory,
			MessageSource messages) {
		this.deliveries = deliveries;
		this.webhooks = webhooks;
		this.directory = directory;
		this.messages = messages;
	}

	/** A delivery as the page shows it, times in the admin's zone. */
	record Row(long id, String category, Channel channel, String target, String subject, DeliveryStatus status,
			int attempts, String nextAttempt, String created, String sent, String lastError) {

		static Row of(Delivery d, java.time.ZoneId zone) {
			return new Row(d.id(), d.category(), d.channel(), d.target(), d.subject(), d.status(), d.attempts(),
					d.status() == DeliveryStatus.PENDING ? InboxController.format(d.nextAttemptAt(), zone) : "",
					InboxController.format(d.createdAt(), zone), InboxController.format(d.sentAt(), zone), d.lastError());
		}
	}

	/** The add-webhook form. */
	record WebhookForm(Long teamId, String kind, String url, String secret) {
	}

	@GetMapping
	String page(CurrentUser me, @RequestParam(required = false) String status,
			@RequestParam(required = false) String channel, @RequestParam(defaultValue = "0") int page, Model model) {
		DeliveryStatus statusFilter = parse(DeliveryStatus.class, status);
		Channel channelFilter = parse(Channel.class, channel);
		PageResult<Delivery> found = deliveries.search(statusFilter, channelFilter, Math.max(page, 0), PAGE_SIZE);
		model.addAttribute("page", found.map(d -> Row.of(d, me.zoneId())));
		model.addAttribute("status", statusFilter);
		model.addAttribute("channel", channelFilter);
		model.addAttribute("statuses", DeliveryStatus.values());
		model.addAttribute("channels", Arrays.stream(Channel.values()).filter(c -> c == Channel.EMAIL || c == Channel.IM).toList());
		model.addAttribute("webhooks", webhooks.all());
		model.addAttribute("teams", directory.teams());
		model.addAttribute("kinds", WebhookKind.values());
		if (!model.containsAttribute("form")) {
			model.addAttribute("form", new WebhookForm(null, WebhookKind.WECOM.name(), "", ""));
		}
		return "notifications/admin";
	}

	@PostMapping("/deliveries/{id}/retry")
	String retry(@PathVariable long id, RedirectAttributes redirect) {
		try {
			deliveries.retry(id);
			redirect.addFlashAttribute("message", text("notifications.admin.retried", id));
		}
		catch (BusinessException e) {
			redirect.addFlashAttribute("error", text(e));
		}
		return "redirect:/admin/notifications";
	}

	@PostMapping("/webhooks")
	String add(@ModelAttribute WebhookForm form, RedirectAttributes redirect) {
		try {
			if (form.teamId() == null) {
				throw BusinessException.invalidField("teamId", "error.required");
			}
			WebhookKind kind = parse(WebhookKind.class, form.kind());
			if (kind == null) {
				throw BusinessException.invalidField("kind", "error.webhook.kind");
			}
			webhooks.add(form.teamId(), kind, form.url(), form.secret(), true);
			redirect.addFlashAttribute("message", text("notifications.webhook.added"));
		}
		catch (BusinessException e) {
			redirect.addFlashAttribute("error", text(e));
			redirect.addFlashAttribute("form", new WebhookForm(form.teamId(), form.kind(), form.url(), ""));
		}
		return "redirect:/admin/notifications#webhooks";
	}

	@PostMapping("/webhooks/{id}/enabled")
	String setEnabled(@PathVariable long id, @RequestParam long teamId, @RequestParam boolean enabled,
			RedirectAttributes redirect) {
		try {
			webhooks.setEnabled(teamId, id, enabled);
			redirect.addFlashAttribute("message",
					text(enabled ? "notifications.webhook.enabled" : "notifications.webhook.disabled"));
		}
		catch (BusinessException e) {
			redirect.addFlashAttribute("error", text(e));
		}
		return "redirect:/admin/notifications#webhooks";
	}

	@PostMapping("/webhooks/{id}/delete")
	String delete(@PathVariable long id, @RequestParam long teamId, RedirectAttributes redirect) {
		try {
			webhooks.delete(teamId, id);
			redirect.addFlashAttribute("message", text("notifications.webhook.deleted"));
		}
		catch (BusinessException e) {
			redirect.addFlashAttribute("error", text(e));
		}
		return "redirect:/admin/notifications#webhooks";
	}

	private String text(String key, Object... args) {
		Locale locale = LocaleContextHolder.getLocale();
		return messages.getMessage(key, args, key, locale);
	}

	private String text(BusinessException e) {
		return text(e.messageKey(), e.args());
	}

	private static <E extends Enum<E>> E parse(Class<E> type, String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException e) {
			return null;
		}
	}
}
