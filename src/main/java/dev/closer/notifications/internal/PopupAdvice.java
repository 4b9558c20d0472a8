package dev.closer.notifications.internal;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Tells the page layout how often to poll for pop-ups ({@code hx-trigger} of the pop-up area). */
@ControllerAdvice(annotations = Controller.class)
class PopupAdvice {

	private final String trigger;

	PopupAdvice(NotificationProperties properties) {
		this.trigger = "load, every " + Math.max(500, properties.popupPoll().toMillis()) + "ms";
	}

	@ModelAttribute("popupTrigger")
	String popupTrigger() {
		return trigger;
	}
}
