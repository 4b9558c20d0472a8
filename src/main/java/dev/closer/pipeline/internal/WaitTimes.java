package dev.closer.pipeline.internal;

import java.util.Locale;

import org.springframework.stereotype.Component;

/** Waiting times in words for pages (SPEC O7: each step's time is visible), e.g. "2 h 10 min" / "2 小时 10 分钟". */
@Component("waitTimes")
class WaitTimes {

	public String text(Long seconds, Locale locale) {
		if (seconds == null) {
			return "";
		}
		boolean zh = locale != null && "zh".equals(locale.getLanguage());
		long s = Math.max(0, seconds);
		long days = s / 86_400;
		long hours = s % 86_400 / 3_600;
		long minutes = s % 3_600 / 60;
		if (days > 0) {
			return zh ? days + " 天 " + hours + " 小时" : days + " d " + hours + " h";
		}
		if (hours > 0) {
			return zh ? hours + " 小时 " + minutes + " 分钟" : hours + " h " + minutes + " min";
		}
		return zh ? minutes + " 分钟" : minutes + " min";
	}
}
