package dev.closer.shared.web;

import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.closer.shared.security.CurrentUser;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

/** The OpenAPI document at /v3/api-docs (UI at /swagger-ui.html): bearer tokens, no internal arguments. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	static {
		SpringDocUtils.getConfig().addRequestWrapperToIgnore(CurrentUser.class);
	}

	@Bean
	OpenAPI closerOpenApi() {
		return new OpenAPI()
			.info(new Info().title("Closer API")
				.version("v1")
				.description("Sales management rules the system executes. Obtain a token with POST /api/auth/token, "
						+ "then send 'Authorization: Bearer <token>'. Errors are RFC 9457 problem+json; creates accept "
						+ "an Idempotency-Key header."))
			.components(new Components().addSecuritySchemes("bearer",
					new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")))
			.addSecurityItem(new SecurityRequirement().addList("bearer"));
	}
}
