package dev.closer.identity.internal;

import dev.closer.shared.time.SqlTime;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.closer.identity.TeamSummary;
import dev.closer.shared.audit.AuditLog;
import dev.closer.shared.problem.BusinessException;
import dev.closer.shared.problem.NotFoundException;

/** Writes to the org tree (regions and teams), audited. */
@Service
@Transactional
class OrgStructure {

	private final JdbcClient jdbc;

	private final UserQueries queries;

	private final AuditLog audit;

	private final Clock clock;

	OrgStructure(JdbcClient jdbc, UserQueries queries, AuditLog audit, Clock clock) {
		this.jdbc = jdbc;
		this.queries = queries;
		this.audit = audit;
		this.clock = clock;
	}

	long createRegion(String name) {
		String clean = name(name);
		if (queries.regions().stream().anyMatch(r -> r.name().equalsIgnoreCase(clean))) {
			throw BusinessException.conflict("error.region.duplicate", clean);
		}
		var keys = new GeneratedKeyHolder();
		jdbc.sql("insert into region (name, created_at) values (:n, :at)")
			.param("n", clean).param("at", SqlTime.of(Instant.now(clock))).update(keys, "id");
		long id = keys.getKeyAs(Long.class);
		audit.record("region", id, "create", null, Map.of("name", clean), null);
		return id;
	}

	long createTeam(String name, long regionId) {
		String clean = name(name);
		if (queries.regions().stream().noneMatch(r -> r.id() == regionId)) {
			throw BusinessException.invalidField("regionId", "error.region.unknown", regionId);
		}
		if (queries.teams().stream().anyMatch(t -> t.name().equalsIgnoreCase(clean))) {
			throw BusinessException.conflict("error.team.duplicate", clean);
		}
		var keys = new GeneratedKeyHolder();
		jdbc.sql("insert into team (name, region_id, created_at) values (:n, :r, :at)")
			.param("n", clean).param("r", regionId).param("at", SqlTime.of(Instant.now(clock))).update(keys, "id");
		long id = keys.getKeyAs(Long.class);
		audit.record("team", id, "create", null, Map.of("name", clean, "regionId", regionId), null);
		return id;
	}

	/** Moves a team to another region; its members' region follows. */
	void moveTeam(long teamId, long regionId, String reason) {
		TeamSummary team = queries.team(teamId).orElseThrow(() -> new NotFoundException("team", teamId));
		if (queries.regions().stream().noneMatch(r -> r.id() == regionId)) {
			throw BusinessException.invalidField("regionId", "error.region.unknown", regionId);
		}
		jdbc.sql("update team set region_id = :r where id = :t").param("r", regionId).param("t", teamId).update();
		jdbc.sql("update app_user set region_id = :r where team_id = :t").param("r", regionId).param("t", teamId).update();
		audit.record("team", teamId, "move", Map.of("regionId", team.regionId()), Map.of("regionId", regionId), reason);
	}

	private static String name(String name) {
		if (name == null || name.isBlank()) {
			throw BusinessException.invalidField("name", "error.required");
		}
		String clean = name.trim();
		if (clean.length() > 100) {
			throw BusinessException.invalidField("name", "error.tooLong", 100);
		}
		return clean;
	}
}
