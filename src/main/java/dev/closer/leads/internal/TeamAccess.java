package dev.closer.leads.internal;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import dev.closer.identity.UserDirectory;
import dev.closer.shared.problem.BusinessException;
import dev.closer.shared.problem.NotFoundException;
import dev.closer.shared.security.CurrentUser;
import dev.closer.shared.security.DataScopes;
import dev.closer.shared.security.Role;

/** Who may read and edit a team's rules (allocation policy, SLA policy). */
@Component
class TeamAccess {

	private final UserDirectory users;

	private final DataScopes scopes;

	TeamAccess(UserDirectory users, DataScopes scopes) {
		this.users = users;
		this.scopes = scopes;
	}

	/** Admins any team; directors their region's; managers their own; for reading, members too. Unknown team → 404. */
	void require(CurrentUser me, long teamId, boolean edit) {
		if (users.team(teamId).isEmpty()) {
			throw new NotFoundException("team", teamId);
		}
		if (me.isAdmin()) {
			return;
		}
		var scope = scopes.of(me);
		boolean manages = (me.has(Role.MANAGER) || me.has(Role.DIRECTOR)) && scope.teamIds().contains(teamId);
		boolean member = me.teamId() != null && me.teamId() == teamId;
		if (edit ? !manages : !(manages || member)) {
			throw new BusinessException(HttpStatus.FORBIDDEN, "error.forbidden");
		}
	}
}
