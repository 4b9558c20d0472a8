package dev.closer.leads.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

import dev.closer.identity.UserDirectory;
import dev.closer.identity.UserSummary;
import dev.closer.shared.export.XlsxExport;

/**
 * The per-row error report of an import, written once when the job ends (in the uploader's language):
 * row number, column, message, then the row's original cells. Written through {@link XlsxExport}, so a cell
 * like {@code =cmd|' /C calc'!A0} comes out quote-prefixed (text, never a formula) and over-long cells are cut.
 */
@Component
class ImportReport {

	private final ImportJobs jobs;

	private final ImportFiles files;

	private final MessageSource messages;

	private final UserDirectory users;

	ImportReport(ImportJobs jobs, ImportFiles files, MessageSource messages, UserDirectory users) {
		this.jobs = jobs;
		this.files = files;
		this.messages = messages;
		this.users = users;
	}

	/** Writes the report of a job with row errors; returns its path (null when there are none). */
	String write(ImportJob job) {
		List<ImportJobs.StoredError> errors = jobs.errors(job.id());
		if (errors.isEmpty()) {
			return null;
		}
		Map<Integer, List<ImportJobs.StoredError>> byRow = new TreeMap<>();
		for (ImportJobs.StoredError e : errors) {
			byRow.computeIfAbsent(e.rowNo(), r -> new ArrayList<>()).add(e);
		}
		Locale locale = Locale.forLanguageTag(job.locale());
		ZoneId zone = users.find(job.createdBy()).map(UserSummary::zoneId).orElse(ZoneId.of("Asia/Shanghai"));
		Path file = Path.of(job.filePath());
		List<String> original = header(job);
		List<String> headers = new ArrayList<>(List.of(m("import.report.row", locale), m("import.report.column", locale),
				m("import.report.message", locale)));
		headers.addAll(original);
		try {
			Path target = files.reportOf(job.id());
			Path part = target.resolveSibling(target.getFileName() + ".part");
			try (OutputStream out = Files.newOutputStream(part)) {
				XlsxExport.write(out, m("import.report.sheet", locale), headers, zone, sink -> {
					ImportReader.read(file, job.fileType(), job.charset(), new ImportReader.RowHandler() {
						@Override
						public void header(List<String> cells) {
							// written above
						}

						@Override
						public void row(int rowNo, List<String> cells) {
							List<ImportJobs.StoredError> rowErrors = byRow.get(rowNo);
							if (rowErrors == null) {
								return;
							}
							for (ImportJobs.StoredError e : rowErrors) {
								List<Object> line = new ArrayList<>(cells.size() + 3);
								line.add(rowNo);
								line.add(e.column());
								line.add(message(e.key(), e.args(), locale));
								line.addAll(cells);
								sink.row(line);
							}
						}
					});
				});
			}
			Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
			return target.toString();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** The file's header cells (reading stops after the header). */
	private static List<String> header(ImportJob job) {
		List<String> header = new ArrayList<>();
		try {
			ImportReader.read(Path.of(job.filePath()), job.fileType(), job.charset(), new ImportReader.RowHandler() {
				@Override
				public void header(List<String> cells) {
					header.addAll(cells.stream().map(c -> c == null ? "" : c).toList());
					throw new HeaderRead();
				}

				@Override
				public void row(int rowNo, List<String> cells) {
					throw new HeaderRead();
				}
			});
		}
		catch (HeaderRead done) {
			// stopped on purpose
		}
		return header;
	}

	private static final class HeaderRead extends RuntimeException {

		HeaderRead() {
			super(null, null, false, false);
		}
	}

	String message(String key, List<String> args, Locale locale) {
		return messages.getMessage(key, args.toArray(), key, locale);
	}

	private String m(String key, Locale locale) {
		return messages.getMessage(key, null, key, locale);
	}
}
