package dev.closer.leads.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import dev.closer.identity.TeamSummary;
import dev.closer.identity.UserDirectory;
import dev.closer.identity.UserSummary;
import dev.closer.shared.audit.AuditLog;
import dev.closer.shared.problem.BusinessException;
import dev.closer.shared.problem.NotFoundException;
import dev.closer.shared.security.CurrentUser;
import dev.closer.shared.security.DataScopes;
import dev.closer.shared.security.Role;
import dev.closer.shared.time.SqlTime;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Reading and editing the per-rep allocation profiles the engine uses (SPEC L4): skills, regions served,
 * base and service radius, own baseline. Editable by an admin and by the managers and directors whose scope
 * holds the rep's team; a rep may read their own; for anyone else the rep does not exist (404). A change is
 * validated whole before anything is written, audited with before and after, and read by the very next
 * allocation (the engine loads profiles per decision; nothing is cached).
 */
@Component
class RepProfiles {

	static final int MAX_ITEMS = 50;

	static final int MAX_SKILL_LENGTH = 64;

	static final double MAX_RADIUS_KM = 20_000;

	static final int MAX_BASELINE = 1000;

	/** A region by id and name, as the page and the API show it. */
	@Schema(name = "RepRegion")
	record Region(long id, String name) {
	}

	/**
	 * A rep's profile as stored, with the figures allocation reads next to it.
	 *
	 * @param servedRegions the regions the engine treats the rep as serving: the stored ones, or the rep's own
	 *        region when none is stored
	 * @param ownRegion the rep's own region (served when the profile names none), {@code null} if they have none
	 * @param roleBaseline the team policy's role baseline
	 * @param baseline the baseline in force: the rep's own, else the role baseline
	 * @param loadRate active leads / baseline (1.0 = 100 %), as the engine computes it
	 * @param updatedAt when the profile row last changed, {@code null} if there is none yet
	 * @param editable whether the caller may change it
	 */
	@Schema(name = "RepProfileView")
	record View(long userId, String displayName, boolean active, Long teamId, String teamName,
			RepProfileSettings profile, List<Region> servedRegions, Region ownRegion, int activeLeads,
			int roleBaseline, int baseline, double loadRate, Instant updatedAt, boolean editable) {

		public boolean ownBaseline() {
			return profile.baseline() != null;
		}
	}

	/** The rep a caller asked for, and whether they may change the profile. */
	record Target(UserSummary rep, boolean editable) {
	}

	private record Stored(RepProfileSettings settings, Instant updatedAt) {
	}

	private final JdbcClient jdbc;

	private final UserDirectory users;

	private final DataScopes scopes;

	private final PolicyStore policies;

	private final LeadAllocator allocator;

	private final AuditLog audit;

	private final Clock clock;

	private final TeamAccess teamAccess;

	RepProfiles(JdbcClient jdbc, UserDirectory users, DataScopes scopes, PolicyStore policies,
			LeadAllocator allocator, AuditLog audit, Clock clock, TeamAccess teamAccess) {
		this.teamAccess = teamAccess;
		this.jdbc = jdbc;
		this.users = users;
		this.scopes = scopes;
		this.policies = policies;
		this.allocator = allocator;
		this.audit = audit;
		this.clock = clock;
	}

	/** Teams whose reps the user may edit: all (admin), the region's (director), their own (manager). */
	List<TeamSummary> editableTeams(CurrentUser me) {
		return teamAccess.editable(me);
	}

	/** The rep if the caller may see their profile; otherwise "not found", whether the rep exists or not. */
	Target target(CurrentUser me, long userId) {
		UserSummary rep = users.find(userId).filter(u -> u.has(Role.REP))
			.orElseThrow(() -> new NotFoundException("rep", userId));
		boolean editable = me.isAdmin() || (rep.teamId() != null && (me.has(Role.MANAGER) || me.has(Role.DIRECTOR))
				&& scopes.of(me).teamIds().contains(rep.teamId()));
		if (!editable && me.id() != userId) {
			throw new NotFoundException("rep", userId);
		}
		return new Target(rep, editable);
	}

	/** Not read-only: the team's policy is written as version 1 on first use. */
	@Transactional
	public View view(CurrentUser me, long userId) {
		Target target = target(me, userId);
		return views(List.of(target.rep()), target.editable()).get(0);
	}

	/** Every rep of a team (disabled ones too: the engine lists them), for an editor of that team. */
	@Transactional
	public List<View> team(long teamId) {
		return views(users.members(teamId, Role.REP), true);
	}

	/**
	 * Replaces the profile after validating the whole of it; on a refusal nothing is written. Locks the rep's
	 * profile row as allocation does, so a change never lands in the middle of a decision about this rep.
	 */
	@Transactional
	public View save(CurrentUser me, long userId, RepProfileSettings input) {
		Target target = target(me, userId);
		if (!target.editable()) {
			throw new BusinessException(HttpStatus.FORBIDDEN, "error.forbidden");
		}
		RepProfileSettings clean = validate(input == null ? RepProfileSettings.EMPTY : input, regionNames().keySet());
		allocator.lockRep(userId);
		RepProfileSettings before = stored(List.of(userId)).get(userId).settings();
		if (!clean.equals(before)) {
			jdbc.sql("""
					update rep_profile set skills = :skills, regions = :regions, base_latitude = :lat,
					       base_longitude = :lon, radius_km = :radius, baseline = :baseline, updated_at = :now
					where user_id = :u""")
				.param("skills", clean.skills().isEmpty() ? null : String.join(",", clean.skills()))
				.param("regions", clean.regionIds().isEmpty() ? null
						: String.join(",", clean.regionIds().stream().map(String::valueOf).toList()))
				.param("lat", clean.latitude()).param("lon", clean.longitude()).param("radius", clean.radiusKm())
				.param("baseline", clean.baseline()).param("now", SqlTime.of(Instant.now(clock))).param("u", userId)
				.update();
			audit.record("rep_profile", userId, "update", before, clean, null);
		}
		return views(List.of(target.rep()), true).get(0);
	}

	/**
	 * The profile as it will be stored, or a refusal naming the first problem and its field. Skills are
	 * compared with a lead's industry / product line exactly as the engine does (trimmed by intake, then
	 * identical strings, case included), so they are only trimmed and de-duplicated here, never re-cased;
	 * regions are the ids the engine compares with a lead's region.
	 */
	static RepProfileSettings validate(RepProfileSettings in, Set<Long> knownRegions) {
		LinkedHashSet<String> skills = new LinkedHashSet<>();
		for (String raw : in.skills() == null ? List.<String>of() : in.skills()) {
			// trimmed exactly as lead intake trims industry and product line
			String skill = raw == null ? "" : raw.trim();
			int length = skill.codePointCount(0, skill.length());
			if (skill.isBlank() || length > MAX_SKILL_LENGTH) {
				throw BusinessException.invalidField("skills", "error.repProfile.skillLength",
						String.valueOf(MAX_SKILL_LENGTH), skill);
			}
			if (skill.chars().anyMatch(c -> c == ',' || c == '，' || Character.isISOControl(c))) {
				throw BusinessException.invalidField("skills", "error.repProfile.skillSeparator", skill);
			}
			skills.add(skill);
		}
		if (skills.size() > MAX_ITEMS) {
			throw BusinessException.invalidField("skills", "error.repProfile.tooManySkills",
					String.valueOf(MAX_ITEMS), String.valueOf(skills.size()));
		}
		LinkedHashSet<Long> regions = new LinkedHashSet<>();
		for (Long region : in.regionIds() == null ? List.<Long>of() : in.regionIds()) {
			if (region == null || !knownRegions.contains(region)) {
				throw BusinessException.invalidField("regionIds", "error.region.unknown", String.valueOf(region));
			}
			regions.add(region);
		}
		if (regions.size() > MAX_ITEMS) {
			throw BusinessException.invalidField("regionIds", "error.repProfile.tooManyRegions",
					String.valueOf(MAX_ITEMS), String.valueOf(regions.size()));
		}
		Double lat = in.latitude();
		Double lon = in.longitude();
		Double radius = in.radiusKm();
		if ((lat == null) != (lon == null)) {
			throw BusinessException.invalidField(lat == null ? "latitude" : "longitude",
					"error.repProfile.coordinatesTogether");
		}
		// written as "not inside" so that NaN is refused too
		if (lat != null && !(lat >= -90 && lat <= 90)) {
			throw BusinessException.invalidField("latitude", "error.repProfile.latitudeRange", plain(lat));
		}
		if (lon != null && !(lon >= -180 && lon <= 180)) {
			throw BusinessException.invalidField("longitude", "error.repProfile.longitudeRange", plain(lon));
		}
		if (radius != null && !(radius > 0 && radius <= MAX_RADIUS_KM)) {
			throw BusinessException.invalidField("radiusKm", "error.repProfile.radiusRange", plain(radius));
		}
		// the engine uses a service area only when it has all three; a part of one would be silently ignored
		if ((lat == null) != (radius == null)) {
			throw BusinessException.invalidField(lat == null ? "latitude" : "radiusKm", "error.repProfile.areaTogether");
		}
		Integer baseline = in.baseline();
		if (baseline != null && (baseline < 1 || baseline > MAX_BASELINE)) {
			throw BusinessException.invalidField("baseline", "error.repProfile.baselineRange",
					String.valueOf(MAX_BASELINE), String.valueOf(baseline));
		}
		return new RepProfileSettings(List.copyOf(skills), List.copyOf(regions), lat, lon, radius, baseline);
	}

	/** A number as typed (no grouping, no rounding), for messages; MessageFormat would print 90.0001 as "90". */
	static String plain(double value) {
		return Double.isFinite(value) ? java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString()
				: String.valueOf(value);
	}

	/** Regions a profile may name: those with at least one team (as lead intake accepts), by name. */
	Map<Long, String> regionNames() {
		Map<Long, String> regions = new LinkedHashMap<>();
		users.teams().stream().sorted(java.util.Comparator.comparing(TeamSummary::regionName))
			.forEach(t -> regions.putIfAbsent(t.regionId(), t.regionName()));
		return regions;
	}

	/**
	 * The industries and product lines this team's leads carry, most frequent first: the vocabulary a skill
	 * has to match, spelled as the leads spell it.
	 */
	@Transactional(readOnly = true)
	public List<String> vocabulary(long teamId) {
		return jdbc.sql("""
				select v from (
				  select industry as v from lead where team_id = :t and industry is not null
				  union all
				  select product_line as v from lead where team_id = :t and product_line is not null
				) x group by v order by count(*) desc, v limit 30""")
			.param("t", teamId).query(String.class).list();
	}

	private List<View> views(List<UserSummary> reps, boolean editable) {
		if (reps.isEmpty()) {
			return List.of();
		}
		List<Long> ids = reps.stream().map(UserSummary::id).toList();
		Map<Long, Stored> stored = stored(ids);
		Map<Long, Integer> load = new HashMap<>();
		jdbc.sql("select owner_id, count(*) from lead where status = 'ASSIGNED' and owner_id in (:ids) group by owner_id")
			.param("ids", ids).query((rs, n) -> load.put(rs.getLong(1), rs.getInt(2))).list();
		Map<Long, String> regionNames = regionNames();
		Map<Long, TeamSummary> teams = new HashMap<>();
		users.teams().forEach(t -> teams.put(t.id(), t));
		Map<Long, Integer> roleBaselines = new HashMap<>();
		List<View> views = new ArrayList<>(reps.size());
		for (UserSummary rep : reps) {
			Stored s = stored.get(rep.id());
			RepProfileSettings p = s.settings();
			TeamSummary team = rep.teamId() == null ? null : teams.get(rep.teamId());
			int roleBaseline = team == null ? PolicySettings.defaults().roleBaseline()
					: roleBaselines.computeIfAbsent(team.id(), t -> policies.current(t).settings().roleBaseline());
			int baseline = p.baseline() != null ? p.baseline() : roleBaseline;
			int active = load.getOrDefault(rep.id(), 0);
			// as LeadAllocator.candidates: no regions of their own means the rep's region
			List<Long> served = p.regionIds().isEmpty() && rep.regionId() != null ? List.of(rep.regionId())
					: p.regionIds();
			views.add(new View(rep.id(), rep.displayName(), rep.active(), rep.teamId(),
					team == null ? null : team.name(), p,
					served.stream().map(id -> new Region(id, regionNames.getOrDefault(id, "#" + id))).toList(),
					rep.regionId() == null ? null
							: new Region(rep.regionId(), regionNames.getOrDefault(rep.regionId(), "#" + rep.regionId())),
					active,
					roleBaseline, baseline, (double) active / baseline, s.updatedAt(), editable));
		}
		return views;
	}

	/** Stored profiles of these reps, with an empty one for a rep who has none yet. */
	private Map<Long, Stored> stored(List<Long> ids) {
		Map<Long, Stored> result = new HashMap<>();
		jdbc.sql("""
				select user_id, skills, regions, base_latitude, base_longitude, radius_km, baseline, updated_at
				from rep_profile where user_id in (:ids)""")
			.param("ids", ids)
			.query((rs, n) -> result.put(rs.getLong("user_id"), new Stored(new RepProfileSettings(
					split(rs.getString("skills")), split(rs.getString("regions")).stream().map(Long::valueOf).toList(),
					rs.getObject("base_latitude", Double.class), rs.getObject("base_longitude", Double.class),
					rs.getObject("radius_km", Double.class), rs.getObject("baseline", Integer.class)),
					LeadQueries.instant(rs.getTimestamp("updated_at")))))
			.list();
		ids.forEach(id -> result.putIfAbsent(id, new Stored(RepProfileSettings.EMPTY, null)));
		return result;
	}

	/** A stored list in its order, as {@link RepProfile#split} reads it (trimmed, no empties), without repeats. */
	static List<String> split(String csv) {
		if (csv == null || csv.isBlank()) {
			return List.of();
		}
		LinkedHashSet<String> values = new LinkedHashSet<>();
		for (String v : csv.split(",")) {
			if (!v.trim().isEmpty()) {
				values.add(v.trim());
			}
		}
		return List.copyOf(values);
	}
}
