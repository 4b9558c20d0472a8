package dev.closer.shared.problem;

import org.springframework.web.multipart.MaxUploadSizeExceededException;

/**
 * Recognises a multipart upload over the configured limit whatever wraps it: Spring's
 * {@link MaxUploadSizeExceededException}, or the servlet container's size-limit exception surfacing when the
 * request is parsed lazily (Tomcat: {@code InvalidParameterException} caused by {@code FileSizeLimitExceededException}).
 */
public final class UploadLimits {

	private UploadLimits() {
	}

	public static boolean exceeded(Throwable e) {
		for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
			if (t instanceof MaxUploadSizeExceededException || t.getClass().getSimpleName().endsWith("SizeLimitExceededException")) {
				return true;
			}
		}
		return false;
	}
}
