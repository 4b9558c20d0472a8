package dev.closer.activities.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonAlias;

/**
 * A call transcript to attach to a customer (SPEC F4), in the shape WeCom / DingTalk / ASR exports give.
 * @param source WECOM, DINGTALK, FEISHU, ASR or OTHER (default ASR)
 * @param callId the exporting system's id of the call (optional)
 * @param contactId the customer's contact on the call (optional; their name then marks the customer's side)
 * @param occurredAt when the call started (default now)
 * @param segments the utterances in time order
 */
record TranscriptRequest(String source, String callId, Long contactId, Instant occurredAt, List<Segment> segments) {

	/**
	 * One utterance.
	 * @param start seconds from the start of the call (a number, or "12.5") or a clock "hh:mm:ss(.fff)" / "mm:ss"
	 * @param end the same, optional
	 * @param speaker who spoke: "客户" / "customer" (the customer's side), "销售" / "sales", or a name
	 * @param side CUSTOMER or SALES when the export says so (optional; wins over the speaker label)
	 * @param text what was said
	 */
	record Segment(@JsonAlias({ "startTime", "start_time", "begin", "bg", "from" }) Object start,
			@JsonAlias({ "endTime", "end_time", "ed", "to" }) Object end,
			@JsonAlias({ "speakerName", "speaker_name", "spk" }) String speaker, String side,
			@JsonAlias({ "content", "sentence", "onebest", "words" }) String text) {
	}

	private static final Pattern SECONDS = Pattern.compile("^\\d+(?:[.,]\\d+)?$");

	private static final Pattern CLOCK = Pattern.compile("^(?:(\\d{1,2}):)?(\\d{1,2}):(\\d{1,2})(?:[.,](\\d{1,3}))?$");

	/** Longest call accepted: a day. */
	static final long MAX_MS = 24L * 3600 * 1000;

	/**
	 * A segment time in milliseconds; null when absent. A negative value gives -1, anything unreadable -2, above a
	 * day -3.
	 */
	static Long millis(Object value) {
		if (value == null || (value instanceof String s && s.isBlank())) {
			return null;
		}
		BigDecimal seconds;
		if (value instanceof Number n) {
			seconds = new BigDecimal(n.toString());
		}
		else if (value instanceof String s) {
			String t = s.strip();
			if (t.startsWith("-")) {
				return -1L;
			}
			if (SECONDS.matcher(t).matches()) {
				seconds = new BigDecimal(t.replace(',', '.'));
			}
			else {
				Matcher m = CLOCK.matcher(t);
				if (!m.matches()) {
					return -2L;
				}
				int h = m.group(1) == null ? 0 : Integer.parseInt(m.group(1));
				int min = Integer.parseInt(m.group(2));
				int sec = Integer.parseInt(m.group(3));
				if (min > 59 || sec > 59) {
					return -2L;
				}
				String frac = m.group(4) == null ? "0" : (m.group(4) + "00").substring(0, 3);
				return ((h * 60L + min) * 60 + sec) * 1000 + Integer.parseInt(frac);
			}
		}
		else {
			return -2L;
		}
		if (seconds.signum() < 0) {
			return -1L;
		}
		if (seconds.compareTo(BigDecimal.valueOf(MAX_MS / 1000)) > 0) {
			return -3L;
		}
		return seconds.movePointRight(3).setScale(0, java.math.RoundingMode.HALF_UP).longValueExact();
	}

	/** Milliseconds as "mm:ss" (or "h:mm:ss" from an hour on). */
	static String clock(long ms) {
		long s = ms / 1000;
		return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
				: String.format("%02d:%02d", s / 60, s % 60);
	}
}
