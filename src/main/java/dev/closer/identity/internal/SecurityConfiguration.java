package dev.closer.identity.internal;

import java.io.IOException;
import java.util.Locale;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

import jakarta.servlet.http.HttpServletResponse;

/**
 * Two filter chains (N5): the API ({@code /api/**}, {@code /actuator/**}) is stateless with bearer
 * tokens and problem+json errors; pages use form login, a session and CSRF protection.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class SecurityConfiguration {

	static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
			+ "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; "
			+ "form-action 'self'; base-uri 'self'; object-src 'none'";

	@Bean
	PasswordEncoder passwordEncoder() {
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}

	@Bean
	AuthenticationManager authenticationManager(CloserUserDetailsService users, PasswordEncoder encoder,
			AuthenticationEventPublisher events) {
		DaoAuthenticationProvider provider = new DaoAuthenticationProvider(users);
		provider.setPasswordEncoder(encoder);
		ProviderManager manager = new ProviderManager(provider);
		manager.setAuthenticationEventPublisher(events);
		return manager;
	}

	/** The bearer filter runs inside the API security chain only, not as a servlet filter of its own. */
	@Bean
	FilterRegistrationBean<BearerTokenFilter> bearerTokenFilterRegistration(BearerTokenFilter filter) {
		FilterRegistrationBean<BearerTokenFilter> registration = new FilterRegistrationBean<>(filter);
		registration.setEnabled(false);
		return registration;
	}

	@Bean
	@Order(1)
	SecurityFilterChain api(HttpSecurity http, BearerTokenFilter bearer, MessageSource messages,
			AuthenticationManager authenticationManager) throws Exception {
		http.securityMatcher("/api/**", "/actuator/**")
			.authenticationManager(authenticationManager)
			.csrf(csrf -> csrf.disable())
			.sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache(c -> c.disable())
			.authorizeHttpRequests(auth -> auth
				// a streamed response (XLSX export) ends with an ASYNC dispatch of a request already authorised; a
				// stateless chain has no security context left for it
				.dispatcherTypeMatchers(jakarta.servlet.DispatcherType.ASYNC).permitAll()
				.requestMatchers(HttpMethod.POST, "/api/auth/token").permitAll()
				.requestMatchers("/api/public/**").permitAll()
				.requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info").permitAll()
				.requestMatchers("/actuator/**").hasRole("ADMIN")
				.requestMatchers("/api/admin/**", "/api/hr/**").hasRole("ADMIN")
				.anyRequest().authenticated())
			.addFilterBefore(bearer, UsernamePasswordAuthenticationFilter.class)
			.exceptionHandling(e -> e
				.authenticationEntryPoint((req, res, ex) -> problem(res, HttpStatus.UNAUTHORIZED, "error.unauthenticated",
						messages, req.getLocale()))
				.accessDeniedHandler((req, res, ex) -> problem(res, HttpStatus.FORBIDDEN, "error.forbidden", messages,
						req.getLocale())))
			.headers(h -> h.contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'none'; frame-ancestors 'none'")));
		return http.build();
	}

	@Bean
	@Order(2)
	SecurityFilterChain pages(HttpSecurity http, AuthenticationManager authenticationManager) throws Exception {
		http.authenticationManager(authenticationManager)
			.authorizeHttpRequests(auth -> auth
				.requestMatchers("/login", "/error", "/webjars/**", "/css/**", "/js/**", "/img/**", "/favicon.ico")
				.permitAll()
				// public lead web forms: anonymous, token in the URL, rate-limited by the leads module
				.requestMatchers("/f/**").permitAll()
				.requestMatchers("/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html").permitAll()
				.requestMatchers("/admin/**").hasRole("ADMIN")
				.anyRequest().authenticated())
			.formLogin(form -> form.loginPage("/login").defaultSuccessUrl("/", false).failureHandler((req, res, ex) -> {
				String reason = ex instanceof LockedException ? "locked" : ex instanceof DisabledException ? "disabled" : "error";
				res.sendRedirect(req.getContextPath() + "/login?" + reason);
			}).permitAll())
			.logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?logout").permitAll())
			.csrf(csrf -> csrf.ignoringRequestMatchers("/f/**"))
			.headers(h -> h.contentSecurityPolicy(csp -> csp.policyDirectives(CSP))
				.referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)));
		return http.build();
	}

	static void problem(HttpServletResponse res, HttpStatus status, String key, MessageSource messages, Locale locale)
			throws IOException {
		String detail = messages.getMessage(key, null, key, locale == null ? Locale.ENGLISH : locale);
		res.setStatus(status.value());
		res.setContentType("application/problem+json;charset=UTF-8");
		res.getWriter().write("{\"type\":\"about:blank\",\"title\":\"" + status.getReasonPhrase() + "\",\"status\":"
				+ status.value() + ",\"code\":\"" + key + "\",\"detail\":\"" + detail.replace("\"", "'") + "\"}");
	}
}
