package dev.closer.pipeline.internal;

import java.util.List;
import java.util.Locale;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/** Gate checks in the reader's language (SPEC O2: the refusal names what is missing). */
@Component
class Requirements {

	/** One requirement for pages and the API: its policy kind, label, whether satisfied and, if not, why. */
	record Item(String code, String kind, String label, boolean satisfied, String detail) {
	}

	private final MessageSource messages;

	private final dev.closer.activities.FollowUpEvidence evidence;

	private final PipelineRules rules;

	Requirements(MessageSource messages, dev.closer.activities.FollowUpEvidence evidence, PipelineRules rules) {
		this.messages = messages;
		this.evidence = evidence;
		this.rules = rules;
	}

	/** A tender node's name in the reader's language, from the current tender templates (its code if none has it). */
	String nodeName(String code, Locale locale) {
		for (var v : rules.tenderTemplates()) {
			for (TenderTemplate.Node n : v.definition().nodeList()) {
				if (n.code().equals(code)) {
					return n.name(locale);
				}
			}
		}
		return code;
	}

	List<Item> items(List<Gate.Check> checks, Locale locale) {
		return checks.stream().map(c -> item(c, locale)).toList();
	}

	Item item(Gate.Check c, Locale locale) {
		Object[] args = c.args().toArray();
		if ("gate.missing.followUp".equals(c.reason()) && args.length > 0 && args[0] instanceof String code) {
			args[0] = evidence.scenarioName(code, locale); // the scenario as people call it, not its code
		}
		if (c.reason() != null && c.reason().startsWith("gate.missing.tender")) {
			// node codes as people call the nodes: "up to {0}" and the open ones "{2}" (comma-separated codes)
			if (args.length > 0 && args[0] instanceof String code) {
				args[0] = nodeName(code, locale);
			}
			if (args.length > 2 && args[2] instanceof String codes) {
				args[2] = String.join(", ", java.util.Arrays.stream(codes.split(",\\s*")).map(x -> nodeName(x, locale)).toList());
			}
		}
		String detail = c.satisfied() ? null : messages.getMessage(c.reason(), args, c.reason(), locale);
		return new Item(c.code(), c.kind().name(), c.label(locale), c.satisfied(), detail);
	}

	String message(String key, Object[] args, Locale locale) {
		return messages.getMessage(key, args, key, locale);
	}
}
