package dev.closer.notifications.internal;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

import dev.closer.CloserApplication;

/** The notifications module keeps to Spring Modulith's rules (API at the root, the rest internal). */
class NotificationsModularityTests {

	@Test
	void modulesAreWellFormed() {
		ApplicationModules.of(CloserApplication.class).verify();
	}
}
