package dev.closer.pipeline.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.closer.shared.problem.BusinessException;
import dev.closer.shared.problem.NotFoundException;
import dev.closer.shared.security.CurrentUser;
import dev.closer.shared.security.DataScopes;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** REST API of stage templates (O1, P5), red/yellow thresholds (S3) and the process-health report (O4). */
@RestController
@RequestMapping("/api")
@Tag(name = "Pipeline", description = "Stage templates, red/yellow thresholds, weekly process health")
class PipelineApiController {

	private final StageTemplates templates;

	private final HealthPolicies policies;

	private final ProcessHealthService health;

	private final DataScopes scopes;

	private final Clock clock;

	PipelineApiController(StageTemplates templates, HealthPolicies policies, ProcessHealthService health,
			DataScopes scopes, Clock clock) {
		this.templates = templates;
		this.policies = policies;
		this.health = health;
		this.scopes = scopes;
		this.clock = clock;
	}

	record TemplateResponse(long id, String code, int version, StageTemplate definition, Instant createdAt,
			String createdBy, String comment) {

		static TemplateResponse of(StageTemplates.Version v) {
			return new TemplateResponse(v.id(), v.code(), v.version(), v.definition(), v.createdAt(), v.createdBy(),
					v.comment());
		}
	}

	@GetMapping("/pipeline/templates")
	@Operation(summary = "The current version of every stage template")
	List<TemplateResponse> templates() {
		return templates.current().stream().map(TemplateResponse::of).toList();
	}

	@GetMapping("/pipeline/templates/{code}")
	TemplateResponse template(@PathVariable String code) {
		return templates.current(code).map(TemplateResponse::of)
			.orElseThrow(() -> new NotFoundException("pipeline_template", code));
	}

	@GetMapping("/pipeline/templates/{code}/versions")
	List<TemplateResponse> versions(@PathVariable String code) {
		List<TemplateResponse> versions = templates.history(code).stream().map(TemplateResponse::of).toList();
		if (versions.isEmpty()) {
			throw new NotFoundException("pipeline_template", code);
		}
		return versions;
	}

	record TemplateRequest(StageTemplate definition, String comment) {
	}

	@PutMapping("/admin/pipeline/templates/{code}")
	@Operation(summary = "Save a new version of a stage template (admins; validated, audited; a new code starts at v1)")
	TemplateResponse save(@PathVariable String code, @RequestBody(required = false) TemplateRequest request) {
		return TemplateResponse.of(templates.save(code, request == null ? null : request.definition(),
				request == null ? null : request.comment()));
	}

	@GetMapping("/pipeline/health-policy")
	@Operation(summary = "The current red/yellow thresholds for opportunities (hours without update)")
	HealthPolicies.Policy policy() {
		return policies.current();
	}

	record PolicyRequest(Integer yellowHours, Integer redHours, String comment) {
	}

	@PutMapping("/admin/pipeline/health-policy")
	@Operation(summary = "Save new red/yellow thresholds (admins; 1 ≤ yellow < red ≤ 8760 hours; versioned, audited)")
	HealthPolicies.Policy savePolicy(@RequestBody(required = false) PolicyRequest request) {
		if (request == null) {
			throw BusinessException.invalidField("yellowHours", "error.required");
		}
		return policies.save(request.yellowHours(), request.redHours(), request.comment());
	}

	@GetMapping("/pipeline/process-health")
	@Operation(summary = "Weekly process health top 10 of a team (week: any day of it, default this week, in my zone)")
	ProcessHealth.Report processHealth(CurrentUser me, @RequestParam long teamId,
			@RequestParam(required = false) LocalDate week, Locale locale) {
		LocalDate day = week != null ? week : LocalDate.now(clock.withZone(me.zoneId()));
		return health.report(scopes.of(me), teamId, day, me.zoneId(), locale);
	}
}
