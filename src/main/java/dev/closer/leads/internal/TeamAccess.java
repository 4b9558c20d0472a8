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

	/** Teams whose rules the user may edit: all (admin), the region's (director), their own (manager). */
	java.util.List<dev.closer.identity.TeamSummary> editable(CurrentUser me) {
		var scope = scopes.of(me);
		return users.teams().stream()
			.filter(t -> me.isAdmin()
					|| ((me.has(Role.MANAGER) || me.has(Role.DIRECTOR)) && scope.teamIds().contains(t.id())))
			.toList();
	}

	/** One of {@link #editable}: the given one, or the first when none is given; 404 otherwise. */
	dev.closer.identity.TeamSummary editableTeam(CurrentUser me, Long teamId) {
		var teams = editable(me);
		if (teams.isEmpty()) {
			throw new NotFoundException("team", teamId == null ? "-" : teamId);
		}
		if (teamId == null) {
			return teams.get(0);
		}
		return teams.stream().filter(t -> t.id() == teamId).findFirst()
			.orElseThrow(() -> new NotFoundException("team", teamId));
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
