package dev.closer.pipeline.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.closer.identity.UserDirectory;
import dev.closer.identity.UserSummary;
import dev.closer.shared.security.CurrentUser;
import dev.closer.shared.security.Role;

/**
 * Who holds a role for an opportunity (SPEC O6 owners, O7 approvers): an active user with the role in the
 * opportunity's team, or without a team in the opportunity's region, or with neither team nor region
 * (company-wide, like the demo's legal and finance staff).
 */
@Component
class RoleHolders {

	private final JdbcClient jdbc;

	private final UserDirectory users;

	RoleHolders(JdbcClient jdbc, UserDirectory users) {
		this.jdbc = jdbc;
		this.users = users;
	}

	long regionOf(long teamId) {
		return users.team(teamId).map(t -> t.regionId()).orElse(-1L);
	}

	/** Whether the user may act in that role for an opportunity of the team. */
	boolean holds(CurrentUser me, Collection<Role> roles, long teamId) {
		if (roles.stream().noneMatch(me::has)) {
			return false;
		}
		return inOrg(me.teamId(), me.regionId(), teamId);
	}

	boolean holds(UserSummary user, Collection<Role> roles, long teamId) {
		if (!user.active() || roles.stream().noneMatch(user::has)) {
			return false;
		}
		return inOrg(user.teamId(), user.regionId(), teamId);
	}

	private boolean inOrg(Long userTeam, Long userRegion, long teamId) {
		if (userTeam != null) {
			return userTeam == teamId;
		}
		return userRegion == null || userRegion == regionOf(teamId);
	}

	/** Every active holder of any of the roles for an opportunity of the team: team members first, by id. */
	List<UserSummary> of(Collection<Role> roles, long teamId) {
		Map<Long, UserSummary> found = new LinkedHashMap<>();
		for (Role role : roles) {
			users.activeMembers(teamId, role).forEach(u -> found.putIfAbsent(u.id(), u));
		}
		long region = regionOf(teamId);
		List<Long> ids = jdbc.sql("""
				select distinct u.id from app_user u join user_role r on r.user_id = u.id
				where u.status = 'ACTIVE' and u.team_id is null and (u.region_id is null or u.region_id = :region)
				  and r.role in (:roles) order by u.id""")
			.param("region", region).param("roles", roles.stream().map(Role::name).toList()).query(Long.class).list();
		for (long id : ids) {
			users.find(id).ifPresent(u -> found.putIfAbsent(u.id(), u));
		}
		List<UserSummary> list = new ArrayList<>(found.values());
		list.removeIf(Objects::isNull);
		return list;
	}
}
