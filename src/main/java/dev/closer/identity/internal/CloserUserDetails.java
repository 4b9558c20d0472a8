package dev.closer.identity.internal;

import java.util.Collection;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

import dev.closer.shared.security.CurrentUser;

/** The security principal of a Closer user, for page sessions and API tokens alike. */
record CloserUserDetails(CurrentUser currentUser, String passwordHash, boolean enabled, boolean locked)
		implements UserDetails, CurrentUser.Principal {

	@Override
	public Collection<? extends GrantedAuthority> getAuthorities() {
		return currentUser.roles().stream().map(r -> (GrantedAuthority) new SimpleGrantedAuthority(r.authority())).toList();
	}

	@Override
	public String getPassword() {
		return passwordHash;
	}

	@Override
	public String getUsername() {
		return currentUser.username();
	}

	@Override
	public boolean isEnabled() {
		return enabled;
	}

	@Override
	public boolean isAccountNonLocked() {
		return !locked;
	}
}
