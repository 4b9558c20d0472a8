package dev.closer.shared.web;

import java.io.IOException;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Refuses API request bodies above {@code closer.api.max-body-bytes} (default 1 MiB) before they are
 * read, answering 413 problem+json. File uploads have their own multipart limit.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class ApiBodyLimitFilter extends OncePerRequestFilter {

	private final long maxBytes;

	private final MessageSource messages;

	ApiBodyLimitFilter(@Value("${closer.api.max-body-bytes:1048576}") long maxBytes, MessageSource messages) {
		this.maxBytes = maxBytes;
		this.messages = messages;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String contentType = request.getContentType();
		return !request.getRequestURI().startsWith("/api/")
				|| (contentType != null && contentType.startsWith("multipart/"));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getContentLengthLong() > maxBytes) {
			var locale = request.getLocale() != null ? request.getLocale() : LocaleContextHolder.getLocale();
			String detail = messages.getMessage("error.tooLarge", null, "Request too large", locale);
			response.setStatus(HttpStatus.CONTENT_TOO_LARGE.value());
			response.setContentType("application/problem+json;charset=UTF-8");
			response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"Content Too Large\",\"status\":413,"
					+ "\"code\":\"error.tooLarge\",\"detail\":\"" + detail.replace("\"", "'") + "\"}");
			return;
		}
		chain.doFilter(request, response);
	}
}
