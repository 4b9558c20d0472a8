package dev.closer.identity;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.closer.shared.security.Role;

/** Read access to users and the org tree for other modules. */
public interface UserDirectory {

	Optional<UserSummary> find(long userId);

	Optional<UserSummary> findByUsername(String username);

	/**
	 * The "validity probe" of SPEC P2: re-reads the account status inside the caller's transaction and
	 * locks the row against status changes until the caller commits, so a concurrent HR sync cannot
	 * disable the user in between. The lock is shared on PostgreSQL ({@code FOR SHARE}: callers do not
	 * block each other, nor foreign-key checks); H2 has only {@code FOR UPDATE}.
	 */
	boolean isActiveLocked(long userId);

	/** {@link #isActiveLocked} for many users in one statement, locking in id order: the ids that are ACTIVE. */
	java.util.Set<Long> activeLocked(Collection<Long> userIds);

	/** Many users in two queries (ids that do not exist are left out). */
	Map<Long, UserSummary> findAll(Collection<Long> userIds);

	/** Active users of a team holding a role. */
	List<UserSummary> activeMembers(long teamId, Role role);

	/** Every user of a team holding a role, whatever their status (disabled ones included, so callers can say why they were skipped). */
	List<UserSummary> members(long teamId, Role role);

	/** {@link #members} of several teams in two queries: team id to its members in id order (every team given has an entry). */
	Map<Long, List<UserSummary>> membersOf(Collection<Long> teamIds, Role role);

	/** The managers of a team (active users with role MANAGER in that team). */
	List<UserSummary> managersOf(long teamId);

	/** The directors of a region. */
	List<UserSummary> directorsOf(long regionId);

	Optional<TeamSummary> team(long teamId);

	List<TeamSummary> teams();

	/** Display names of the given users in one query (ids that do not exist are left out), for reports over many people. */
	Map<Long, String> displayNames(Collection<Long> userIds);
}
