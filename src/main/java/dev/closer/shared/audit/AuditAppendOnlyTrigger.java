package dev.closer.shared.audit;

import java.sql.Connection;
import java.sql.SQLException;

import org.h2.api.Trigger;

/** H2 side of the append-only audit log: refuses every UPDATE and DELETE. */
public class AuditAppendOnlyTrigger implements Trigger {

	@Override
	public void fire(Connection connection, Object[] oldRow, Object[] newRow) throws SQLException {
		throw new SQLException("audit_log is append-only");
	}
}
