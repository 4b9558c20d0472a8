package dev.closer.leads.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import dev.closer.shared.export.XlsxExport;
import dev.closer.shared.problem.NotFoundException;
import dev.closer.shared.security.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** REST API of lead import (SPEC P8, L1). */
@RestController
@RequestMapping("/api/leads/imports")
@Tag(name = "Lead import", description = "CSV/XLSX lead import as a background job, with progress and error report")
class ImportApiController {

	private final ImportService imports;

	ImportApiController(ImportService imports) {
		this.imports = imports;
	}

	@PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	@Operation(summary = "Upload a CSV or XLSX file of leads; processed in the background (202 + job)",
			description = "mode: ALL_OR_NOTHING (default) or VALID_ROWS. mapping: optional JSON object "
					+ "field→header, e.g. {\"contactName\":\"Prospect ID\"}, overriding the header synonyms.")
	ResponseEntity<ImportService.ImportView> upload(CurrentUser me,
			@RequestParam(name = "file", required = false) MultipartFile file,
			@RequestParam(required = false) Long teamId,
			@RequestParam(defaultValue = "ALL_OR_NOTHING") ImportJob.Mode mode,
			@RequestParam(required = false) String mapping, Locale locale) {
		ImportJob job = accept(imports, file, teamId, mode, mapping, me, locale);
		return ResponseEntity.accepted()
			.location(URI.create("/api/leads/imports/" + job.id()))
			.body(imports.view(job, locale, "/api/leads/imports/"));
	}

	static ImportJob accept(ImportService imports, MultipartFile file, Long teamId, ImportJob.Mode mode,
			String mapping, CurrentUser me, Locale locale) {
		boolean empty = file == null || file.isEmpty();
		try (InputStream in = empty ? null : file.getInputStream()) {
			return imports.accept(new ImportService.Upload(in, empty ? null : file.getOriginalFilename(), teamId, mode,
					mapping), me, locale);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	@GetMapping("/{id}")
	@Operation(summary = "Progress and counts of an import (uploader, the team's managers, admins)")
	ImportService.ImportView one(CurrentUser me, @PathVariable long id, Locale locale) {
		return imports.view(find(imports, me, id), locale, "/api/leads/imports/");
	}

	@GetMapping("/{id}/errors.xlsx")
	@Operation(summary = "The per-row error report (XLSX)")
	ResponseEntity<Resource> errors(CurrentUser me, @PathVariable long id) {
		return report(find(imports, me, id));
	}

	static ImportJob find(ImportService imports, CurrentUser me, long id) {
		return imports.visible(id, me).orElseThrow(() -> new NotFoundException("import", id));
	}

	static ResponseEntity<Resource> report(ImportJob job) {
		if (job.errorReportPath() == null) {
			throw new NotFoundException("report", job.id());
		}
		return ResponseEntity.ok()
			.contentType(XlsxExport.XLSX)
			.header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
				.filename("import-" + job.id() + "-errors.xlsx", StandardCharsets.UTF_8).build().toString())
			.body(new FileSystemResource(Path.of(job.errorReportPath())));
	}
}
