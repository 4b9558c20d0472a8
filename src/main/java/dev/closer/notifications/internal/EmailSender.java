package dev.closer.notifications.internal;

import java.nio.charset.StandardCharsets;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;

import jakarta.mail.internet.MimeMessage;

/** E-mail over SMTP (Spring's {@link JavaMailSender}): plain text plus simple HTML, UTF-8. */
@Component
class EmailSender implements ChannelSender {

	private final ObjectProvider<JavaMailSender> mail;

	private final NotificationProperties properties;

	EmailSender(ObjectProvider<JavaMailSender> mail, NotificationProperties properties) {
		this.mail = mail;
		this.properties = properties;
	}

	@Override
	public boolean supports(Destination destination) {
		return destination instanceof MailAddress;
	}

	@Override
	public void send(OutgoingMessage message, Destination destination) throws Exception {
		JavaMailSender sender = mail.getIfAvailable();
		if (sender == null) {
			throw new DeliveryFailedException("No SMTP server configured (spring.mail.host)");
		}
		MimeMessage mime = sender.createMimeMessage();
		MimeMessageHelper helper = new MimeMessageHelper(mime, true, StandardCharsets.UTF_8.name());
		helper.setFrom(properties.mailFrom());
		helper.setTo(((MailAddress) destination).address());
		helper.setSubject(message.subject());
		helper.setText(plain(message), html(message));
		sender.send(mime);
	}

	static String plain(OutgoingMessage message) {
		return message.url() == null ? message.body() : message.body() + "\n\n" + message.url();
	}

	static String html(OutgoingMessage message) {
		StringBuilder html = new StringBuilder("<!DOCTYPE html><html><body>");
		html.append("<h3>").append(HtmlUtils.htmlEscape(message.subject())).append("</h3>");
		html.append("<p>").append(HtmlUtils.htmlEscape(message.body()).replace("\n", "<br>")).append("</p>");
		if (message.url() != null) {
			String url = HtmlUtils.htmlEscape(message.url());
			html.append("<p><a href=\"").append(url).append("\">").append(url).append("</a></p>");
		}
		return html.append("</body></html>").toString();
	}
}
