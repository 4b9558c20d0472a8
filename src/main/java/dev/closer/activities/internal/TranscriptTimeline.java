package dev.closer.activities.internal;

import java.util.ArrayList;
import java.util.List;

import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

import dev.closer.customers.CustomerTimelineSource;

/**
 * Call transcripts with their timestamped topic summary (SPEC F4) and repeated-topic alarms (F6) on the customer's
 * timeline.
 */
@Component
class TranscriptTimeline implements CustomerTimelineSource {

	private final TranscriptQueries transcripts;

	private final TopicAlarms alarms;

	TranscriptTimeline(TranscriptQueries transcripts, TopicAlarms alarms) {
		this.transcripts = transcripts;
		this.alarms = alarms;
	}

	@Override
	public List<Entry> timeline(long customerId, List<Long> leadIds, int limit) {
		List<Entry> entries = new ArrayList<>();
		transcripts.of(customerId, limit, LocaleContextHolder.getLocale())
			.forEach(t -> entries.add(new Entry(t.occurredAt(), "activities/transcripts :: entry", t)));
		alarms.of(customerId, LocaleContextHolder.getLocale())
			.forEach(a -> entries.add(new Entry(a.raisedAt(), "activities/transcripts :: alarm", a)));
		entries.sort((a, b) -> b.at().compareTo(a.at()));
		return entries.size() > limit ? entries.subList(0, limit) : entries;
	}
}
