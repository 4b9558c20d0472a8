package dev.closer.leads.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import dev.closer.leads.Grade;
import dev.closer.shared.security.DataScope;
import dev.closer.shared.web.PageResult;

/**
 * SQL read side of leads. Every read is scoped: a REP sees own leads (and the pool via
 * {@link #pool}), a MANAGER the team's, a DIRECTOR the region's, ADMIN all; outside = not found.
 */
@Component
@Transactional(readOnly = true)
class LeadQueries {

	static final String COLUMNS = """
			l.id, l.team_id, l.owner_id, u.display_name as owner_name, l.status, l.grade, l.grading_version,
			l.contact_name, l.phone, l.email, l.wechat_id, l.company, l.industry, l.product_line, l.region_id,
			l.address, l.latitude, l.longitude, l.budget, l.budget_confirmed, l.decision_chain_known,
			l.first_contact_due_at, l.source_channel, l.source_campaign, l.notes, l.duplicate_of,
			l.previous_owner_id, l.released_at, l.release_reason, l.created_at, l.assigned_at, l.updated_at,
			l.rescreen, k.heat""";

	static final String FROM = " from lead l left join app_user u on u.id = l.owner_id"
			+ " left join lead_sla_clock k on k.lead_id = l.id and k.running = true";

	private final JdbcClient jdbc;

	LeadQueries(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** A lead visible to the scope; pool leads of the scope's teams are visible to everyone in them. */
	Optional<LeadView> find(long id, DataScope scope, Long viewerTeamId) {
		var condition = scope.predicate("l.owner_id", "l.team_id");
		String poolVisible = viewerTeamId == null ? "" : " or (l.status = 'POOL' and l.team_id = :viewer_team)";
		var query = jdbc.sql("select " + COLUMNS + FROM + " where l.id = :id and (" + condition.sql() + poolVisible + ")")
			.param("id", id)
			.params(condition.params());
		if (viewerTeamId != null) {
			query = query.param("viewer_team", viewerTeamId);
		}
		return query.query(LeadQueries::row).optional();
	}

	/** Unscoped, for the module's own services (never for a controller directly). */
	Optional<LeadView> findUnscoped(long id) {
		return jdbc.sql("select " + COLUMNS + FROM + " where l.id = :id").param("id", id).query(LeadQueries::row).optional();
	}

	/** Many leads by id in one query, whatever the scope (for the caller's own fresh writes). */
	Map<Long, LeadView> findUnscoped(java.util.Collection<Long> ids) {
		Map<Long, LeadView> found = new HashMap<>();
		if (!ids.isEmpty()) {
			jdbc.sql("select " + COLUMNS + FROM + " where l.id in (:ids)").param("ids", ids)
				.query(LeadQueries::row).list().forEach(v -> found.put(v.id(), v));
		}
		return found;
	}

	/** @param heat RED or YELLOW: only leads whose running SLA clock shows that colour (SPEC S3); null for any */
	record LeadFilter(String q, LeadStatus status, Grade grade, Long teamId, Long ownerId, String sort, String dir,
			String heat) {

		LeadFilter(String q, LeadStatus status, Grade grade, Long teamId, Long ownerId, String sort, String dir) {
			this(q, status, grade, teamId, ownerId, sort, dir, null);
		}
	}

	PageResult<LeadView> search(DataScope scope, LeadFilter filter, int page, int size) {
		var condition = scope.predicate("l.owner_id", "l.team_id");
		List<String> where = new ArrayList<>(List.of(condition.sql()));
		Map<String, Object> params = new HashMap<>(condition.params());
		addFilters(filter, where, params);
		return page(where, params, filter, page, size);
	}

	/** The public pool of the given teams (a rep's own team; a manager's; a director's region's). */
	PageResult<LeadView> pool(List<Long> teamIds, LeadFilter filter, int page, int size) {
		if (teamIds.isEmpty()) {
			return new PageResult<>(List.of(), page, size, 0);
		}
		List<String> where = new ArrayList<>(List.of("l.status = 'POOL'", "l.team_id in (:pool_teams)"));
		Map<String, Object> params = new HashMap<>(Map.of("pool_teams", teamIds));
		addFilters(new LeadFilter(filter.q(), null, filter.grade(), filter.teamId(), null, filter.sort(), filter.dir()),
				where, params);
		return page(where, params, filter, page, size);
	}

	private PageResult<LeadView> page(List<String> where, Map<String, Object> params, LeadFilter filter, int page,
			int size) {
		String clause = " where " + String.join(" and ", where);
		long total = jdbc.sql("select count(*) from lead l" + clause).params(params).query(Long.class).single();
		String order = switch (filter.sort() == null ? "" : filter.sort()) {
			case "grade" -> "l.grade";
			case "company" -> "l.company";
			case "owner" -> "u.display_name";
			case "status" -> "l.status";
			case "heat" -> "case k.heat when 'RED' then 2 when 'YELLOW' then 1 else 0 end";
			case "due" -> "k.next_due_at";
			default -> "l.created_at";
		};
		String dir = "asc".equalsIgnoreCase(filter.dir()) ? " asc" : " desc";
		List<LeadView> items = jdbc.sql("select " + COLUMNS + FROM + clause + " order by " + order + dir
				+ ", l.id desc limit :limit offset :offset")
			.params(params).param("limit", size).param("offset", (long) page * size)
			.query(LeadQueries::row).list();
		return new PageResult<>(items, page, size, total);
	}

	private static void addFilters(LeadFilter filter, List<String> where, Map<String, Object> params) {
		if (filter.q() != null && !filter.q().isBlank()) {
			where.add("(lower(l.contact_name) like :q or lower(l.company) like :q or l.phone like :q or lower(l.email) like :q)");
			params.put("q", "%" + filter.q().toLowerCase().replace("%", "") + "%");
		}
		if (filter.status() != null) {
			where.add("l.status = :status");
			params.put("status", filter.status().name());
		}
		if (filter.grade() != null) {
			where.add("l.grade = :grade");
			params.put("grade", filter.grade().name());
		}
		if (filter.teamId() != null) {
			where.add("l.team_id = :team");
			params.put("team", filter.teamId());
		}
		if (filter.ownerId() != null) {
			where.add("l.owner_id = :owner");
			params.put("owner", filter.ownerId());
		}
		if ("RED".equals(filter.heat()) || "YELLOW".equals(filter.heat())) {
			where.add("exists (select 1 from lead_sla_clock h where h.lead_id = l.id and h.running = true and h.heat = :heat)");
			params.put("heat", filter.heat());
		}
	}

	/**
	 * An earlier open lead with the same phone, e-mail, WeChat id or company (SPEC L2), owned ones first.
	 * One indexed lookup per key, joined with UNION ALL: an OR across columns would make H2 scan the table.
	 */
	Optional<DuplicateMatch> findDuplicate(String phone, String email, String wechat, String company) {
		List<String> keys = new ArrayList<>();
		Map<String, Object> params = new HashMap<>();
		String base = "select id from lead where status in ('ASSIGNED', 'POOL') and ";
		if (phone != null) {
			keys.add(base + "phone_e164 = :p");
			params.put("p", phone);
		}
		if (email != null) {
			keys.add(base + "email_norm = :e");
			params.put("e", email);
		}
		if (wechat != null) {
			keys.add(base + "wechat_norm = :w");
			params.put("w", wechat);
		}
		if (company != null) {
			keys.add(base + "company_norm = :c");
			params.put("c", company);
		}
		if (keys.isEmpty()) {
			return Optional.empty();
		}
		return jdbc.sql("""
				select l.id, l.owner_id, l.team_id, l.status, u.status as owner_status from lead l
				left join app_user u on u.id = l.owner_id
				where l.id in (""" + String.join(" union all ", keys) + """
				) order by case when l.status = 'ASSIGNED' and u.status = 'ACTIVE' then 0 else 1 end, l.created_at, l.id
				limit 1""")
			.params(params)
			.query((rs, n) -> new DuplicateMatch(rs.getLong("id"), rs.getObject("owner_id", Long.class),
					rs.getLong("team_id"), LeadStatus.valueOf(rs.getString("status")),
					"ACTIVE".equals(rs.getString("owner_status"))))
			.optional();
	}

	/** A stored open lead sharing a key with a lead being taken in (batched intake), with its keys. */
	record DuplicateCandidate(long leadId, Long ownerId, long teamId, LeadStatus status, boolean ownerActive,
			Instant createdAt, String phone, String email, String wechat, String company) {

		boolean hasActiveOwner() {
			return status == LeadStatus.ASSIGNED && ownerId != null && ownerActive;
		}

		boolean matches(String phone, String email, String wechat, String company) {
			return (phone != null && phone.equals(this.phone)) || (email != null && email.equals(this.email))
					|| (wechat != null && wechat.equals(this.wechat)) || (company != null && company.equals(this.company));
		}
	}

	/** Every open (ASSIGNED or POOL) lead sharing any key with any of the contacts, in one query. */
	List<DuplicateCandidate> duplicateCandidates(List<LeadIntake.Contact> contacts) {
		Map<String, java.util.Set<String>> keys = new java.util.LinkedHashMap<>();
		keys.put("phone_e164", new java.util.HashSet<>());
		keys.put("email_norm", new java.util.HashSet<>());
		keys.put("wechat_norm", new java.util.HashSet<>());
		keys.put("company_norm", new java.util.HashSet<>());
		for (LeadIntake.Contact c : contacts) {
			if (c.phone() != null) {
				keys.get("phone_e164").add(c.phone());
			}
			if (c.email() != null) {
				keys.get("email_norm").add(c.email());
			}
			if (c.wechat() != null) {
				keys.get("wechat_norm").add(c.wechat());
			}
			if (c.company() != null) {
				keys.get("company_norm").add(c.company());
			}
		}
		// one indexed branch per key kind (not "id in (a union)", which PostgreSQL turns into a scan of the
		// growing lead table); a lead matching on two keys comes back twice and is kept once
		List<String> parts = new ArrayList<>();
		Map<String, Object> params = new HashMap<>();
		keys.forEach((column, values) -> {
			if (!values.isEmpty()) {
				parts.add("""
						select l.id, l.owner_id, l.team_id, l.status, u.status as owner_status, l.created_at, l.phone_e164,
						       l.email_norm, l.wechat_norm, l.company_norm
						from lead l left join app_user u on u.id = l.owner_id
						where l.status in ('ASSIGNED', 'POOL') and l.""" + column + " in (:" + column + ")");
				params.put(column, values);
			}
		});
		if (parts.isEmpty()) {
			return List.of();
		}
		Map<Long, DuplicateCandidate> found = new java.util.LinkedHashMap<>();
		jdbc.sql(String.join(" union all ", parts))
			.params(params)
			.query((rs, n) -> new DuplicateCandidate(rs.getLong("id"), rs.getObject("owner_id", Long.class),
					rs.getLong("team_id"), LeadStatus.valueOf(rs.getString("status")),
					"ACTIVE".equals(rs.getString("owner_status")), rs.getTimestamp("created_at").toInstant(),
					rs.getString("phone_e164"), rs.getString("email_norm"), rs.getString("wechat_norm"),
					rs.getString("company_norm")))
			.list()
			.forEach(d -> found.putIfAbsent(d.leadId(), d));
		return List.copyOf(found.values());
	}

	record DuplicateMatch(long leadId, Long ownerId, long teamId, LeadStatus status, boolean ownerActive) {
		boolean hasActiveOwner() {
			return status == LeadStatus.ASSIGNED && ownerId != null && ownerActive;
		}
	}

	record Note(long id, String kind, String body, Instant createdAt, String createdBy) {
	}

	List<Note> notes(long leadId) {
		return jdbc.sql("select id, kind, body, created_at, created_by from lead_note where lead_id = :id order by created_at desc, id desc")
			.param("id", leadId)
			.query((rs, n) -> new Note(rs.getLong(1), rs.getString(2), rs.getString(3), instant(rs.getTimestamp(4)),
					rs.getString(5)))
			.list();
	}

	static LeadView row(ResultSet rs, int n) throws SQLException {
		return new LeadView(rs.getLong("id"), rs.getLong("team_id"), rs.getObject("owner_id", Long.class),
				rs.getString("owner_name"), LeadStatus.valueOf(rs.getString("status")), Grade.valueOf(rs.getString("grade")),
				rs.getLong("grading_version"), rs.getString("contact_name"), rs.getString("phone"), rs.getString("email"),
				rs.getString("wechat_id"), rs.getString("company"), rs.getString("industry"), rs.getString("product_line"),
				rs.getObject("region_id", Long.class), rs.getString("address"), rs.getObject("latitude", Double.class),
				rs.getObject("longitude", Double.class), rs.getBigDecimal("budget"), rs.getBoolean("budget_confirmed"),
				rs.getBoolean("decision_chain_known"), instant(rs.getTimestamp("first_contact_due_at")),
				rs.getString("source_channel"), rs.getString("source_campaign"), rs.getString("notes"),
				rs.getObject("duplicate_of", Long.class), rs.getObject("previous_owner_id", Long.class),
				instant(rs.getTimestamp("released_at")), rs.getString("release_reason"),
				instant(rs.getTimestamp("created_at")), instant(rs.getTimestamp("assigned_at")),
				instant(rs.getTimestamp("updated_at")), rs.getBoolean("rescreen"),
				rs.getString("heat") == null ? "NONE" : rs.getString("heat"));
	}

	static Instant instant(Timestamp ts) {
		return ts == null ? null : ts.toInstant();
	}
}
