package dev.closer.identity.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import dev.closer.identity.AccountStatus;
import dev.closer.identity.TeamSummary;
import dev.closer.identity.UserDirectory;
import dev.closer.identity.UserSummary;
import dev.closer.shared.security.CurrentUser;
import dev.closer.shared.security.DataScope;
import dev.closer.shared.security.DataScopes;
import dev.closer.shared.security.Role;
import dev.closer.shared.web.PageResult;

/** SQL read side of users and org; also the data-scope resolver every module uses. */
@Component
@Transactional(readOnly = true)
class UserQueries implements UserDirectory, DataScopes {

	static final String USER_COLUMNS = """
			u.id, u.username, u.display_name, u.email, u.phone, u.status, u.team_id,
			coalesce(u.region_id, t.region_id) as region_id, u.time_zone""";

	private final JdbcClient jdbc;

	private final javax.sql.DataSource dataSource;

	private volatile String shareLock;

	UserQueries(JdbcClient jdbc, javax.sql.DataSource dataSource) {
		this.jdbc = jdbc;
		this.dataSource = dataSource;
	}

	/** {@code for share} where the database has it (PostgreSQL), else {@code for update} (H2). */
	private String shareLock() {
		if (shareLock == null) {
			try (var connection = dataSource.getConnection()) {
				shareLock = connection.getMetaData().getDatabaseProductName().startsWith("PostgreSQL") ? "for share"
						: "for update";
			}
			catch (java.sql.SQLException e) {
				return "for update";
			}
		}
		return shareLock;
	}

	@Override
	public Optional<UserSummary> find(long userId) {
		return withRoles(jdbc.sql("select " + USER_COLUMNS + " from app_user u left join team t on t.id = u.team_id where u.id = :id")
			.param("id", userId).query(UserQueries::row).list()).stream().findFirst();
	}

	@Override
	public Optional<UserSummary> findByUsername(String username) {
		return withRoles(jdbc.sql("select " + USER_COLUMNS
				+ " from app_user u left join team t on t.id = u.team_id where lower(u.username) = lower(:u)")
			.param("u", username).query(UserQueries::row).list()).stream().findFirst();
	}

	@Override
	@Transactional(propagation = Propagation.MANDATORY)
	public boolean isActiveLocked(long userId) {
		return jdbc.sql("select status from app_user where id = :id " + shareLock())
			.param("id", userId)
			.query(String.class)
			.optional()
			.map(AccountStatus.ACTIVE.name()::equals)
			.orElse(false);
	}

	@Override
	public java.util.Set<Long> activeLocked(java.util.Collection<Long> userIds) {
		java.util.Set<Long> active = new java.util.HashSet<>();
		if (userIds.isEmpty()) {
			return active;
		}
		jdbc.sql("select id, status from app_user where id in (:ids) order by id " + shareLock())
			.param("ids", userIds)
			.query((org.springframework.jdbc.core.RowCallbackHandler) rs -> {
				if (AccountStatus.ACTIVE.name().equals(rs.getString(2))) {
					active.add(rs.getLong(1));
				}
			});
		return active;
	}

	@Override
	public Map<Long, UserSummary> findAll(java.util.Collection<Long> userIds) {
		Map<Long, UserSummary> found = new HashMap<>();
		List<Long> ids = List.copyOf(new java.util.LinkedHashSet<>(userIds));
		for (int from = 0; from < ids.size(); from += 1000) {
			withRoles(jdbc.sql("select " + USER_COLUMNS + " from app_user u left join team t on t.id = u.team_id where u.id in (:ids)")
				.param("ids", ids.subList(from, Math.min(ids.size(), from + 1000))).query(UserQueries::row).list())
				.forEach(u -> found.put(u.id(), u));
		}
		return found;
	}

	@Override
	public List<UserSummary> activeMembers(long teamId, Role role) {
		return withRoles(jdbc.sql("select " + USER_COLUMNS + " " + """
				 from app_user u left join team t on t.id = u.team_id
				 join user_role r on r.user_id = u.id and r.role = :role
				 where u.team_id = :team and u.status = 'ACTIVE' order by u.id""")
			.param("team", teamId).param("role", role.name()).query(UserQueries::row).list());
	}

	@Override
	public List<UserSummary> members(long teamId, Role role) {
		return withRoles(jdbc.sql("select " + USER_COLUMNS + " " + """
				 from app_user u left join team t on t.id = u.team_id
				 join user_role r on r.user_id = u.id and r.role = :role
				 where u.team_id = :team order by u.id""")
			.param("team", teamId).param("role", role.name()).query(UserQueries::row).list());
	}

	@Override
	public Map<Long, List<UserSummary>> membersOf(java.util.Collection<Long> teamIds, Role role) {
		Map<Long, List<UserSummary>> byTeam = new HashMap<>();
		teamIds.forEach(t -> byTeam.put(t, new java.util.ArrayList<>()));
		if (!teamIds.isEmpty()) {
			withRoles(jdbc.sql("select " + USER_COLUMNS + " " + """
					 from app_user u left join team t on t.id = u.team_id
					 join user_role r on r.user_id = u.id and r.role = :role
					 where u.team_id in (:teams) order by u.id""")
				.param("teams", teamIds).param("role", role.name()).query(UserQueries::row).list())
				.forEach(u -> byTeam.get(u.teamId()).add(u));
		}
		return byTeam;
	}

	@Override
	public List<UserSummary> managersOf(long teamId) {
		return activeMembers(teamId, Role.MANAGER);
	}

	@Override
	public List<UserSummary> directorsOf(long regionId) {
		return withRoles(jdbc.sql("select " + USER_COLUMNS + " " + """
				 from app_user u left join team t on t.id = u.team_id
				 join user_role r on r.user_id = u.id and r.role = 'DIRECTOR'
				 where coalesce(u.region_id, t.region_id) = :region and u.status = 'ACTIVE' order by u.id""")
			.param("region", regionId).query(UserQueries::row).list());
	}

	@Override
	public Optional<TeamSummary> team(long teamId) {
		return jdbc.sql("select t.id, t.name, t.region_id, r.name as region_name from team t join region r on r.id = t.region_id where t.id = :id")
			.param("id", teamId).query(UserQueries::team).optional();
	}

	@Override
	public List<TeamSummary> teams() {
		return jdbc.sql("select t.id, t.name, t.region_id, r.name as region_name from team t join region r on r.id = t.region_id order by r.name, t.name")
			.query(UserQueries::team).list();
	}

	@Override
	public Map<Long, String> displayNames(java.util.Collection<Long> userIds) {
		Map<Long, String> names = new HashMap<>();
		List<Long> ids = List.copyOf(new java.util.LinkedHashSet<>(userIds));
		// chunks keep the IN list well under any driver's bind-parameter limit
		for (int from = 0; from < ids.size(); from += 1000) {
			jdbc.sql("select id, display_name from app_user where id in (:ids)")
				.param("ids", ids.subList(from, Math.min(ids.size(), from + 1000)))
				.query((org.springframework.jdbc.core.RowCallbackHandler) rs -> names.put(rs.getLong(1), rs.getString(2)));
		}
		return names;
	}

	/** Every user, for the org page (one row per person: thousands at most). */
	List<UserSummary> all() {
		return withRoles(jdbc.sql("select " + USER_COLUMNS + " from app_user u left join team t on t.id = u.team_id order by u.display_name")
			.query(UserQueries::row).list());
	}

	List<Region> regions() {
		return jdbc.sql("select id, name from region order by name")
			.query((rs, n) -> new Region(rs.getLong("id"), rs.getString("name"))).list();
	}

	record Region(long id, String name) {
	}

	/**
	 * SPEC §0 data scope: ADMIN all; DIRECTOR the teams of their region; MANAGER their team;
	 * everyone else their own records.
	 */
	@Override
	public DataScope of(CurrentUser user) {
		if (user.has(Role.ADMIN)) {
			return DataScope.all(user.id());
		}
		if (user.has(Role.DIRECTOR) && user.regionId() != null) {
			Set<Long> teams = new java.util.HashSet<>(jdbc.sql("select id from team where region_id = :r")
				.param("r", user.regionId()).query(Long.class).list());
			return DataScope.teams(user.id(), teams);
		}
		if (user.has(Role.MANAGER) && user.teamId() != null) {
			return DataScope.teams(user.id(), Set.of(user.teamId()));
		}
		return DataScope.own(user.id());
	}

	/** Users visible to a scope; a user "owns" their own record and belongs to their team. */
	PageResult<UserSummary> search(DataScope scope, UserFilter filter, int page, int size) {
		var condition = scope.predicate("u.id", "u.team_id");
		List<String> where = new ArrayList<>(List.of(condition.sql()));
		Map<String, Object> params = new HashMap<>(condition.params());
		if (filter.q() != null && !filter.q().isBlank()) {
			where.add("(lower(u.username) like :q or lower(u.display_name) like :q or lower(u.email) like :q)");
			params.put("q", "%" + filter.q().toLowerCase() + "%");
		}
		if (filter.teamId() != null) {
			where.add("u.team_id = :team");
			params.put("team", filter.teamId());
		}
		if (filter.status() != null) {
			where.add("u.status = :status");
			params.put("status", filter.status().name());
		}
		if (filter.role() != null) {
			where.add("exists (select 1 from user_role r where r.user_id = u.id and r.role = :role)");
			params.put("role", filter.role().name());
		}
		String from = " from app_user u left join team t on t.id = u.team_id where " + String.join(" and ", where);
		long total = jdbc.sql("select count(*)" + from).params(params).query(Long.class).single();
		String order = switch (filter.sort() == null ? "" : filter.sort()) {
			case "name" -> "u.display_name";
			case "team" -> "t.name";
			case "status" -> "u.status";
			default -> "u.username";
		};
		String dir = "desc".equalsIgnoreCase(filter.dir()) ? " desc" : " asc";
		List<UserSummary> items = withRoles(jdbc.sql("select " + USER_COLUMNS + from + " order by " + order + dir
				+ ", u.id limit :limit offset :offset")
			.params(params).param("limit", size).param("offset", (long) page * size)
			.query(UserQueries::row).list());
		return new PageResult<>(items, page, size, total);
	}

	record UserFilter(String q, Long teamId, AccountStatus status, Role role, String sort, String dir) {
		static UserFilter none() {
			return new UserFilter(null, null, null, null, null, null);
		}
	}

	long activeAdmins() {
		return jdbc.sql("""
				select count(*) from app_user u join user_role r on r.user_id = u.id
				where r.role = 'ADMIN' and u.status = 'ACTIVE'""").query(Long.class).single();
	}

	private List<UserSummary> withRoles(List<UserSummary> users) {
		if (users.isEmpty()) {
			return users;
		}
		Map<Long, Set<Role>> roles = new HashMap<>();
		jdbc.sql("select user_id, role from user_role where user_id in (:ids)")
			.param("ids", users.stream().map(UserSummary::id).collect(Collectors.toSet()))
			.query((rs, n) -> {
				roles.computeIfAbsent(rs.getLong(1), k -> EnumSet.noneOf(Role.class)).add(Role.valueOf(rs.getString(2)));
				return null;
			}).list();
		return users.stream()
			.map(u -> new UserSummary(u.id(), u.username(), u.displayName(), u.email(), u.phone(), u.status(), u.teamId(),
					u.regionId(), Set.copyOf(roles.getOrDefault(u.id(), EnumSet.noneOf(Role.class))), u.zoneId()))
			.toList();
	}

	static UserSummary row(ResultSet rs, int n) throws SQLException {
		return new UserSummary(rs.getLong("id"), rs.getString("username"), rs.getString("display_name"),
				rs.getString("email"), rs.getString("phone"), AccountStatus.valueOf(rs.getString("status")),
				rs.getObject("team_id", Long.class), rs.getObject("region_id", Long.class), Set.of(),
				ZoneId.of(rs.getString("time_zone")));
	}

	static TeamSummary team(ResultSet rs, int n) throws SQLException {
		return new TeamSummary(rs.getLong("id"), rs.getString("name"), rs.getLong("region_id"), rs.getString("region_name"));
	}
}
