package dev.closer.shared.security;

import java.time.ZoneId;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Who is acting, as every module needs to know it: id, org position, roles, zone.
 * Built by the identity module at login (page session or API token).
 */
public record CurrentUser(long id, String username, String displayName, Set<Role> roles, Long teamId,
		Long regionId, ZoneId zoneId, Locale locale) {

	public boolean has(Role role) {
		return roles.contains(role);
	}

	public boolean isAdmin() {
		return has(Role.ADMIN);
	}

	/** Manages people's work: admin, director or manager. */
	public boolean isManagerial() {
		return has(Role.ADMIN) || has(Role.DIRECTOR) || has(Role.MANAGER);
	}

	/** The user of the current request or job, if an authenticated Closer user. */
	public static Optional<CurrentUser> current() {
		return from(SecurityContextHolder.getContext().getAuthentication());
	}

	public static Optional<CurrentUser> from(Authentication authentication) {
		if (authentication != null && authentication.getPrincipal() instanceof Principal p) {
			return Optional.of(p.currentUser());
		}
		return Optional.empty();
	}

	/** Implemented by the security principal of an authenticated Closer user. */
	public interface Principal {
		CurrentUser currentUser();
	}
}
