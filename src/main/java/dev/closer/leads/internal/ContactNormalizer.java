package dev.closer.leads.internal;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

/**
 * Normal forms used to recognise the same contact (SPEC L2): phone in E.164 (libphonenumber, default
 * region CN), e-mail lower-cased, WeChat id lower-cased, company name without legal-form suffixes,
 * punctuation, spaces and full-width forms.
 */
final class ContactNormalizer {

	private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

	private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s.]{2,}$");

	private static final Pattern WECHAT = Pattern.compile("^[A-Za-z][-_A-Za-z0-9]{5,19}$");

	/** Chinese legal-form suffixes, longest first; stripped repeatedly from the end. */
	private static final List<String> CJK_SUFFIXES = List.of("股份有限公司", "有限责任公司", "集团有限公司", "有限公司",
			"分公司", "集团", "公司");

	/** Latin legal-form words, stripped as trailing whole words ("Acme Co., Ltd." → "acme", "Costco" kept). */
	private static final java.util.Set<String> LATIN_FORMS = java.util.Set.of("co", "ltd", "inc", "llc", "corp",
			"corporation", "company", "limited", "group", "gmbh", "plc", "incorporated");

	private static final Pattern NOT_WORD = Pattern.compile("[\\p{P}\\p{S}\\s]+");

	private ContactNormalizer() {
	}

	/** E.164, or empty when the number is not a valid phone number. */
	static Optional<String> phone(String raw) {
		if (raw == null || raw.isBlank() || raw.length() > 40) {
			return Optional.empty();
		}
		try {
			PhoneNumber number = PHONES.parse(raw.trim(), "CN");
			if (!PHONES.isValidNumber(number)) {
				return Optional.empty();
			}
			return Optional.of(PHONES.format(number, PhoneNumberUtil.PhoneNumberFormat.E164));
		}
		catch (NumberParseException e) {
			return Optional.empty();
		}
	}

	static Optional<String> email(String raw) {
		if (raw == null || raw.isBlank()) {
			return Optional.empty();
		}
		String email = raw.trim().toLowerCase(Locale.ROOT);
		return EMAIL.matcher(email).matches() && email.length() <= 254 ? Optional.of(email) : Optional.empty();
	}

	static Optional<String> wechat(String raw) {
		if (raw == null || raw.isBlank()) {
			return Optional.empty();
		}
		String id = raw.trim();
		return WECHAT.matcher(id).matches() ? Optional.of(id.toLowerCase(Locale.ROOT)) : Optional.empty();
	}

	/** A comparable company key; null when nothing meaningful is left (then no company dedupe). */
	static String company(String raw) {
		if (raw == null || raw.isBlank()) {
			return null;
		}
		String s = Normalizer.normalize(raw, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
		s = s.replaceAll("[（(][^）)]*[）)]", ""); // "(上海)" branch qualifiers
		List<String> words = new java.util.ArrayList<>(List.of(NOT_WORD.split(s.strip())));
		while (!words.isEmpty() && (words.get(words.size() - 1).isEmpty() || LATIN_FORMS.contains(words.get(words.size() - 1)))) {
			words.remove(words.size() - 1);
		}
		s = String.join("", words);
		boolean stripped = true;
		while (stripped && !s.isEmpty()) {
			stripped = false;
			for (String suffix : CJK_SUFFIXES) {
				if (s.endsWith(suffix)) {
					s = s.substring(0, s.length() - suffix.length());
					stripped = true;
					break;
				}
			}
		}
		return s.length() >= 2 ? s : null;
	}
}
