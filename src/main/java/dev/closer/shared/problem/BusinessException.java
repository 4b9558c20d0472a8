package dev.closer.shared.problem;

import org.springframework.http.HttpStatus;

/**
 * A request that breaks a business rule. Carries a message key (localised by the web layer),
 * its arguments, the HTTP status to answer with, and optionally the field it concerns.
 */
public class BusinessException extends RuntimeException {

	private final String messageKey;

	private final transient Object[] args;

	private final HttpStatus status;

	private final String field;

	public BusinessException(HttpStatus status, String messageKey, Object... args) {
		this(status, null, messageKey, args);
	}

	public BusinessException(HttpStatus status, String field, String messageKey, Object... args) {
		super(messageKey);
		this.status = status;
		this.field = field;
		this.messageKey = messageKey;
		this.args = args;
	}

	/** 422: the request is well-formed but breaks a rule. */
	public static BusinessException invalid(String messageKey, Object... args) {
		return new BusinessException(HttpStatus.UNPROCESSABLE_CONTENT, messageKey, args);
	}

	/** 422 naming the offending field. */
	public static BusinessException invalidField(String field, String messageKey, Object... args) {
		return new BusinessException(HttpStatus.UNPROCESSABLE_CONTENT, field, messageKey, args);
	}

	/** 409: the request conflicts with the current state (duplicate, concurrent change). */
	public static BusinessException conflict(String messageKey, Object... args) {
		return new BusinessException(HttpStatus.CONFLICT, messageKey, args);
	}

	public String messageKey() {
		return messageKey;
	}

	public Object[] args() {
		return args;
	}

	public HttpStatus status() {
		return status;
	}

	public String field() {
		return field;
	}
}
