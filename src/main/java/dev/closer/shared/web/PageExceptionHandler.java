package dev.closer.shared.web;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

import dev.closer.shared.problem.BusinessException;
import jakarta.servlet.http.HttpServletResponse;

/** A business refusal on a page is a friendly page with the localised reason, not a stack trace. */
@ControllerAdvice(annotations = Controller.class)
class PageExceptionHandler {

	private final MessageSource messages;

	private final String maxUpload;

	PageExceptionHandler(MessageSource messages,
			@org.springframework.beans.factory.annotation.Value("${spring.servlet.multipart.max-file-size:20MB}") String maxUpload) {
		this.messages = messages;
		this.maxUpload = maxUpload;
	}

	/** An upload over the multipart limit (SPEC P6): 413 with the limit named. Anything else goes on as before. */
	@ExceptionHandler({ org.springframework.web.multipart.MaxUploadSizeExceededException.class,
			org.apache.tomcat.util.http.InvalidParameterException.class })
	String tooLarge(Exception ex, Model model, HttpServletResponse response) throws Exception {
		if (!dev.closer.shared.problem.UploadLimits.exceeded(ex)) {
			throw ex;
		}
		response.setStatus(413);
		model.addAttribute("status", 413);
		model.addAttribute("detail", messages.getMessage("error.upload.tooLarge", new Object[] { maxUpload },
				LocaleContextHolder.getLocale()));
		return "error";
	}

	@ExceptionHandler(BusinessException.class)
	String business(BusinessException ex, Model model, HttpServletResponse response) {
		response.setStatus(ex.status().value());
		model.addAttribute("status", ex.status().value());
		model.addAttribute("detail",
				messages.getMessage(ex.messageKey(), ex.args(), ex.messageKey(), LocaleContextHolder.getLocale()));
		return "error";
	}
}
