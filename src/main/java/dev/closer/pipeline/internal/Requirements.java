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

	Requirements(MessageSource messages, dev.closer.activities.FollowUpEvidence evidence) {
		this.messages = messages;
		this.evidence = evidence;
	}

	List<Item> items(List<Gate.Check> checks, Locale locale) {
		return checks.stream().map(c -> item(c, locale)).toList();
	}

	Item item(Gate.Check c, Locale locale) {
		Object[] args = c.args().toArray();
		if ("gate.missing.followUp".equals(c.reason()) && args.length > 0 && args[0] instanceof String code) {
			args[0] = evidence.scenarioName(code, locale); // the scenario as people call it, not its code
		}
		String detail = c.satisfied() ? null : messages.getMessage(c.reason(), args, c.reason(), locale);
		return new Item(c.code(), c.kind().name(), c.label(locale), c.satisfied(), detail);
	}

	String message(String key, Object[] args, Locale locale) {
		return messages.getMessage(key, args, key, locale);
	}
}
