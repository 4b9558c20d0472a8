package dev.closer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableAsync;

/**
 * Closer: a sales management system whose rules the system executes.
 * Each top-level package below {@code dev.closer} is a Spring Modulith application module.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableAsync
public class CloserApplication {

	public static void main(String[] args) {
		SpringApplication.run(CloserApplication.class, args);
	}
}
