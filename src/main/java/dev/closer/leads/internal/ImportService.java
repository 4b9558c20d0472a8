package dev.closer.leads.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;

import dev.closer.shared.problem.BusinessException;
import dev.closer.shared.security.CurrentUser;
import dev.closer.shared.security.DataScopes;

/**
 * Accepts import uploads (checks the team, the mapping and the file's content type, stores the file, registers
 * the job and schedules its task in one transaction) and shows jobs to those who may see them.
 */
@Service
class ImportService {

	private final ImportFiles files;

	private final ImportJobs jobs;

	private final ImportProcessor processor;

	private final SchedulerClient scheduler;

	private final OneTimeTask<Long> task;

	private final DataScopes scopes;

	private final MessageSource messages;

	private final TransactionTemplate tx;

	private final Clock clock;

	ImportService(ImportFiles files, ImportJobs jobs, ImportProcessor processor, SchedulerClient scheduler,
			OneTimeTask<Long> leadImportTask, DataScopes scopes, MessageSource messages,
			PlatformTransactionManager transactions, Clock clock) {
		this.files = files;
		this.jobs = jobs;
		this.processor = processor;
		this.scheduler = scheduler;
		this.task = leadImportTask;
		this.scopes = scopes;
		this.messages = messages;
		this.tx = new TransactionTemplate(transactions);
		this.clock = clock;
	}

	/** An upload as received. */
	record Upload(InputStream content, String originalName, Long teamId, ImportJob.Mode mode, String mapping) {
	}

	/** Registers an upload and schedules its processing. */
	ImportJob accept(Upload upload, CurrentUser me, Locale locale) {
		return register(upload, me, locale, true);
	}

	/** As {@link #accept}, optionally without scheduling (tests drive {@link ImportProcessor} themselves). */
	ImportJob register(Upload upload, CurrentUser me, Locale locale, boolean schedule) {
		if (upload.teamId() == null) {
			throw BusinessException.invalidField("teamId", "error.required");
		}
		processor.checkTeam(upload.teamId(), me);
		processor.mapping(upload.mapping());
		if (upload.content() == null) {
			throw BusinessException.invalidField("file", "error.import.noFile");
		}
		ImportFiles.Stored stored;
		try {
			stored = files.store(upload.content());
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		try {
			long id = tx.execute(status -> {
				long newId = jobs.insert(new ImportJobs.NewJob(upload.teamId(), me.id(), locale.toLanguageTag(),
						upload.originalName(), stored,
						upload.mode() == null ? ImportJob.Mode.ALL_OR_NOTHING : upload.mode(),
						upload.mapping() == null || upload.mapping().isBlank() ? null : upload.mapping(),
						Instant.now(clock)));
				if (schedule) {
					scheduler.schedule(task.schedulableInstance("import-" + newId, newId));
				}
				return newId;
			});
			return jobs.find(id).orElseThrow();
		}
		catch (RuntimeException e) {
			files.delete(stored.path());
			throw e;
		}
	}

	Optional<ImportJob> visible(long id, CurrentUser me) {
		return jobs.visible(id, scopes.of(me));
	}

	List<ImportJob> recent(CurrentUser me) {
		return jobs.recent(scopes.of(me), 10);
	}

	/** A job as shown to people and API clients; {@code error} is localised. */
	record ImportView(long id, long teamId, String fileName, String fileType, String sha256, long size, String mode,
			String status, boolean finished, int total, int processed, int imported, int duplicates, int pooled,
			int failed, int percent, List<String> ignoredColumns, String errorCode, String error, String errorReport,
			Instant createdAt, Instant finishedAt) {
	}

	ImportView view(ImportJob job, Locale locale, String reportBase) {
		String error = job.lastError() == null ? null
				: messages.getMessage(job.lastError(), job.lastErrorArgs().toArray(), job.lastError(), locale);
		int percent = job.status() == ImportJob.Status.DONE ? 100
				: job.totalRows() == 0 || job.status() != ImportJob.Status.IMPORTING ? 0
						: (int) Math.min(100, (long) job.processedRows() * 100 / job.totalRows());
		List<String> ignored = job.ignoredColumns() == null ? List.of() : Arrays.asList(job.ignoredColumns().split(", "));
		return new ImportView(job.id(), job.teamId(), job.originalName(), job.fileType().name(), job.sha256(),
				job.sizeBytes(), job.mode().name(), job.status().name(), job.finished(), job.totalRows(),
				job.processedRows(), job.imported(), job.duplicates(), job.pooled(), job.failedRows(), percent, ignored,
				job.lastError(), error, job.errorReportPath() == null ? null : reportBase + job.id() + "/errors.xlsx",
				job.createdAt(), job.finishedAt());
	}
}
