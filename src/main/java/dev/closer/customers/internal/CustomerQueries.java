package dev.closer.customers.internal;

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

import dev.closer.shared.security.DataScope;
import dev.closer.shared.web.PageResult;

/**
 * SQL read side of customers. Every read for a person is scoped like leads: a REP sees own customers, a
 * MANAGER the team's, a DIRECTOR the region's, ADMIN all; outside the scope a customer is simply not found.
 */
@Component
@Transactional(readOnly = true)
class CustomerQueries {

	static final String COLUMNS = """
			c.id, c.name, c.industry, c.phone, c.email, c.address, c.notes, c.owner_id, u.display_name as owner_name,
			c.team_id, c.source_lead_id, c.last_activity_at, c.created_at, c.created_by, c.updated_at, c.key_account,
			c.expected_annual_value, c.version""";

	static final String FROM = " from customer c left join app_user u on u.id = c.owner_id";

	private final JdbcClient jdbc;

	CustomerQueries(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Optional<CustomerView> find(long id, DataScope scope) {
		var condition = scope.predicate("c.owner_id", "c.team_id");
		return jdbc.sql("select " + COLUMNS + FROM + " where c.id = :id and " + condition.sql())
			.param("id", id).params(condition.params())
			.query(CustomerQueries::row).optional();
	}

	/** Unscoped, for the module's own services (never for a controller directly). */
	Optional<CustomerView> findUnscoped(long id) {
		return jdbc.sql("select " + COLUMNS + FROM + " where c.id = :id").param("id", id).query(CustomerQueries::row)
			.optional();
	}

	record CustomerFilter(String q, Long teamId, Long ownerId, String industry, String sort, String dir) {
	}

	PageResult<CustomerView> search(DataScope scope, CustomerFilter filter, int page, int size) {
		var condition = scope.predicate("c.owner_id", "c.team_id");
		List<String> where = new ArrayList<>(List.of(condition.sql()));
		Map<String, Object> params = new HashMap<>(condition.params());
		if (filter.q() != null && !filter.q().isBlank()) {
			where.add("""
					(lower(c.name) like :q or c.phone like :q or lower(c.email) like :q or exists (
					  select 1 from customer_contact k where k.customer_id = c.id and k.removed_at is null
					  and (lower(k.name) like :q or k.phone like :q or lower(k.email) like :q)))""");
			params.put("q", "%" + filter.q().strip().toLowerCase().replace("%", "").replace("_", "") + "%");
		}
		if (filter.teamId() != null) {
			where.add("c.team_id = :team");
			params.put("team", filter.teamId());
		}
		if (filter.ownerId() != null) {
			where.add("c.owner_id = :owner");
			params.put("owner", filter.ownerId());
		}
		if (filter.industry() != null && !filter.industry().isBlank()) {
			where.add("c.industry = :industry");
			params.put("industry", filter.industry().strip());
		}
		String clause = " where " + String.join(" and ", where);
		long total = jdbc.sql("select count(*) from customer c" + clause).params(params).query(Long.class).single();
		String order = switch (filter.sort() == null ? "" : filter.sort()) {
			case "name" -> "c.name";
			case "owner" -> "u.display_name";
			case "industry" -> "c.industry";
			case "activity" -> "c.last_activity_at";
			default -> "c.created_at";
		};
		String dir = "asc".equalsIgnoreCase(filter.dir()) ? " asc" : " desc";
		List<CustomerView> items = jdbc.sql("select " + COLUMNS + FROM + clause + " order by " + order + dir
				+ ", c.id desc limit :limit offset :offset")
			.params(params).param("limit", size).param("offset", (long) page * size)
			.query(CustomerQueries::row).list();
		return new PageResult<>(items, page, size, total);
	}

	/** Industries in use within the scope, for the list filter. */
	List<String> industries(DataScope scope) {
		var condition = scope.predicate("c.owner_id", "c.team_id");
		return jdbc.sql("select distinct c.industry from customer c where c.industry is not null and " + condition.sql()
				+ " order by c.industry")
			.params(condition.params()).query(String.class).list();
	}

	List<ContactView> contacts(long customerId) {
		return jdbc.sql("""
				select * from customer_contact where customer_id = :c and removed_at is null
				order by is_primary desc, id""")
			.param("c", customerId).query(CustomerQueries::contact).list();
	}

	Optional<ContactView> contact(long customerId, long contactId) {
		return jdbc.sql("select * from customer_contact where customer_id = :c and id = :id and removed_at is null")
			.param("c", customerId).param("id", contactId).query(CustomerQueries::contact).optional();
	}

	List<Long> leadIds(long customerId) {
		return jdbc.sql("select lead_id from customer_lead where customer_id = :c order by converted_at, lead_id")
			.param("c", customerId).query(Long.class).list();
	}

	record OwnerPeriod(Long ownerId, String ownerName, long teamId, Instant startedAt, Instant endedAt, String reason,
			String changedBy) {
	}

	List<OwnerPeriod> ownerHistory(long customerId) {
		return jdbc.sql("""
				select p.*, u.display_name from customer_owner_period p left join app_user u on u.id = p.owner_id
				where p.customer_id = :c order by p.started_at desc, p.id desc""")
			.param("c", customerId)
			.query((rs, n) -> new OwnerPeriod(rs.getObject("owner_id", Long.class), rs.getString("display_name"),
					rs.getLong("team_id"), instant(rs.getTimestamp("started_at")), instant(rs.getTimestamp("ended_at")),
					rs.getString("reason"), rs.getString("changed_by")))
			.list();
	}

	/** An existing customer sharing a dedupe key, and which key matched (name, phone or email). */
	record Match(long customerId, String matchedOn) {
	}

	/**
	 * SPEC L2 for customers: an existing customer with the same normalised company name, or with a phone or
	 * e-mail that the customer or one of its current contacts has. The name is checked first.
	 */
	Optional<Match> findDuplicate(String nameNorm, List<String> phones, List<String> emails, Long except) {
		String not = except == null ? "" : " and c.id <> :except";
		if (nameNorm != null) {
			Optional<Long> byName = jdbc.sql("select c.id from customer c where c.name_norm = :n" + not)
				.param("n", nameNorm).params(except == null ? Map.of() : Map.of("except", except))
				.query(Long.class).optional();
			if (byName.isPresent()) {
				return Optional.of(new Match(byName.get(), "name"));
			}
		}
		for (String phone : phones) {
			Optional<Long> hit = first(keyQuery("phone_e164", not), phone, except);
			if (hit.isPresent()) {
				return Optional.of(new Match(hit.get(), "phone"));
			}
		}
		for (String email : emails) {
			Optional<Long> hit = first(keyQuery("email_norm", not), email, except);
			if (hit.isPresent()) {
				return Optional.of(new Match(hit.get(), "email"));
			}
		}
		return Optional.empty();
	}

	/** Customers having the key themselves or through a current contact ({@code column} is ours, never input). */
	private static String keyQuery(String column, String not) {
		return "select c.id from customer c where c." + column + " = :k" + not
				+ " union all select k.customer_id from customer_contact k join customer c on c.id = k.customer_id"
				+ " where k." + column + " = :k and k.removed_at is null" + not;
	}

	private Optional<Long> first(String sql, String key, Long except) {
		var query = jdbc.sql("select m.id from (" + sql + ") m order by m.id limit 1").param("k", key);
		if (except != null) {
			query = query.param("except", except);
		}
		return query.query(Long.class).optional();
	}

	static CustomerView row(ResultSet rs, int n) throws SQLException {
		return new CustomerView(rs.getLong("id"), rs.getString("name"), rs.getString("industry"), rs.getString("phone"),
				rs.getString("email"), rs.getString("address"), rs.getString("notes"),
				rs.getObject("owner_id", Long.class), rs.getString("owner_name"), rs.getLong("team_id"),
				rs.getObject("source_lead_id", Long.class), instant(rs.getTimestamp("last_activity_at")),
				instant(rs.getTimestamp("created_at")), rs.getString("created_by"), instant(rs.getTimestamp("updated_at")),
				rs.getBoolean("key_account"), rs.getBigDecimal("expected_annual_value"), rs.getLong("version"));
	}

	static ContactView contact(ResultSet rs, int n) throws SQLException {
		return new ContactView(rs.getLong("id"), rs.getLong("customer_id"), rs.getString("name"), rs.getString("title"),
				rs.getString("phone"), rs.getString("email"), rs.getString("wechat_id"), rs.getBoolean("is_primary"),
				rs.getString("notes"), instant(rs.getTimestamp("created_at")));
	}

	static Instant instant(Timestamp ts) {
		return ts == null ? null : ts.toInstant();
	}
}
