package dev.closer.activities.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.core.io.Resource;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import dev.closer.customers.CustomerDirectory;
import dev.closer.leads.LeadActivityLink;
import dev.closer.shared.audit.AuditLog;
import dev.closer.shared.files.FileStore;
import dev.closer.shared.files.FileType;
import dev.closer.shared.files.StoredFile;
import dev.closer.shared.problem.BusinessException;
import dev.closer.shared.problem.NotFoundException;
import dev.closer.shared.security.CurrentUser;
import dev.closer.shared.time.SqlTime;
import tools.jackson.databind.json.JsonMapper;

/**
 * Visit evidence and follow-up files (SPEC F1, F3, P6). A visit's essentials and photos may be completed after
 * it was recorded, by its author (or a manager over them), until the author's daily report for that day is
 * submitted; from then on the day is closed: a visit recorded onto a closed day must come complete. Files are
 * read through the follow-up, so whoever sees the customer or lead sees its files, and nobody else.
 */
@Component
class Visits {

	static final int MAX_FILES = 10;

	static final Set<FileType> ATTACHMENT_TYPES = FileType.ANY;

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final Clock clock;

	private final FileStore files;

	private final ActivityQueries queries;

	private final ScenarioTemplates templates;

	private final CustomerDirectory customers;

	private final LeadActivityLink leads;

	private final AuditLog audit;

	private final dev.closer.identity.UserDirectory users;

	Visits(JdbcClient jdbc, JsonMapper json, Clock clock, FileStore files, ActivityQueries queries,
			ScenarioTemplates templates, CustomerDirectory customers, LeadActivityLink leads, AuditLog audit,
			dev.closer.identity.UserDirectory users) {
		this.users = users;
		this.jdbc = jdbc;
		this.json = json;
		this.clock = clock;
		this.files = files;
		this.queries = queries;
		this.templates = templates;
		this.customers = customers;
		this.leads = leads;
		this.audit = audit;
	}

	void attach(long activityId, StoredFile file, String purpose, CurrentUser actor, Instant now) {
		jdbc.sql("""
				insert into activity_file (activity_id, file_id, purpose, added_at, added_by)
				values (:a, :f, :p, :at, :by)""")
			.param("a", activityId).param("f", file.id()).param("p", purpose).param("at", SqlTime.of(now))
			.param("by", actor.id())
			.update();
	}

	/** Whether the user's daily report for that day is submitted. */
	boolean daySubmitted(long userId, LocalDate day) {
		return jdbc.sql("select count(*) from daily_report where user_id = :u and report_date = :d and status = 'SUBMITTED'")
			.param("u", userId).param("d", day).query(Integer.class).single() > 0;
	}

	/** A visit onto a day whose report is submitted must come complete (the report vouched for that day). */
	void requireOpenDay(long actorId, Instant occurred, ZoneId zone, boolean complete) {
		LocalDate day = LocalDate.ofInstant(occurred, zone);
		if (complete) {
			return;
		}
		// lock the day's report row if there is one, so a concurrent submit waits for this visit (or refuses it)
		boolean submitted = jdbc.sql("select status from daily_report where user_id = :u and report_date = :d for update")
			.param("u", actorId).param("d", day).query(String.class).optional()
			.map("SUBMITTED"::equals).orElse(false);
		if (submitted) {
			throw BusinessException.conflict("error.visit.daySubmitted", day.toString());
		}
	}

	/** The follow-up if the viewer may see its customer or lead; else 404. */
	ActivityView visible(long activityId, CurrentUser viewer) {
		ActivityView view = queries.find(activityId).orElseThrow(() -> new NotFoundException("activity", activityId));
		boolean seen = view.customerId() != null ? customers.find(view.customerId(), viewer).isPresent()
				: leads.subject(view.leadId(), viewer).isPresent();
		if (!seen) {
			throw new NotFoundException("activity", activityId);
		}
		return view;
	}

	/**
	 * Completes a follow-up's evidence: visit essentials (given values replace, blanks are left as they were) and
	 * more photos or attachments. Checked first, then written in one transaction; audited.
	 */
	@Transactional
	public ActivityView amend(long activityId, Map<String, Object> visitValues, Uploads uploads,
			CurrentUser actor, Locale locale) {
		ActivityView view = visible(activityId, actor);
		if (view.actorId() != actor.id() && !actor.isManagerial()) {
			throw BusinessException.conflict("error.visit.notAuthor");
		}
		boolean isVisit = view.visit() != null;
		Map<String, Object> given = new LinkedHashMap<>();
		if (visitValues != null) {
			visitValues.forEach((k, v) -> {
				if (v != null && !String.valueOf(v).isBlank()) {
					given.put(k, v);
				}
			});
		}
		if (!isVisit && (!given.isEmpty() || !uploads.photos().isEmpty())) {
			throw BusinessException.invalidField(uploads.photos().isEmpty() ? "visit" : "photo", "error.activity.visitOnly");
		}
		if (given.isEmpty() && uploads.photos().isEmpty() && uploads.attachments().isEmpty()) {
			throw BusinessException.invalidField("visit", "error.visit.nothing");
		}
		if (view.files().size() + uploads.photos().size() + uploads.attachments().size() > MAX_FILES) {
			throw BusinessException.invalidField("attachments", "error.activity.tooManyFiles", MAX_FILES);
		}
		// lock the follow-up, then check the day is still open (a submit locks the report row first, then reads)
		jdbc.sql("select id from activity where id = :id for update").param("id", activityId).query(Long.class).single();
		LocalDate day = LocalDate.ofInstant(view.occurredAt(), zoneOf(view.actorId(), actor));
		if (daySubmitted(view.actorId(), day)) {
			throw BusinessException.conflict("error.visit.daySubmitted", day.toString());
		}
		Map<String, Object> merged = null;
		if (!given.isEmpty()) {
			Long templateId = jdbc.sql("select visit_template_id from activity where id = :id").param("id", activityId)
				.query(Long.class).optional().orElse(null);
			ScenarioTemplates.Version version = templateId == null ? templates.visit() : templates.byId(templateId);
			Map<String, Object> all = new LinkedHashMap<>(view.visit().values());
			all.putAll(given);
			merged = version.definition().check(all, version.name(locale), locale, false, "visit.");
			jdbc.sql("update activity set visit_values = :v, visit_template_id = :t where id = :id")
				.param("v", json.writeValueAsString(merged)).param("t", version.id()).param("id", activityId).update();
		}
		Instant now = Instant.now(clock);
		for (var photo : uploads.photos()) {
			attach(activityId, files.store(photo, "photo", FileType.IMAGES, actor), "PHOTO", actor, now);
		}
		for (var attachment : uploads.attachments()) {
			attach(activityId, files.store(attachment, "attachments", ATTACHMENT_TYPES, actor), "ATTACHMENT", actor,
					now);
		}
		audit.record("activity", activityId, "amend", isVisit ? view.visit().values() : null, merged == null ? Map.of(
				"files", uploads.photos().size() + uploads.attachments().size()) : merged, null);
		return queries.find(activityId).orElseThrow();
	}

	/** A file of a follow-up the viewer may see (404 otherwise, also for a file of another follow-up). */
	ResponseEntity<Resource> download(long activityId, long fileId, CurrentUser viewer) {
		ActivityView view = visible(activityId, viewer);
		Optional<StoredFile> file = view.files().stream().filter(f -> f.fileId() == fileId).findFirst()
			.flatMap(f -> files.find(fileId));
		return files.download(file.orElseThrow(() -> new NotFoundException("file", fileId)));
	}

	/** The zone the author's day is counted in (their own, whoever amends). */
	private ZoneId zoneOf(long authorId, CurrentUser actor) {
		return authorId == actor.id() ? actor.zoneId()
				: users.find(authorId).map(dev.closer.identity.UserSummary::zoneId).orElse(actor.zoneId());
	}

	List<ActivityFile> filesOf(long activityId) {
		return queries.find(activityId).map(ActivityView::files).orElse(List.of());
	}
}
