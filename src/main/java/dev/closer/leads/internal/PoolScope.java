package dev.closer.leads.internal;

import java.util.List;

import org.springframework.stereotype.Component;

import dev.closer.identity.TeamSummary;
import dev.closer.identity.UserDirectory;
import dev.closer.shared.security.CurrentUser;
import dev.closer.shared.security.DataScopes;

/** Whose public pool a user sees (SPEC L7): admin every team's, managers and directors their teams', a rep their own. */
@Component
class PoolScope {

	private final DataScopes scopes;

	private final UserDirectory users;

	PoolScope(DataScopes scopes, UserDirectory users) {
		this.scopes = scopes;
		this.users = users;
	}

	List<Long> teams(CurrentUser me) {
		var scope = scopes.of(me);
		return switch (scope.level()) {
			case ALL -> users.teams().stream().map(TeamSummary::id).toList();
			case TEAMS -> List.copyOf(scope.teamIds());
			case OWN -> me.teamId() == null ? List.of() : List.of(me.teamId());
		};
	}
}
