package dev.closer.activities.internal;

import java.util.HashMap;
import java.util.Map;

import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

import dev.closer.shared.security.CurrentUser;
import dev.closer.shared.web.MyDaySection;

/** "My day": today's daily report (SPEC F3): its status and the visits still lacking evidence. */
@Component
class DailyReportMyDaySection implements MyDaySection {

	private final DailyReports reports;

	DailyReportMyDaySection(DailyReports reports) {
		this.reports = reports;
	}

	@Override
	public int order() {
		return 16;
	}

	@Override
	public String fragment() {
		return "activities/my-day :: dailyReport";
	}

	@Override
	public Map<String, Object> model(CurrentUser user) {
		DailyReports.Report report = reports.mine(user, null, LocaleContextHolder.getLocale());
		Map<String, Object> model = new HashMap<>();
		model.put("dailyReport", report);
		return model;
	}
}
