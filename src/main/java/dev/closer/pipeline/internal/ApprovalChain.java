package dev.closer.pipeline.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

import dev.closer.shared.security.Role;

/**
 * A contract approval chain (SPEC O7, P5) as stored (JSON, one version per save): ordered steps, each decided by a
 * holder of one of its roles within the opportunity's team, region or company. The default chain is legal review,
 * finance credit check, seal (by an ADMIN). {@link #problems()} validates an edited chain.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ApprovalChain(Map<String, String> names, List<Step> steps) {

	static final int MAX_STEPS = 6;

	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Step(String code, Map<String, String> names, List<Role> roles) {

		public String name(Locale locale) {
			return StageTemplate.label(names, locale, code);
		}
	}

	@JsonIgnore
	public List<Step> stepList() {
		return steps == null ? List.of() : steps;
	}

	/** Names in both languages, 1 to {@value #MAX_STEPS} steps with distinct codes, names and at least one role. */
	List<StageTemplate.Problem> problems() {
		List<StageTemplate.Problem> problems = new ArrayList<>();
		TenderTemplate.labels(names, "names", problems);
		if (steps == null || steps.isEmpty()) {
			problems.add(new StageTemplate.Problem("steps", "error.approvalChain.noSteps"));
			return problems;
		}
		if (steps.size() > MAX_STEPS) {
			problems.add(new StageTemplate.Problem("steps", "error.approvalChain.tooManySteps", MAX_STEPS));
		}
		Set<String> codes = new HashSet<>();
		for (int i = 0; i < steps.size(); i++) {
			Step s = steps.get(i);
			String at = "steps[" + i + "]";
			if (s == null) {
				problems.add(new StageTemplate.Problem(at, "error.required"));
				continue;
			}
			if (s.code() == null || !StageTemplate.CODE.matcher(s.code()).matches()) {
				problems.add(new StageTemplate.Problem(at + ".code", "error.pipelineTemplate.code", String.valueOf(s.code())));
			}
			else if (!codes.add(s.code())) {
				problems.add(new StageTemplate.Problem(at + ".code", "error.approvalChain.stepTwice", s.code()));
			}
			TenderTemplate.labels(s.names(), at + ".names", problems);
			if (s.roles() == null || s.roles().isEmpty() || s.roles().contains(null)) {
				problems.add(new StageTemplate.Problem(at + ".roles", "error.approvalChain.roles"));
			}
		}
		return problems;
	}
}
