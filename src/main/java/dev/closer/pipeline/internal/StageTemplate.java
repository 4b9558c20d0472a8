package dev.closer.pipeline.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

import dev.closer.shared.problem.BusinessException;

/**
 * A stage template (SPEC O1, P5) as stored (JSON, one version per save): names in both languages, the customer
 * industries it suits, and ordered stages, each with a win probability, the expected dwell in days (O4) and its
 * gate requirements (O2): named policies of six kinds. {@link #problems()} validates an edited definition.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record StageTemplate(Map<String, String> names, List<String> industries, List<Stage> stages) {

	static final Pattern CODE = Pattern.compile("^[A-Z][A-Z0-9_]{1,39}$");

	static final int MAX_STAGES = 12;

	static final int MAX_REQUIREMENTS = 10;

	static final List<String> LANGUAGES = List.of("en", "zh-CN");

	/** The requirement policies a gate knows. */
	enum Kind {
		/** A follow-up of the named scenario recorded on the customer since the stage was entered. */
		FOLLOW_UP_SCENARIO,
		/** A meeting or visit recorded on the customer since the stage was entered. */
		MEETING_BOOKED,
		/** A file of the named deliverable kind, of an allowed type, uploaded in the stage, with a checksum. */
		DELIVERABLE,
		/** A field of the opportunity is filled in. */
		FIELD_SET,
		/** The opportunity's tender project has every node up to and including the named one done or skipped (O6). */
		TENDER_NODES_DONE,
		/** The opportunity's latest contract approval request is approved (O7). */
		CONTRACT_APPROVED
	}

	/** Fields a {@link Kind#FIELD_SET} requirement can name. */
	enum Field {
		AMOUNT, CLOSE_DATE, PRODUCT_LINES, DECISION_MAKER
	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Stage(String code, Map<String, String> names, Integer probability, Integer expectedDays,
			List<Requirement> requirements) {

		public String name(Locale locale) {
			return label(names, locale, code);
		}

		@JsonIgnore
		public List<Requirement> requirementList() {
			return requirements == null ? List.of() : requirements;
		}

		public int days() {
			return expectedDays == null ? 0 : expectedDays;
		}

		public int chance() {
			return probability == null ? 0 : probability;
		}

		/** Deliverable requirements of this stage. */
		@JsonIgnore
		public List<Requirement> deliverables() {
			return requirementList().stream().filter(r -> r.kind() == Kind.DELIVERABLE).toList();
		}
	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Requirement(String code, Kind kind, Map<String, String> labels, String scenario, String deliverable,
			List<String> fileTypes, Field field, String node) {

		Requirement(String code, Kind kind, Map<String, String> labels, String scenario, String deliverable,
				List<String> fileTypes, Field field) {
			this(code, kind, labels, scenario, deliverable, fileTypes, field, null);
		}

		public String label(Locale locale) {
			return StageTemplate.label(labels, locale, code);
		}
	}

	public String name(Locale locale, String fallback) {
		return label(names, locale, fallback);
	}

	@JsonIgnore
	public List<Stage> stageList() {
		return stages == null ? List.of() : stages;
	}

	public Optional<Stage> stage(String code) {
		return stageList().stream().filter(s -> s.code().equals(code)).findFirst();
	}

	public int indexOf(String code) {
		List<Stage> list = stageList();
		for (int i = 0; i < list.size(); i++) {
			if (list.get(i).code().equals(code)) {
				return i;
			}
		}
		return -1;
	}

	/** A problem with an edited definition: the field it concerns, a message key and its arguments. */
	record Problem(String field, String key, Object... args) {

		BusinessException toException() {
			return BusinessException.invalidField(field, key, args);
		}
	}

	/**
	 * Everything wrong with this definition, in order: names in both languages, 1 to {@value #MAX_STAGES} stages
	 * with distinct codes, probabilities 0-100 not decreasing, expected days 1-3650, requirements of a known kind
	 * with their parameters (a known scenario, a deliverable code with known file types, a known field).
	 */
	List<Problem> problems(Set<String> scenarios, Set<String> fileTypes) {
		return problems(scenarios, fileTypes, null);
	}

	/** As above; a {@code TENDER_NODES_DONE} requirement must name a node of {@code tenderNodes} (when given). */
	List<Problem> problems(Set<String> scenarios, Set<String> fileTypes, Set<String> tenderNodes) {
		List<Problem> problems = new ArrayList<>();
		labels(names, "names", problems);
		if (stages == null || stages.isEmpty()) {
			problems.add(new Problem("stages", "error.pipelineTemplate.noStages"));
			return problems;
		}
		if (stages.size() > MAX_STAGES) {
			problems.add(new Problem("stages", "error.pipelineTemplate.tooManyStages", MAX_STAGES));
		}
		Set<String> codes = new HashSet<>();
		int previous = 0;
		for (int i = 0; i < stages.size(); i++) {
			Stage s = stages.get(i);
			String at = "stages[" + i + "]";
			if (s == null) {
				problems.add(new Problem(at, "error.required"));
				continue;
			}
			if (s.code() == null || !CODE.matcher(s.code()).matches()) {
				problems.add(new Problem(at + ".code", "error.pipelineTemplate.code", String.valueOf(s.code())));
			}
			else if (!codes.add(s.code())) {
				problems.add(new Problem(at + ".code", "error.pipelineTemplate.stageTwice", s.code()));
			}
			labels(s.names(), at + ".names", problems);
			if (s.probability() == null || s.probability() < 0 || s.probability() > 100) {
				problems.add(new Problem(at + ".probability", "error.pipelineTemplate.probability",
						String.valueOf(s.probability())));
			}
			else if (s.probability() < previous) {
				problems.add(new Problem(at + ".probability", "error.pipelineTemplate.probabilityOrder", s.probability(),
						previous));
			}
			else {
				previous = s.probability();
			}
			if (s.expectedDays() == null || s.expectedDays() < 1 || s.expectedDays() > 3650) {
				problems.add(new Problem(at + ".expectedDays", "error.pipelineTemplate.expectedDays",
						String.valueOf(s.expectedDays())));
			}
			List<Requirement> reqs = s.requirementList();
			if (reqs.size() > MAX_REQUIREMENTS) {
				problems.add(new Problem(at + ".requirements", "error.pipelineTemplate.tooManyRequirements",
						MAX_REQUIREMENTS));
			}
			Set<String> reqCodes = new HashSet<>();
			for (int j = 0; j < reqs.size(); j++) {
				requirement(reqs.get(j), at + ".requirements[" + j + "]", reqCodes, scenarios, fileTypes, tenderNodes,
						problems);
			}
		}
		return problems;
	}

	private static void requirement(Requirement r, String at, Set<String> codes, Set<String> scenarios,
			Set<String> fileTypes, Set<String> tenderNodes, List<Problem> problems) {
		if (r == null) {
			problems.add(new Problem(at, "error.required"));
			return;
		}
		if (r.code() == null || !CODE.matcher(r.code()).matches()) {
			problems.add(new Problem(at + ".code", "error.pipelineTemplate.code", String.valueOf(r.code())));
		}
		else if (!codes.add(r.code())) {
			problems.add(new Problem(at + ".code", "error.pipelineTemplate.requirementTwice", r.code()));
		}
		labels(r.labels(), at + ".labels", problems);
		if (r.kind() == null) {
			problems.add(new Problem(at + ".kind", "error.pipelineTemplate.kind"));
			return;
		}
		switch (r.kind()) {
			case FOLLOW_UP_SCENARIO -> {
				if (r.scenario() == null || !scenarios.contains(r.scenario())) {
					problems.add(new Problem(at + ".scenario", "error.pipelineTemplate.scenario",
							String.valueOf(r.scenario()), String.join(", ", scenarios)));
				}
			}
			case DELIVERABLE -> {
				if (r.deliverable() == null || !CODE.matcher(r.deliverable()).matches()) {
					problems.add(new Problem(at + ".deliverable", "error.pipelineTemplate.code",
							String.valueOf(r.deliverable())));
				}
				if (r.fileTypes() == null || r.fileTypes().isEmpty()) {
					problems.add(new Problem(at + ".fileTypes", "error.pipelineTemplate.noFileTypes"));
				}
				else {
					for (String t : r.fileTypes()) {
						if (t == null || !fileTypes.contains(t)) {
							problems.add(new Problem(at + ".fileTypes", "error.pipelineTemplate.fileType",
									String.valueOf(t), String.join(", ", fileTypes)));
						}
					}
				}
			}
			case FIELD_SET -> {
				if (r.field() == null) {
					problems.add(new Problem(at + ".field", "error.pipelineTemplate.field"));
				}
			}
			case TENDER_NODES_DONE -> {
				if (r.node() == null || !CODE.matcher(r.node()).matches()
						|| (tenderNodes != null && !tenderNodes.contains(r.node()))) {
					problems.add(new Problem(at + ".node", "error.pipelineTemplate.node", String.valueOf(r.node()),
							tenderNodes == null ? "" : String.join(", ", tenderNodes)));
				}
			}
			case MEETING_BOOKED, CONTRACT_APPROVED -> {
				// no parameters
			}
		}
	}

	private static void labels(Map<String, String> labels, String field, List<Problem> problems) {
		for (String lang : LANGUAGES) {
			if (labels == null || labels.get(lang) == null || labels.get(lang).isBlank()) {
				problems.add(new Problem(field, "error.pipelineTemplate.labelMissing", lang));
			}
			else if (labels.get(lang).length() > 100) {
				problems.add(new Problem(field, "error.tooLong", 100));
			}
		}
		if (labels != null && !LANGUAGES.containsAll(labels.keySet())) {
			problems.add(new Problem(field, "error.pipelineTemplate.languages"));
		}
	}

	static String label(Map<String, String> labels, Locale locale, String fallback) {
		if (labels == null || labels.isEmpty()) {
			return fallback;
		}
		String zh = labels.get("zh-CN");
		String en = labels.get("en");
		boolean chinese = locale != null && "zh".equals(locale.getLanguage());
		String first = chinese ? zh : en;
		String second = chinese ? en : zh;
		return first != null && !first.isBlank() ? first : second != null && !second.isBlank() ? second : fallback;
	}
}
