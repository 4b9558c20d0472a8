package dev.closer.shared.problem;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Turns every API error into RFC 9457 problem+json with a message in the caller's language
 * (Accept-Language). Business refusals are not server errors and are not logged as such.
 */
@RestControllerAdvice(annotations = RestController.class)
public class ApiExceptionHandler extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

	private final MessageSource messages;

	private final String maxUpload;

	public ApiExceptionHandler(MessageSource messages,
			@org.springframework.beans.factory.annotation.Value("${spring.servlet.multipart.max-file-size:20MB}") String maxUpload) {
		this.maxUpload = maxUpload;
		this.messages = messages;
		setMessageSource(messages);
	}

	@ExceptionHandler(BusinessException.class)
	ResponseEntity<Object> business(BusinessException ex) {
		ProblemDetail problem = problem(ex.status(), ex.messageKey(), ex.args());
		if (ex.field() != null) {
			problem.setProperty("errors", List.of(Map.of("field", ex.field(), "message", problem.getDetail())));
		}
		return ResponseEntity.status(ex.status()).body(problem);
	}

	@ExceptionHandler(AccessDeniedException.class)
	ResponseEntity<Object> denied(AccessDeniedException ex) {
		return ResponseEntity.status(HttpStatus.FORBIDDEN).body(problem(HttpStatus.FORBIDDEN, "error.forbidden"));
	}

	@ExceptionHandler(MethodArgumentTypeMismatchException.class)
	ResponseEntity<Object> typeMismatch(MethodArgumentTypeMismatchException ex) {
		return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "error.badParameter", ex.getName()));
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<Object> unexpected(Exception ex) {
		if (UploadLimits.exceeded(ex)) {
			return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
				.body(problem(HttpStatus.CONTENT_TOO_LARGE, "error.upload.tooLarge", maxUpload));
		}
		log.error("Unexpected error", ex);
		return ResponseEntity.internalServerError().body(problem(HttpStatus.INTERNAL_SERVER_ERROR, "error.unexpected"));
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		ProblemDetail problem;
		Throwable cause = ex.getMostSpecificCause();
		if (cause instanceof UnrecognizedPropertyException u) {
			problem = problem(HttpStatus.BAD_REQUEST, "error.unknownField", u.getPropertyName());
		}
		else if (cause instanceof InvalidFormatException f) {
			problem = problem(HttpStatus.BAD_REQUEST, "error.wrongType", path(f));
		}
		else if (cause instanceof MismatchedInputException m && !m.getPath().isEmpty()) {
			problem = problem(HttpStatus.BAD_REQUEST, "error.wrongType", path(m));
		}
		else {
			problem = problem(HttpStatus.BAD_REQUEST, "error.unreadable");
		}
		return ResponseEntity.badRequest().body(problem);
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		Locale locale = LocaleContextHolder.getLocale();
		List<Map<String, String>> errors = new ArrayList<>();
		for (FieldError error : ex.getBindingResult().getFieldErrors()) {
			errors.add(Map.of("field", error.getField(), "message", messages.getMessage(error, locale)));
		}
		ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "error.validation");
		problem.setProperty("errors", errors);
		return ResponseEntity.badRequest().body(problem);
	}

	@Override
	protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "error.validation"));
	}

	@Override
	protected ResponseEntity<Object> handleMaxUploadSizeExceededException(MaxUploadSizeExceededException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
			.body(problem(HttpStatus.CONTENT_TOO_LARGE, "error.upload.tooLarge", maxUpload));
	}

	@Override
	protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode statusCode,
			WebRequest request) {
		if (body instanceof ProblemDetail p && p.getType() == null) {
			p.setType(URI.create("about:blank"));
		}
		return super.createResponseEntity(body, headers, statusCode, request);
	}

	private static String path(MismatchedInputException e) {
		StringBuilder sb = new StringBuilder();
		e.getPath().forEach(ref -> {
			if (ref.getPropertyName() != null) {
				if (!sb.isEmpty()) {
					sb.append('.');
				}
				sb.append(ref.getPropertyName());
			}
			else if (ref.getIndex() >= 0) {
				sb.append('[').append(ref.getIndex()).append(']');
			}
		});
		return sb.toString();
	}

	private ProblemDetail problem(HttpStatus status, String key, Object... args) {
		Locale locale = LocaleContextHolder.getLocale();
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status,
				messages.getMessage(key, args, key, locale));
		problem.setTitle(messages.getMessage("error.title." + status.value(), null, status.getReasonPhrase(), locale));
		problem.setProperty("code", key);
		return problem;
	}
}
