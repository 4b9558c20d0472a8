package dev.closer.shared.audit;

import java.time.LocalDate;
import java.time.ZoneId;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import dev.closer.shared.security.CurrentUser;

/** Admin search over the audit log (SPEC P3), as a page and as {@code GET /api/admin/audit}. */
@Controller
@PreAuthorize("hasRole('ADMIN')")
class AuditController {

	private final AuditLog audit;

	AuditController(AuditLog audit) {
		this.audit = audit;
	}

	@GetMapping("/admin/audit")
	String page(CurrentUser me, @RequestParam(required = false) String entityType,
			@RequestParam(required = false) String entityId, @RequestParam(required = false) String actor,
			@RequestParam(required = false) String action, @RequestParam(required = false) String text,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
			@RequestParam(defaultValue = "0") int page, Model model) {
		AuditLog.AuditQuery query = query(me.zoneId(), entityType, entityId, actor, action, text, from, to);
		model.addAttribute("page", audit.search(query, Math.max(0, page), 50));
		model.addAttribute("q", query);
		model.addAttribute("fromDate", from);
		model.addAttribute("toDate", to);
		model.addAttribute("zone", me.zoneId());
		return "audit/audit";
	}

	static AuditLog.AuditQuery query(ZoneId zone, String entityType, String entityId, String actor,
			String action, String text, LocalDate from, LocalDate to) {
		return new AuditLog.AuditQuery(entityType, entityId, actor, action, text,
				from == null ? null : from.atStartOfDay(zone).toInstant(),
				to == null ? null : to.plusDays(1).atStartOfDay(zone).toInstant());
	}
}
