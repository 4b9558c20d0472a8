package dev.closer.shared.audit;

import java.time.LocalDate;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.closer.shared.security.CurrentUser;
import dev.closer.shared.web.PageResult;

/** {@code GET /api/admin/audit}: the audit log search for machines. */
@RestController
@PreAuthorize("hasRole('ADMIN')")
class AuditApiController {

	private final AuditLog audit;

	AuditApiController(AuditLog audit) {
		this.audit = audit;
	}

	@GetMapping("/api/admin/audit")
	PageResult<AuditEntry> api(CurrentUser me, @RequestParam(required = false) String entityType,
			@RequestParam(required = false) String entityId, @RequestParam(required = false) String actor,
			@RequestParam(required = false) String action, @RequestParam(required = false) String text,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
			@RequestParam(defaultValue = "0") int page, @RequestParam(required = false) Integer size) {
		return audit.search(AuditController.query(me.zoneId(), entityType, entityId, actor, action, text, from, to), Math.max(0, page),
				PageResult.size(size));
	}

}
