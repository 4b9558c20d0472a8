package db.migration;

import java.sql.Statement;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * SPEC P3: the audit log is never editable. A trigger refuses UPDATE and DELETE on {@code audit_log}
 * at the database level, so not even a bug or a hand-written statement can rewrite history.
 * One migration for both databases: PL/pgSQL on PostgreSQL, a Java trigger on H2.
 */
public class V20261122_1001__audit_log_append_only extends BaseJavaMigration {

	@Override
	public void migrate(Context context) throws Exception {
		String product = context.getConnection().getMetaData().getDatabaseProductName();
		try (Statement sql = context.getConnection().createStatement()) {
			if (product.startsWith("PostgreSQL")) {
				sql.execute("""
						create or replace function audit_log_append_only() returns trigger language plpgsql as $$
						begin
						  raise exception 'audit_log is append-only';
						end $$""");
				sql.execute("""
						create trigger audit_log_no_change before update or delete on audit_log
						for each row execute function audit_log_append_only()""");
				sql.execute("""
						create trigger audit_log_no_truncate before truncate on audit_log
						for each statement execute function audit_log_append_only()""");
			}
			else if (product.startsWith("H2")) {
				sql.execute("create trigger audit_log_no_change before update, delete on audit_log for each row call '"
						+ dev.closer.shared.audit.AuditAppendOnlyTrigger.class.getName() + "'");
			}
			else {
				throw new IllegalStateException("Unsupported database: " + product);
			}
		}
	}
}
