package dev.closer.customers.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.closer.customers.ContactRef;
import dev.closer.customers.CustomerDirectory;
import dev.closer.customers.CustomerRef;
import dev.closer.customers.HighValueCustomer;
import dev.closer.shared.security.CurrentUser;
import dev.closer.shared.security.DataScopes;
import dev.closer.shared.time.SqlTime;

/** {@link CustomerDirectory} for other modules. */
@Service
class CustomerDirectoryService implements CustomerDirectory {

	private final CustomerQueries queries;

	private final DataScopes scopes;

	private final JdbcClient jdbc;

	CustomerDirectoryService(CustomerQueries queries, DataScopes scopes, JdbcClient jdbc) {
		this.queries = queries;
		this.scopes = scopes;
		this.jdbc = jdbc;
	}

	@Override
	@Transactional(readOnly = true)
	public Optional<CustomerRef> find(long customerId, CurrentUser viewer) {
		return queries.find(customerId, scopes.of(viewer)).map(this::ref);
	}

	@Override
	@Transactional(readOnly = true)
	public List<ContactRef> contacts(long customerId) {
		return queries.contacts(customerId).stream()
			.map(c -> new ContactRef(c.id(), c.customerId(), c.name(), c.title(), c.primary()))
			.toList();
	}

	@Override
	@Transactional
	public void activityRecorded(long customerId, Instant at) {
		jdbc.sql("""
				update customer set last_activity_at = :at
				where id = :id and (last_activity_at is null or last_activity_at < :at)""")
			.param("at", SqlTime.of(at)).param("id", customerId).update();
	}

	@Override
	@Transactional(readOnly = true)
	public List<HighValueCustomer> highValue(long teamId, BigDecimal threshold, boolean keyAccounts) {
		if (threshold == null && !keyAccounts) {
			return List.of();
		}
		String byKey = keyAccounts ? "c.key_account = true" : "1=0";
		String byValue = threshold == null ? "1=0" : "c.expected_annual_value >= :threshold";
		var query = jdbc.sql("select c.id, c.name, c.owner_id, c.team_id, c.key_account, c.expected_annual_value "
				+ "from customer c where c.team_id = :team and (" + byKey + " or " + byValue + ") order by c.id")
			.param("team", teamId);
		if (threshold != null) {
			query = query.param("threshold", threshold);
		}
		return query.query((rs, n) -> new HighValueCustomer(rs.getLong("id"), rs.getString("name"),
				rs.getObject("owner_id", Long.class), rs.getLong("team_id"), rs.getBoolean("key_account"),
				rs.getBigDecimal("expected_annual_value"))).list();
	}

	@Override
	@Transactional(readOnly = true)
	public List<CustomerRef> oldest(int limit) {
		return jdbc.sql("select id from customer order by created_at, id limit :n").param("n", limit)
			.query(Long.class).list().stream()
			.map(id -> queries.findUnscoped(id).map(this::ref))
			.flatMap(Optional::stream)
			.toList();
	}

	private CustomerRef ref(CustomerView c) {
		return new CustomerRef(c.id(), c.name(), c.ownerId(), c.teamId(), queries.leadIds(c.id()), c.createdAt());
	}
}
