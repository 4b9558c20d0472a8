package dev.closer.identity.internal;

import java.io.IOException;
import java.util.Optional;

import org.springframework.context.MessageSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.closer.identity.UserSummary;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Authenticates API requests carrying {@code Authorization: Bearer clsr_...}. */
@Component
class BearerTokenFilter extends OncePerRequestFilter {

	private final ApiTokens tokens;

	private final UserQueries users;

	private final MessageSource messages;

	BearerTokenFilter(ApiTokens tokens, UserQueries users, MessageSource messages) {
		this.tokens = tokens;
		this.users = users;
		this.messages = messages;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
			chain.doFilter(request, response);
			return;
		}
		Optional<UserSummary> user = tokens.authenticateUser(header.substring(7).trim(), users)
			.filter(UserSummary::active);
		if (user.isEmpty()) {
			SecurityConfiguration.problem(response, HttpStatus.UNAUTHORIZED, "error.token.invalid", messages,
					request.getLocale());
			return;
		}
		CloserUserDetails details = new CloserUserDetails(CloserUserDetailsService.toCurrentUser(user.get()), "", true,
				false);
		var auth = UsernamePasswordAuthenticationToken.authenticated(details, null, details.getAuthorities());
		var context = SecurityContextHolder.createEmptyContext();
		context.setAuthentication(auth);
		SecurityContextHolder.setContext(context);
		try {
			chain.doFilter(request, response);
		}
		finally {
			SecurityContextHolder.clearContext();
		}
	}
}
