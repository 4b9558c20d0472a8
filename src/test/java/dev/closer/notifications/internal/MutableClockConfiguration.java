package dev.closer.notifications.internal;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import dev.closer.support.MutableClock;

/** The application's clock, movable by the tests (starts at the real now). */
@TestConfiguration(proxyBeanMethods = false)
class MutableClockConfiguration {

	@Bean
	@Primary
	MutableClock testClock() {
		return new MutableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
	}
}
