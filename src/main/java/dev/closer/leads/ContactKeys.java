package dev.closer.leads;

import java.util.Optional;

/**
 * The normal forms the leads module uses to recognise the same contact (SPEC L2), for other modules that
 * dedupe too (customers): phone in E.164 (default region CN), e-mail and WeChat id lower-cased, company name
 * without legal-form suffixes, punctuation and full-width forms.
 */
public interface ContactKeys {

	/** E.164, or empty when the text is not a valid phone number. */
	Optional<String> phone(String raw);

	/** Lower-cased, or empty when the text is not an e-mail address. */
	Optional<String> email(String raw);

	/** Lower-cased, or empty when the text is not a WeChat id. */
	Optional<String> wechat(String raw);

	/** A comparable company key; null when nothing meaningful is left. */
	String company(String raw);
}
