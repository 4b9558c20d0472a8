package dev.closer.activities.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.multipart.MultipartFile;

import dev.closer.activities.FollowUpRecorded;
import dev.closer.customers.ContactRef;
import dev.closer.customers.CustomerDirectory;
import dev.closer.customers.CustomerRef;
import dev.closer.leads.LeadActivityLink;
import dev.closer.leads.LeadSnapshot;
import dev.closer.shared.files.FileStore;
import dev.closer.shared.files.FileType;
import dev.closer.shared.problem.BusinessException;
import dev.closer.shared.problem.Fields;
import dev.closer.shared.problem.NotFoundException;
import dev.closer.shared.security.CurrentUser;
import dev.closer.shared.time.SqlTime;
import tools.jackson.databind.json.JsonMapper;

/**
 * Records follow-ups (SPEC F1, F2) in one transaction: every check first (subject in scope, channel, the four
 * elements, the template's fields, next step), then the row, the earlier open next steps on the same subject
 * closed (the plan moved on), and, on an assigned lead, the SLA action (S1-S4) through the leads module.
 * A refusal writes nothing.
 */
@Service
class ActivityService {

	static final int TEXT_MAX = 2000;

	static final int NEXT_MAX = 500;

	/** A follow-up may be entered a little ahead of the server clock (phones' clocks drift), never later. */
	static final Duration FUTURE_SLACK = Duration.ofMinutes(5);

	static final Duration OLDEST = Duration.ofDays(365);

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final Clock clock;

	private final CustomerDirectory customers;

	private final LeadActivityLink leads;

	private final ScenarioTemplates templates;

	private final ActivityQueries queries;

	private final FileStore files;

	private final Visits visits;
	private final FollowUpQuality quality;

	private final ApplicationEventPublisher events;

	ActivityService(JdbcClient jdbc, JsonMapper json, Clock clock, CustomerDirectory customers, LeadActivityLink leads,
			ScenarioTemplates templates, ActivityQueries queries, FileStore files, Visits visits,
			FollowUpQuality quality, ApplicationEventPublisher events) {
		this.quality = quality;
		this.events = events;
		this.files = files;
		this.visits = visits;
		this.jdbc = jdbc;
		this.json = json;
		this.clock = clock;
		this.customers = customers;
		this.leads = leads;
		this.templates = templates;
		this.queries = queries;
	}

	/** The subject of a follow-up as checked. */
	private record Subject(Long customerId, Long leadId, String name, Long ownerId, long teamId) {
	}

	@Transactional
	public ActivityView record(ActivityRequest r, CurrentUser actor, Locale locale) {
		return record(r, actor, locale, Uploads.NONE);
	}

	/**
	 * Records a follow-up with its files in one transaction: a refused file (type by content, size) refuses the
	 * whole follow-up and nothing is kept.
	 */
	@Transactional
	public ActivityView record(ActivityRequest r, CurrentUser actor, Locale locale, Uploads uploads) {
		if (r == null) {
			throw BusinessException.invalidField("customerId", "error.activity.subject");
		}
		Subject subject = subject(r, actor);
		String contactName = contact(r, subject);
		Channel channel = Channel.parse(r.channel())
			.orElseThrow(() -> BusinessException.invalidField("channel", "error.activity.channel", String.valueOf(r.channel())));
		String input = Fields.optional("input", r.input(), TEXT_MAX);
		String action = Fields.optional("action", r.action(), TEXT_MAX);
		if (action == null) {
			throw BusinessException.invalidField("action", "error.activity.actionRequired");
		}
		String output = Fields.optional("output", r.output(), TEXT_MAX);
		String blocker = Fields.optional("blocker", r.blocker(), TEXT_MAX);

		ScenarioTemplates.Version template = null;
		Map<String, Object> values = null;
		if (r.templateCode() != null && !r.templateCode().isBlank()) {
			template = templates.current(r.templateCode().strip())
				.filter(t -> t.definition().enabled() && !ScenarioTemplates.VISIT.equals(t.code()))
				.orElseThrow(() -> BusinessException.invalidField("templateCode", "error.activity.templateUnknown",
						r.templateCode()));
			values = template.definition().check(r.fields(), template.name(locale), locale);
		}
		else if (r.fields() != null && !r.fields().isEmpty()) {
			throw BusinessException.invalidField("templateCode", "error.activity.fieldsWithoutTemplate");
		}

		Map<String, Object> visitValues = null;
		ScenarioTemplates.Version visitTemplate = null;
		if (channel == Channel.VISIT) {
			visitTemplate = templates.visit();
			visitValues = visitTemplate.definition().check(r.visit(), visitTemplate.name(locale), locale, false, "visit.");
		}
		else if (r.visit() != null && !r.visit().isEmpty()) {
			throw BusinessException.invalidField("visit", "error.activity.visitOnly");
		}
		if (channel != Channel.VISIT && !uploads.photos().isEmpty()) {
			throw BusinessException.invalidField("photo", "error.activity.visitOnly");
		}
		if (uploads.photos().size() + uploads.attachments().size() > Visits.MAX_FILES) {
			throw BusinessException.invalidField("attachments", "error.activity.tooManyFiles", Visits.MAX_FILES);
		}

		Instant now = Instant.now(clock);
		String nextStep = Fields.optional("nextStep", r.nextStep(), NEXT_MAX);
		LocalDate due = r.nextStepDue();
		if (nextStep != null && due == null) {
			throw BusinessException.invalidField("nextStepDue", "error.activity.dueRequired");
		}
		if (nextStep == null && due != null) {
			throw BusinessException.invalidField("nextStep", "error.activity.nextStepRequired");
		}
		LocalDate today = LocalDate.ofInstant(now, actor.zoneId());
		if (due != null && due.isBefore(today)) {
			throw BusinessException.invalidField("nextStepDue", "error.activity.duePast", today.toString());
		}
		if (due != null && due.isAfter(today.plusYears(2))) {
			throw BusinessException.invalidField("nextStepDue", "error.activity.dueFar");
		}
		Instant occurred = r.occurredAt() == null ? now : r.occurredAt();
		if (occurred.isAfter(now.plus(FUTURE_SLACK))) {
			throw BusinessException.invalidField("occurredAt", "error.activity.future");
		}
		if (occurred.isBefore(now.minus(OLDEST))) {
			throw BusinessException.invalidField("occurredAt", "error.activity.tooOld");
		}

		if (channel == Channel.VISIT) {
			visits.requireOpenDay(actor.id(), occurred, actor.zoneId(),
					visitTemplate.definition().fieldList().stream()
						.allMatch(f -> !f.mandatory() || visitValuesHas(f.name(), r.visit()))
							&& !uploads.photos().isEmpty());
		}

		var keys = new GeneratedKeyHolder();
		jdbc.sql("""
				insert into activity (customer_id, lead_id, contact_id, contact_name, subject_name, channel, input_text,
				  action_text, output_text, blocker, template_id, template_code, template_version, field_values,
				  visit_template_id, visit_values, next_step, next_due_on, occurred_at, created_at, actor_id, owner_id,
				  team_id)
				values (:customer, :lead, :contact, :contactName, :subject, :channel, :input, :action, :output, :blocker,
				  :tid, :tcode, :tversion, :fields, :vid, :visit, :next, :due, :occurred, :now, :actor, :owner, :team)""")
			.param("customer", subject.customerId()).param("lead", subject.leadId()).param("contact", r.contactId())
			.param("contactName", contactName).param("subject", subject.name()).param("channel", channel.name())
			.param("input", input).param("action", action).param("output", output).param("blocker", blocker)
			.param("tid", template == null ? null : template.id())
			.param("tcode", template == null ? null : template.code())
			.param("tversion", template == null ? null : template.version())
			.param("fields", values == null ? null : json.writeValueAsString(values))
			.param("vid", visitTemplate == null ? null : visitTemplate.id())
			.param("visit", visitValues == null ? null : json.writeValueAsString(visitValues))
			.param("next", nextStep).param("due", due).param("occurred", SqlTime.of(occurred))
			.param("now", SqlTime.of(now)).param("actor", actor.id()).param("owner", subject.ownerId())
			.param("team", subject.teamId())
			.update(keys, "id");
		long id = keys.getKeyAs(Long.class);
		for (MultipartFile photo : uploads.photos()) {
			visits.attach(id, files.store(photo, "photo", FileType.IMAGES, actor), "PHOTO", actor, now);
		}
		for (MultipartFile attachment : uploads.attachments()) {
			visits.attach(id, files.store(attachment, "attachments", Visits.ATTACHMENT_TYPES, actor), "ATTACHMENT",
					actor, now);
		}
		// the follow-up plan moved on: earlier open next steps on this subject are done
		String sameSubject = subject.customerId() != null ? "customer_id = :s" : "lead_id = :s";
		jdbc.sql("update activity set next_closed_at = :now, next_closed_by = :id where " + sameSubject
				+ " and id <> :id and next_due_on is not null and next_closed_at is null")
			.param("now", SqlTime.of(now)).param("id", id)
			.param("s", subject.customerId() != null ? subject.customerId() : subject.leadId()).update();
		if (subject.customerId() != null) {
			customers.activityRecorded(subject.customerId(), occurred);
		}
		else {
			String note = "#" + id + " " + action + (output == null ? "" : " → " + output);
			leads.followUpRecorded(subject.leadId(), channel.name(), output != null, note, actor);
		}
		quality.recorded(id); // F5 score, F6 topics and alarm
		events.publishEvent(new FollowUpRecorded(id, subject.customerId(), subject.leadId(), channel.name(), occurred,
				actor.id()));
		return queries.find(id).orElseThrow();
	}

	private Subject subject(ActivityRequest r, CurrentUser actor) {
		if ((r.customerId() == null) == (r.leadId() == null)) {
			throw BusinessException.invalidField(r.customerId() == null ? "customerId" : "leadId",
					"error.activity.subject");
		}
		if (r.customerId() != null) {
			CustomerRef c = customers.find(r.customerId(), actor)
				.orElseThrow(() -> new NotFoundException("customer", r.customerId()));
			return new Subject(c.id(), null, c.name(), c.ownerId(), c.teamId());
		}
		LeadSnapshot lead = leads.subject(r.leadId(), actor).orElseThrow(() -> new NotFoundException("lead", r.leadId()));
		if (!lead.assigned()) {
			throw BusinessException.conflict("error.activity.leadNotOpen");
		}
		return new Subject(null, lead.id(), cut(lead.label(), 300), lead.ownerId(), lead.teamId());
	}

	private String contact(ActivityRequest r, Subject subject) {
		if (r.contactId() == null) {
			return null;
		}
		if (subject.customerId() == null) {
			throw BusinessException.invalidField("contactId", "error.activity.contactUnknown", String.valueOf(r.contactId()));
		}
		return customers.contacts(subject.customerId()).stream()
			.filter(c -> c.id() == r.contactId())
			.map(ContactRef::name)
			.findFirst()
			.orElseThrow(() -> BusinessException.invalidField("contactId", "error.activity.contactUnknown", String.valueOf(r.contactId())));
	}


	private static boolean visitValuesHas(String name, Map<String, Object> given) {
		Object v = given == null ? null : given.get(name);
		return v != null && !String.valueOf(v).isBlank();
	}

	private static String cut(String s, int max) {
		return s == null ? "" : s.length() > max ? s.substring(0, max) : s;
	}
}
