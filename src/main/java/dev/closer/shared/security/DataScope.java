package dev.closer.shared.security;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What records a user may see (SPEC §0): a REP their own (and the public pool, which each module
 * adds itself), a MANAGER their team, a DIRECTOR the teams of their region, an ADMIN everything.
 * <p>
 * Every query that lists or reads business records applies {@link #predicate(String, String)};
 * a record outside the scope is then simply not found, which the web layer answers with 404.
 */
public record DataScope(long userId, Level level, Set<Long> teamIds) {

	public enum Level {
		/** Everything (ADMIN). */
		ALL,
		/** Records of these teams, plus own records (MANAGER, DIRECTOR). */
		TEAMS,
		/** Own records only. */
		OWN
	}

	public DataScope {
		teamIds = Set.copyOf(teamIds);
	}

	public static DataScope all(long userId) {
		return new DataScope(userId, Level.ALL, Set.of());
	}

	public static DataScope own(long userId) {
		return new DataScope(userId, Level.OWN, Set.of());
	}

	public static DataScope teams(long userId, Set<Long> teamIds) {
		return new DataScope(userId, Level.TEAMS, teamIds);
	}

	/** Whether a record owned by {@code ownerId} and belonging to {@code teamId} is visible. */
	public boolean allows(Long ownerId, Long teamId) {
		return switch (level) {
			case ALL -> true;
			case TEAMS -> (ownerId != null && ownerId == userId) || (teamId != null && teamIds.contains(teamId));
			case OWN -> ownerId != null && ownerId == userId;
		};
	}

	/**
	 * A SQL condition restricting rows to this scope, with named parameters prefixed {@code scope_}.
	 * Column names are the caller's (e.g. {@code "l.owner_id"}); they are never user input.
	 */
	public SqlCondition predicate(String ownerColumn, String teamColumn) {
		Map<String, Object> params = new LinkedHashMap<>();
		String sql;
		switch (level) {
			case ALL -> sql = "1=1";
			case TEAMS -> {
				params.put("scope_user", userId);
				if (teamIds.isEmpty()) {
					sql = ownerColumn + " = :scope_user";
				}
				else {
					params.put("scope_teams", teamIds);
					sql = "(" + ownerColumn + " = :scope_user or " + teamColumn + " in (:scope_teams))";
				}
			}
			default -> {
				params.put("scope_user", userId);
				sql = ownerColumn + " = :scope_user";
			}
		}
		return new SqlCondition(sql, params);
	}

	/** A fragment of a WHERE clause and its named parameters. */
	public record SqlCondition(String sql, Map<String, Object> params) {
	}
}
