package dev.closer.shared.problem;

import org.springframework.http.HttpStatus;

/** A record that does not exist or lies outside the caller's data scope (both answer 404). */
public class NotFoundException extends BusinessException {

	public NotFoundException(String entity, Object id) {
		super(HttpStatus.NOT_FOUND, (String) null, "error.notFound", entity, id);
	}
}
