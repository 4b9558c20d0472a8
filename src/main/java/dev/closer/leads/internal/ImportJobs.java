package dev.closer.leads.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

import dev.closer.shared.security.DataScope;
import dev.closer.shared.time.SqlTime;

/** SQL access to {@code lead_import} and {@code lead_import_error}. */
@Repository
class ImportJobs {

	/** Separates message arguments in one column. */
	private static final String ARG_SEPARATOR = "\u001F";

	private final JdbcClient jdbc;

	ImportJobs(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** A new job as registered at upload. */
	record NewJob(long teamId, long createdBy, String locale, String originalName, ImportFiles.Stored file,
			ImportJob.Mode mode, String columnMapping, Instant createdAt) {
	}

	long insert(NewJob job) {
		var keys = new GeneratedKeyHolder();
		jdbc.sql("""
				insert into lead_import (team_id, created_by, locale, original_name, file_path, sha256, size_bytes,
				  file_type, charset, mode, column_mapping, status, created_at)
				values (:team, :by, :locale, :name, :path, :sha, :size, :type, :charset, :mode, :mapping, 'QUEUED', :at)""")
			.param("team", job.teamId()).param("by", job.createdBy()).param("locale", job.locale())
			.param("name", cut(job.originalName(), 255)).param("path", job.file().path().toString())
			.param("sha", job.file().sha256()).param("size", job.file().size()).param("type", job.file().type().name())
			.param("charset", job.file().charset()).param("mode", job.mode().name()).param("mapping", job.columnMapping())
			.param("at", SqlTime.of(job.createdAt()))
			.update(keys, "id");
		return keys.getKeyAs(Long.class);
	}

	Optional<ImportJob> find(long id) {
		return jdbc.sql("select * from lead_import where id = :id").param("id", id).query(ImportJobs::map).optional();
	}

	/** The job if {@code user} may see it: the uploader, the managers (and directors) of its team, admins. */
	Optional<ImportJob> visible(long id, DataScope scope) {
		return find(id).filter(job -> scope.allows(job.createdBy(), job.teamId()));
	}

	/** The latest jobs the user may see. */
	List<ImportJob> recent(DataScope scope, int limit) {
		DataScope.SqlCondition condition = scope.predicate("created_by", "team_id");
		return jdbc.sql("select * from lead_import where " + condition.sql() + " order by id desc fetch first "
				+ Math.max(1, limit) + " rows only")
			.params(condition.params())
			.query(ImportJobs::map)
			.list();
	}

	void status(long id, ImportJob.Status status) {
		jdbc.sql("update lead_import set status = :s where id = :id").param("s", status.name()).param("id", id).update();
	}

	void startValidation(long id) {
		jdbc.sql("delete from lead_import_error where import_id = :id").param("id", id).update();
		jdbc.sql("""
				update lead_import set status = 'VALIDATING', total_rows = 0, processed_rows = 0, imported = 0,
				  duplicates = 0, pooled = 0, failed_rows = 0, ignored_columns = null, error_report_path = null,
				  last_error = null, last_error_args = null
				where id = :id""").param("id", id).update();
	}

	void validated(long id, int total, int failed, List<String> ignored) {
		jdbc.sql("update lead_import set total_rows = :t, failed_rows = :f, ignored_columns = :i where id = :id")
			.param("t", total).param("f", failed).param("i", ignored == null || ignored.isEmpty() ? null
					: cut(String.join(", ", ignored), 4000))
			.param("id", id).update();
	}

	void counted(long id, int total) {
		jdbc.sql("update lead_import set total_rows = :t where id = :id").param("t", total).param("id", id).update();
	}

	/** The checkpoint: moves processed_rows and the counts on, inside the chunk's transaction. */
	void checkpoint(long id, int processed, int imported, int duplicates, int pooled, int failed) {
		jdbc.sql("""
				update lead_import set processed_rows = processed_rows + :p, imported = imported + :i,
				  duplicates = duplicates + :d, pooled = pooled + :o, failed_rows = failed_rows + :f
				where id = :id""")
			.param("p", processed).param("i", imported).param("d", duplicates).param("o", pooled).param("f", failed)
			.param("id", id).update();
	}

	void finish(long id, ImportJob.Status status, String errorKey, List<String> errorArgs, String reportPath,
			Instant at) {
		jdbc.sql("""
				update lead_import set status = :s, last_error = :e, last_error_args = :a, error_report_path = :r,
				  finished_at = :at
				where id = :id""")
			.param("s", status.name()).param("e", errorKey).param("a", args(errorArgs)).param("r", reportPath)
			.param("at", SqlTime.of(at)).param("id", id).update();
	}

	void addErrors(long id, int rowNo, List<ImportColumns.RowError> errors) {
		for (ImportColumns.RowError e : errors) {
			jdbc.sql("""
					insert into lead_import_error (import_id, row_no, column_name, message_key, message_args)
					values (:id, :row, :col, :key, :args)""")
				.param("id", id).param("row", rowNo).param("col", cut(e.column(), 100)).param("key", e.key())
				.param("args", args(e.args()))
				.update();
		}
	}

	/** One stored row error. */
	record StoredError(int rowNo, String column, String key, List<String> args) {
	}

	List<StoredError> errors(long id) {
		return jdbc.sql("""
				select row_no, column_name, message_key, message_args from lead_import_error
				where import_id = :id order by row_no, id""")
			.param("id", id)
			.query((rs, n) -> new StoredError(rs.getInt("row_no"), rs.getString("column_name"),
					rs.getString("message_key"), split(rs.getString("message_args"))))
			.list();
	}

	private static ImportJob map(ResultSet rs, int n) throws SQLException {
		return new ImportJob(rs.getLong("id"), rs.getLong("team_id"), rs.getLong("created_by"), rs.getString("locale"),
				rs.getString("original_name"), rs.getString("file_path"), rs.getString("sha256"),
				rs.getLong("size_bytes"), ImportJob.FileType.valueOf(rs.getString("file_type")),
				rs.getString("charset"), ImportJob.Mode.valueOf(rs.getString("mode")), rs.getString("column_mapping"),
				ImportJob.Status.valueOf(rs.getString("status")), rs.getInt("total_rows"), rs.getInt("processed_rows"),
				rs.getInt("imported"), rs.getInt("duplicates"), rs.getInt("pooled"), rs.getInt("failed_rows"),
				rs.getString("ignored_columns"), rs.getString("error_report_path"), instant(rs, "created_at"),
				instant(rs, "finished_at"), rs.getString("last_error"), split(rs.getString("last_error_args")));
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
		return t == null ? null : t.toInstant();
	}

	private static String args(List<String> args) {
		if (args == null || args.isEmpty()) {
			return null;
		}
		return cut(String.join(ARG_SEPARATOR, args.stream().map(a -> cut(a, 120)).toList()), 1000);
	}

	private static List<String> split(String args) {
		return args == null ? List.of() : Arrays.asList(args.split(ARG_SEPARATOR, -1));
	}

	static String cut(String s, int max) {
		return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
	}
}
