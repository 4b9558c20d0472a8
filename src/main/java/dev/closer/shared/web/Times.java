package dev.closer.shared.web;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import org.springframework.stereotype.Component;

import dev.closer.shared.security.CurrentUser;

/** Shows UTC instants in the signed-in user's zone ({@code ${@times.fmt(instant)}} in templates). */
@Component("times")
public class Times {

	private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

	private static final ZoneId DEFAULT = ZoneId.of("Asia/Shanghai");

	public String fmt(Instant instant) {
		if (instant == null) {
			return "—";
		}
		return MINUTES.format(instant.atZone(zone()));
	}

	public ZoneId zone() {
		return CurrentUser.current().map(CurrentUser::zoneId).orElse(DEFAULT);
	}
}
