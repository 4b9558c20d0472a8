package dev.closer.leads.internal;

import java.time.Instant;
import java.util.List;

/**
 * One lead import as stored in {@code lead_import}: the uploaded file, the chosen mode, where processing
 * stands, and its counts. {@code processedRows} is the checkpoint: data rows whose outcome is committed.
 */
record ImportJob(long id, long teamId, long createdBy, String locale, String originalName, String filePath,
		String sha256, long sizeBytes, FileType fileType, String charset, Mode mode, String columnMapping,
		Status status, int totalRows, int processedRows, int imported, int duplicates, int pooled, int failedRows,
		String ignoredColumns, String errorReportPath, Instant createdAt, Instant finishedAt, String lastError,
		List<String> lastErrorArgs) {

	/** What to do with a file that has invalid rows. */
	enum Mode {
		/** Any invalid row rejects the whole file; nothing is imported. */
		ALL_OR_NOTHING,
		/** Invalid rows are reported and skipped; the valid ones are imported. */
		VALID_ROWS
	}

	enum Status {
		QUEUED, VALIDATING, IMPORTING, DONE, REJECTED, FAILED;

		boolean finished() {
			return this == DONE || this == REJECTED || this == FAILED;
		}
	}

	/** The type detected from the file's content (never from its name). */
	enum FileType {
		CSV, XLSX
	}

	boolean finished() {
		return status.finished();
	}
}
