package dev.closer.identity.internal;

import dev.closer.shared.time.SqlTime;

import java.io.IOException;
import java.io.Reader;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import dev.closer.identity.AccountStatus;
import dev.closer.identity.UserSummary;
import dev.closer.shared.problem.BusinessException;
import dev.closer.shared.security.CurrentUser;
import dev.closer.shared.web.PageResult;

/**
 * HR sync (SPEC P2): sets account statuses in bulk from a JSON list or a CSV file
 * ({@code username,status[,reason]}). Each row is applied in its own savepoint, so a bad row changes
 * nothing but is reported; good rows apply. Every run and row outcome is kept for the admin page.
 */
@Service
class HrSync {

	static final int MAX_ROWS = 50_000;

	private final JdbcClient jdbc;

	private final UserQueries users;

	private final UserAccounts accounts;

	private final Clock clock;

	private final MessageSource messages;

	private final TransactionTemplate savepoint;

	HrSync(JdbcClient jdbc, UserQueries users, UserAccounts accounts, Clock clock, MessageSource messages,
			PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		this.users = users;
		this.accounts = accounts;
		this.clock = clock;
		this.messages = messages;
		this.savepoint = new TransactionTemplate(transactions);
		this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
	}

	record Row(String username, String status, String reason) {
	}

	enum Outcome {
		APPLIED, UNCHANGED, FAILED
	}

	record RowResult(int row, String username, String status, Outcome outcome, String message) {
	}

	record Report(long runId, int total, int applied, int unchanged, int failed, List<RowResult> rows) {
	}

	record Run(long id, Instant startedAt, String source, String actor, int total, int applied, int unchanged,
			int failed, String error) {
	}

	@Transactional
	public Report apply(List<Row> rows, String source, Locale locale) {
		if (rows.size() > MAX_ROWS) {
			throw BusinessException.invalid("error.hr.tooManyRows", MAX_ROWS);
		}
		List<RowResult> results = new ArrayList<>();
		int applied = 0;
		int unchanged = 0;
		int failed = 0;
		for (int i = 0; i < rows.size(); i++) {
			Row row = rows.get(i);
			int rowNo = i + 1;
			RowResult result;
			try {
				result = savepoint.execute(tx -> applyOne(rowNo, row));
			}
			catch (BusinessException e) {
				result = new RowResult(rowNo, row.username(), row.status(), Outcome.FAILED,
						messages.getMessage(e.messageKey(), e.args(), e.messageKey(), locale));
			}
			switch (result.outcome()) {
				case APPLIED -> applied++;
				case UNCHANGED -> unchanged++;
				default -> failed++;
			}
			results.add(result);
		}
		long runId = record(source, rows.size(), applied, unchanged, failed, null, results);
		return new Report(runId, rows.size(), applied, unchanged, failed, results);
	}

	/** Parses a CSV upload; a file that cannot be read at all is recorded as a failed run and refused. */
	@Transactional
	public Report applyCsv(Reader csv, Locale locale) {
		List<Row> rows = new ArrayList<>();
		try (CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
			.setIgnoreEmptyLines(true).setTrim(true).get().parse(csv)) {
			if (!parser.getHeaderMap().keySet().stream().map(h -> h.toLowerCase(Locale.ROOT).replace("\uFEFF", ""))
				.toList().containsAll(List.of("username", "status"))) {
				throw BusinessException.invalid("error.hr.csvHeader");
			}
			for (CSVRecord record : parser) {
				if (rows.size() >= MAX_ROWS) {
					throw BusinessException.invalid("error.hr.tooManyRows", MAX_ROWS);
				}
				rows.add(new Row(value(record, "username"), value(record, "status"), value(record, "reason")));
			}
		}
		catch (IOException | IllegalArgumentException | IllegalStateException e) {
			throw BusinessException.invalid("error.hr.csvUnreadable");
		}
		return apply(rows, "CSV", locale);
	}

	private static String value(CSVRecord record, String name) {
		for (var entry : record.toMap().entrySet()) {
			if (entry.getKey().toLowerCase(Locale.ROOT).replace("\uFEFF", "").equals(name)) {
				return entry.getValue();
			}
		}
		return null;
	}

	private RowResult applyOne(int rowNo, Row row) {
		if (row.username() == null || row.username().isBlank()) {
			throw BusinessException.invalid("error.hr.usernameMissing");
		}
		AccountStatus status;
		try {
			status = AccountStatus.valueOf(row.status() == null ? "" : row.status().trim().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException e) {
			throw BusinessException.invalid("error.hr.status", row.status());
		}
		UserSummary user = users.findByUsername(row.username().trim())
			.orElseThrow(() -> BusinessException.invalid("error.hr.unknownUser", row.username()));
		String reason = row.reason() == null || row.reason().isBlank() ? "HR sync" : "HR sync: " + row.reason();
		boolean changed = accounts.setStatus(user.id(), status, reason);
		return new RowResult(rowNo, user.username(), status.name(), changed ? Outcome.APPLIED : Outcome.UNCHANGED, null);
	}

	private long record(String source, int total, int applied, int unchanged, int failed, String error,
			List<RowResult> rows) {
		var keys = new org.springframework.jdbc.support.GeneratedKeyHolder();
		jdbc.sql("""
				insert into hr_sync_run (started_at, source, actor_name, total_rows, applied, unchanged, failed, error)
				values (:at, :src, :actor, :total, :applied, :unchanged, :failed, :error)""")
			.param("at", SqlTime.of(Instant.now(clock))).param("src", source)
			.param("actor", CurrentUser.current().map(CurrentUser::username).orElse("system"))
			.param("total", total).param("applied", applied).param("unchanged", unchanged).param("failed", failed)
			.param("error", error)
			.update(keys, "id");
		long runId = keys.getKeyAs(Long.class);
		for (RowResult r : rows) {
			jdbc.sql("""
					insert into hr_sync_row (run_id, row_no, username, status, outcome, message)
					values (:run, :no, :u, :s, :o, :m)""")
				.param("run", runId).param("no", r.row()).param("u", truncate(r.username(), 200))
				.param("s", truncate(r.status(), 32)).param("o", r.outcome().name()).param("m", truncate(r.message(), 500))
				.update();
		}
		return runId;
	}

	/** Records a run that failed as a whole (unreadable file), in its own transaction. */
	@Transactional(propagation = org.springframework.transaction.annotation.Propagation.REQUIRES_NEW)
	public void recordFailure(String source, String error) {
		record(source, 0, 0, 0, 0, truncate(error, 2000), List.of());
	}

	@Transactional(readOnly = true)
	public PageResult<Run> runs(int page, int size) {
		long total = jdbc.sql("select count(*) from hr_sync_run").query(Long.class).single();
		List<Run> items = jdbc.sql("select * from hr_sync_run order by started_at desc, id desc limit :l offset :o")
			.param("l", size).param("o", (long) page * size)
			.query((rs, n) -> new Run(rs.getLong("id"), rs.getTimestamp("started_at").toInstant(), rs.getString("source"),
					rs.getString("actor_name"), rs.getInt("total_rows"), rs.getInt("applied"), rs.getInt("unchanged"),
					rs.getInt("failed"), rs.getString("error")))
			.list();
		return new PageResult<>(items, page, size, total);
	}

	@Transactional(readOnly = true)
	public List<RowResult> failedRows(long runId) {
		return jdbc.sql("select * from hr_sync_row where run_id = :r and outcome = 'FAILED' order by row_no")
			.param("r", runId)
			.query((rs, n) -> new RowResult(rs.getInt("row_no"), rs.getString("username"), rs.getString("status"),
					Outcome.FAILED, rs.getString("message")))
			.list();
	}

	private static String truncate(String s, int max) {
		return s == null || s.length() <= max ? s : s.substring(0, max);
	}
}
