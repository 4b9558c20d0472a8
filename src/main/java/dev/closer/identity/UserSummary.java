package dev.closer.identity;

import java.time.ZoneId;
import java.util.Set;

import dev.closer.shared.security.Role;

/** What other modules may know about a user. */
public record UserSummary(long id, String username, String displayName, String email, String phone,
		AccountStatus status, Long teamId, Long regionId, Set<Role> roles, ZoneId zoneId) {

	public boolean active() {
		return status == AccountStatus.ACTIVE;
	}

	public boolean has(Role role) {
		return roles.contains(role);
	}
}
