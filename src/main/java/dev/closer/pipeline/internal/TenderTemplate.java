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
 * A tender template (SPEC O6, P5) as stored (JSON, one version per save): names in both languages, the task nodes
 * in order and the escalation ladder for overdue nodes. Each node has names, a due date given as an offset in days
 * from the tender's key date (e.g. the bid opening) or from the tender's creation, the role of its default owner
 * and, optionally, the deliverable it needs with the file types allowed (checked by content). {@link #problems}
 * validates an edited template.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record TenderTemplate(Map<String, String> names, List<Node> nodes, List<Level> escalation) {

	static final int MAX_NODES = 30;

	static final int MAX_LEVELS = 5;

	/** What a node's due date counts from. */
	enum Anchor {
		KEY_DATE, CREATED
	}

	/** Who a ladder level tells. */
	enum Target {
		/** The node's owner. */
		OWNER,
		/** The managers of the owner's team (of the opportunity's team when the owner has none). */
		MANAGER,
		/** The directors of the opportunity's region. */
		DIRECTOR
	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Node(String code, Map<String, String> names, Anchor anchor, Integer offsetDays, Role ownerRole,
			String deliverable, List<String> fileTypes) {

		public String name(Locale locale) {
			return StageTemplate.label(names, locale, code);
		}

		@JsonIgnore
		public boolean needsDeliverable() {
			return deliverable != null && !deliverable.isBlank();
		}
	}

	/** A ladder level: fires {@code afterHours} after the node's due time. */
	record Level(Integer afterHours, Target target) {
	}

	@JsonIgnore
	public List<Node> nodeList() {
		return nodes == null ? List.of() : nodes;
	}

	@JsonIgnore
	public List<Level> ladder() {
		return escalation == null ? List.of() : escalation;
	}

	public String name(Locale locale, String fallback) {
		return StageTemplate.label(names, locale, fallback);
	}

	/**
	 * Everything wrong, in order: names in both languages, 1 to {@value #MAX_NODES} nodes with distinct codes, each
	 * with names, an anchor, an offset of -365 to 365 days, an owner role, and for a deliverable a code and known file
	 * types; 1 to {@value #MAX_LEVELS} ladder levels with hours 0 to 720 strictly increasing and a target.
	 */
	List<StageTemplate.Problem> problems(Set<String> fileTypes) {
		List<StageTemplate.Problem> problems = new ArrayList<>();
		labels(names, "names", problems);
		if (nodes == null || nodes.isEmpty()) {
			problems.add(new StageTemplate.Problem("nodes", "error.tenderTemplate.noNodes"));
		}
		else {
			if (nodes.size() > MAX_NODES) {
				problems.add(new StageTemplate.Problem("nodes", "error.tenderTemplate.tooManyNodes", MAX_NODES));
			}
			Set<String> codes = new HashSet<>();
			for (int i = 0; i < nodes.size(); i++) {
				node(nodes.get(i), "nodes[" + i + "]", codes, fileTypes, problems);
			}
		}
		if (escalation == null || escalation.isEmpty()) {
			problems.add(new StageTemplate.Problem("escalation", "error.tenderTemplate.noLevels"));
		}
		else {
			if (escalation.size() > MAX_LEVELS) {
				problems.add(new StageTemplate.Problem("escalation", "error.tenderTemplate.tooManyLevels", MAX_LEVELS));
			}
			int previous = -1;
			for (int i = 0; i < escalation.size(); i++) {
				Level l = escalation.get(i);
				String at = "escalation[" + i + "]";
				if (l == null) {
					problems.add(new StageTemplate.Problem(at, "error.required"));
					continue;
				}
				if (l.afterHours() == null || l.afterHours() < 0 || l.afterHours() > 720) {
					problems.add(new StageTemplate.Problem(at + ".afterHours", "error.tenderTemplate.hours",
							String.valueOf(l.afterHours())));
				}
				else if (l.afterHours() <= previous) {
					problems.add(new StageTemplate.Problem(at + ".afterHours", "error.tenderTemplate.hoursOrder",
							l.afterHours(), previous));
				}
				else {
					previous = l.afterHours();
				}
				if (l.target() == null) {
					problems.add(new StageTemplate.Problem(at + ".target", "error.tenderTemplate.target"));
				}
			}
		}
		return problems;
	}

	private static void node(Node n, String at, Set<String> codes, Set<String> fileTypes,
			List<StageTemplate.Problem> problems) {
		if (n == null) {
			problems.add(new StageTemplate.Problem(at, "error.required"));
			return;
		}
		if (n.code() == null || !StageTemplate.CODE.matcher(n.code()).matches()) {
			problems.add(new StageTemplate.Problem(at + ".code", "error.pipelineTemplate.code", String.valueOf(n.code())));
		}
		else if (!codes.add(n.code())) {
			problems.add(new StageTemplate.Problem(at + ".code", "error.tenderTemplate.nodeTwice", n.code()));
		}
		labels(n.names(), at + ".names", problems);
		if (n.anchor() == null) {
			problems.add(new StageTemplate.Problem(at + ".anchor", "error.tenderTemplate.anchor"));
		}
		if (n.offsetDays() == null || n.offsetDays() < -365 || n.offsetDays() > 365) {
			problems.add(new StageTemplate.Problem(at + ".offsetDays", "error.tenderTemplate.offset",
					String.valueOf(n.offsetDays())));
		}
		if (n.ownerRole() == null) {
			problems.add(new StageTemplate.Problem(at + ".ownerRole", "error.tenderTemplate.ownerRole"));
		}
		if (n.deliverable() != null) {
			if (!StageTemplate.CODE.matcher(n.deliverable()).matches()) {
				problems.add(new StageTemplate.Problem(at + ".deliverable", "error.pipelineTemplate.code",
						n.deliverable()));
			}
			if (n.fileTypes() == null || n.fileTypes().isEmpty()) {
				problems.add(new StageTemplate.Problem(at + ".fileTypes", "error.pipelineTemplate.noFileTypes"));
			}
			else {
				for (String t : n.fileTypes()) {
					if (t == null || !fileTypes.contains(t)) {
						problems.add(new StageTemplate.Problem(at + ".fileTypes", "error.pipelineTemplate.fileType",
								String.valueOf(t), String.join(", ", fileTypes)));
					}
				}
			}
		}
		else if (n.fileTypes() != null && !n.fileTypes().isEmpty()) {
			problems.add(new StageTemplate.Problem(at + ".deliverable", "error.tenderTemplate.typesWithoutDeliverable"));
		}
	}

	static void labels(Map<String, String> labels, String field, List<StageTemplate.Problem> problems) {
		for (String lang : StageTemplate.LANGUAGES) {
			if (labels == null || labels.get(lang) == null || labels.get(lang).isBlank()) {
				problems.add(new StageTemplate.Problem(field, "error.pipelineTemplate.labelMissing", lang));
			}
			else if (labels.get(lang).length() > 100) {
				problems.add(new StageTemplate.Problem(field, "error.tooLong", 100));
			}
		}
		if (labels != null && !StageTemplate.LANGUAGES.containsAll(labels.keySet())) {
			problems.add(new StageTemplate.Problem(field, "error.pipelineTemplate.languages"));
		}
	}
}
