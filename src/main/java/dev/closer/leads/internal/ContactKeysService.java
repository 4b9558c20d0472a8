package dev.closer.leads.internal;

import java.util.Optional;

import org.springframework.stereotype.Component;

import dev.closer.leads.ContactKeys;

/** {@link ContactKeys} for other modules: the very rules lead intake dedupes with ({@link ContactNormalizer}). */
@Component
class ContactKeysService implements ContactKeys {

	@Override
	public Optional<String> phone(String raw) {
		return ContactNormalizer.phone(raw);
	}

	@Override
	public Optional<String> email(String raw) {
		return ContactNormalizer.email(raw);
	}

	@Override
	public Optional<String> wechat(String raw) {
		return ContactNormalizer.wechat(raw);
	}

	@Override
	public String company(String raw) {
		return ContactNormalizer.company(raw);
	}
}
