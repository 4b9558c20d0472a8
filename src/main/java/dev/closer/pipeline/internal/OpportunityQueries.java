package dev.closer.pipeline.internal;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import dev.closer.shared.security.DataScope;
import dev.closer.shared.time.SqlTime;
import dev.closer.shared.web.PageResult;

/**
 * SQL read side of opportunities. Every read for a person is scoped by owner and team (a REP sees own
 * opportunities, a MANAGER the team's, a DIRECTOR the region's, ADMIN all); outside the scope an opportunity is
 * not found.
 */
@Component
@Transactional(readOnly = true)
class OpportunityQueries {

	static final String COLUMNS = """
			o.id, o.customer_id, c.name as customer_name, o.lead_id, o.name, o.amount, o.currency, o.expected_close_on,
			o.product_lines, o.decision_maker, o.blocker, o.owner_id, u.display_name as owner_name, o.team_id,
			o.template_id, o.template_code, o.template_version, o.stage_code, o.stage_entered_at, o.stage_overridden,
			o.override_reason, o.probability, o.status, o.close_reason, o.closed_at, o.last_update_at, o.created_at,
			o.created_by""";

	static final String FROM = " from opportunity o join customer c on c.id = o.customer_id"
			+ " join app_user u on u.id = o.owner_id";

	static final Map<String, String> SORTS = Map.of("name", "o.name", "amount", "o.amount", "close",
			"o.expected_close_on", "stage", "o.stage_code", "owner", "u.display_name", "updated", "o.last_update_at",
			"created", "o.created_at", "customer", "c.name");

	private final JdbcClient jdbc;

	OpportunityQueries(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Optional<OpportunityView> find(long id, DataScope scope) {
		var condition = scope.predicate("o.owner_id", "o.team_id");
		return jdbc.sql("select " + COLUMNS + FROM + " where o.id = :id and " + condition.sql())
			.param("id", id).params(condition.params()).query(OpportunityQueries::row).optional();
	}

	Optional<OpportunityView> findUnscoped(long id) {
		return jdbc.sql("select " + COLUMNS + FROM + " where o.id = :id").param("id", id)
			.query(OpportunityQueries::row).optional();
	}

	/** List filters; nulls are ignored. {@code health} is YELLOW or RED (computed from the thresholds). */
	record Filter(String q, Long teamId, Long ownerId, String templateCode, String stageCode, String status,
			Long customerId, String sort, String dir) {
	}

	PageResult<OpportunityView> search(DataScope scope, Filter filter, int page, int size) {
		var condition = scope.predicate("o.owner_id", "o.team_id");
		List<String> where = new ArrayList<>(List.of(condition.sql()));
		Map<String, Object> params = new HashMap<>(condition.params());
		if (filter.q() != null && !filter.q().isBlank()) {
			where.add("(lower(o.name) like :q or lower(c.name) like :q)");
			params.put("q", "%" + filter.q().strip().toLowerCase().replace("%", "").replace("_", "") + "%");
		}
		if (filter.teamId() != null) {
			where.add("o.team_id = :team");
			params.put("team", filter.teamId());
		}
		if (filter.ownerId() != null) {
			where.add("o.owner_id = :owner");
			params.put("owner", filter.ownerId());
		}
		if (filter.templateCode() != null && !filter.templateCode().isBlank()) {
			where.add("o.template_code = :tpl");
			params.put("tpl", filter.templateCode());
		}
		if (filter.stageCode() != null && !filter.stageCode().isBlank()) {
			where.add("o.stage_code = :stage");
			params.put("stage", filter.stageCode());
		}
		if (filter.status() != null && !filter.status().isBlank()) {
			where.add("o.status = :status");
			params.put("status", filter.status());
		}
		if (filter.customerId() != null) {
			where.add("o.customer_id = :customer");
			params.put("customer", filter.customerId());
		}
		String clause = " where " + String.join(" and ", where);
		long total = jdbc.sql("select count(*)" + FROM + clause).params(params).query(Long.class).single();
		String column = SORTS.getOrDefault(filter.sort() == null ? "" : filter.sort(), "o.last_update_at");
		String direction = "asc".equalsIgnoreCase(filter.dir()) ? "asc" : "desc";
		if (filter.sort() == null) {
			direction = "desc";
		}
		List<OpportunityView> items = jdbc
			.sql("select " + COLUMNS + FROM + clause + " order by " + column + " " + direction
					+ ", o.id desc limit :limit offset :offset")
			.params(params).param("limit", size).param("offset", (long) page * size)
			.query(OpportunityQueries::row).list();
		return new PageResult<>(items, page, size, total);
	}

	/** Open opportunities of one template for the board, most recently updated first, at most {@code limit}. */
	List<OpportunityView> board(DataScope scope, String templateCode, Long teamId, Long ownerId, int limit) {
		var condition = scope.predicate("o.owner_id", "o.team_id");
		StringBuilder sql = new StringBuilder("select " + COLUMNS + FROM + " where " + condition.sql()
				+ " and o.status = 'OPEN' and o.template_code = :tpl");
		Map<String, Object> params = new HashMap<>(condition.params());
		params.put("tpl", templateCode);
		if (teamId != null) {
			sql.append(" and o.team_id = :team");
			params.put("team", teamId);
		}
		if (ownerId != null) {
			sql.append(" and o.owner_id = :owner");
			params.put("owner", ownerId);
		}
		sql.append(" order by o.last_update_at desc, o.id desc limit :limit");
		return jdbc.sql(sql.toString()).params(params).param("limit", limit).query(OpportunityQueries::row).list();
	}

	List<StageVisit> visits(long opportunityId) {
		return jdbc.sql("select * from opportunity_stage_visit where opportunity_id = :o order by entered_at, id")
			.param("o", opportunityId).query(OpportunityQueries::visit).list();
	}

	List<DeliverableView> deliverables(long opportunityId) {
		return jdbc.sql("""
				select d.*, u.display_name as uploaded_by_name from opportunity_deliverable d
				join app_user u on u.id = d.uploaded_by where d.opportunity_id = :o order by d.uploaded_at desc, d.id desc""")
			.param("o", opportunityId).query(OpportunityQueries::deliverable).list();
	}

	Optional<DeliverableView> deliverable(long opportunityId, long deliverableId) {
		return jdbc.sql("""
				select d.*, u.display_name as uploaded_by_name from opportunity_deliverable d
				join app_user u on u.id = d.uploaded_by where d.opportunity_id = :o and d.id = :d""")
			.param("o", opportunityId).param("d", deliverableId).query(OpportunityQueries::deliverable).optional();
	}

	/** Opportunities of a customer (for its timeline), newest first. */
	List<OpportunityView> ofCustomer(long customerId, int limit) {
		return jdbc.sql("select " + COLUMNS + FROM + " where o.customer_id = :c order by o.created_at desc limit :n")
			.param("c", customerId).param("n", limit).query(OpportunityQueries::row).list();
	}

	/** The tender nodes of the opportunity for the gate, or null when it has no tender project. */
	List<Gate.TenderNode> tenderNodes(long opportunityId) {
		Long tender = jdbc.sql("select id from tender where opportunity_id = :o").param("o", opportunityId)
			.query(Long.class).optional().orElse(null);
		if (tender == null) {
			return null;
		}
		return jdbc.sql("select code, sort_order, status from tender_node where tender_id = :t order by sort_order")
			.param("t", tender)
			.query((rs, n) -> new Gate.TenderNode(rs.getString("code"), rs.getInt("sort_order"), rs.getString("status")))
			.list();
	}

	/** The latest contract approval request of the opportunity for the gate, or null. */
	Gate.Contract latestContract(long opportunityId) {
		return jdbc.sql("""
				select a.id, a.status, s.code from contract_approval a
				left join contract_approval_step s on s.approval_id = a.id and s.step_no = a.current_step
				where a.opportunity_id = :o order by a.created_at desc, a.id desc limit 1""")
			.param("o", opportunityId)
			.query((rs, n) -> new Gate.Contract(rs.getLong(1), rs.getString(2), rs.getString(3))).optional()
			.orElse(null);
	}

	static OpportunityView row(ResultSet rs, int n) throws SQLException {
		return new OpportunityView(rs.getLong("id"), rs.getLong("customer_id"), rs.getString("customer_name"),
				rs.getObject("lead_id", Long.class), rs.getString("name"), rs.getBigDecimal("amount"),
				rs.getString("currency"), rs.getObject("expected_close_on", LocalDate.class),
				rs.getString("product_lines"), rs.getString("decision_maker"), rs.getString("blocker"),
				rs.getLong("owner_id"), rs.getString("owner_name"), rs.getLong("team_id"), rs.getLong("template_id"),
				rs.getString("template_code"), rs.getInt("template_version"), rs.getString("stage_code"),
				instant(rs, "stage_entered_at"), rs.getBoolean("stage_overridden"), rs.getString("override_reason"),
				rs.getInt("probability"), rs.getString("status"), rs.getString("close_reason"),
				instant(rs, "closed_at"), instant(rs, "last_update_at"), instant(rs, "created_at"),
				rs.getString("created_by"));
	}

	static StageVisit visit(ResultSet rs, int n) throws SQLException {
		return new StageVisit(rs.getLong("id"), rs.getLong("opportunity_id"), rs.getString("stage_code"),
				rs.getInt("stage_index"), instant(rs, "entered_at"), rs.getString("entered_how"),
				rs.getString("entered_by"), rs.getString("reason"), instant(rs, "left_at"));
	}

	static DeliverableView deliverable(ResultSet rs, int n) throws SQLException {
		return new DeliverableView(rs.getLong("id"), rs.getLong("opportunity_id"), rs.getString("stage_code"),
				rs.getString("kind"), rs.getLong("file_id"), rs.getString("file_sha256"), rs.getString("file_type"),
				rs.getString("file_name"), rs.getLong("file_size"), rs.getString("signer"), instant(rs, "uploaded_at"),
				rs.getLong("uploaded_by"), rs.getString("uploaded_by_name"));
	}

	static Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
		return t == null ? null : t.toInstant();
	}

	static Object at(Instant instant) {
		return SqlTime.of(instant);
	}

	static BigDecimal zeroIfNull(BigDecimal d) {
		return d == null ? BigDecimal.ZERO : d;
	}
}
