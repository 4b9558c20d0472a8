package dev.closer.shared.security;

/** Resolves the data scope of a user from the org tree; implemented by the identity module. */
public interface DataScopes {

	DataScope of(CurrentUser user);
}
