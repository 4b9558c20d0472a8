package dev.closer.activities.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * A recorded follow-up. {@code shown} lists the template's fields with their labels in the reader's language;
 * {@code nextStepOpen} is false once a later follow-up on the same subject has superseded the next step.
 */
record ActivityView(long id, Long customerId, Long leadId, Long contactId, String contactName, String subjectName,
		String channel, String input, String action, String output, String blocker, String templateCode,
		Integer templateVersion, String templateName, Map<String, Object> fields, List<Shown> shown, String nextStep,
		LocalDate nextStepDue, boolean nextStepOpen, Instant occurredAt, Instant createdAt, long actorId,
		String actorName, Long ownerId, long teamId, VisitInfo visit, List<ActivityFile> files) {

	/** The same follow-up with its files. */
	ActivityView withFiles(List<ActivityFile> attached) {
		return new ActivityView(id, customerId, leadId, contactId, contactName, subjectName, channel, input, action,
				output, blocker, templateCode, templateVersion, templateName, fields, shown, nextStep, nextStepDue,
				nextStepOpen, occurredAt, createdAt, actorId, actorName, ownerId, teamId,
				visit == null ? null : visit.withPhotos((int) attached.stream().filter(ActivityFile::photo).count()),
				attached);
	}

	public List<ActivityFile> photos() {
		return files.stream().filter(ActivityFile::photo).toList();
	}

	public List<ActivityFile> attachments() {
		return files.stream().filter(f -> !f.photo()).toList();
	}

	/** A template field as read: label and value. */
	record Shown(String name, String label, String value) {
	}

	/** The page of its customer or lead. */
	public String link() {
		return customerId != null ? "/customers/" + customerId : "/leads/" + leadId;
	}

	/** The form for the next follow-up on the same subject. */
	public String recordLink() {
		return customerId != null ? "/activities/new?customerId=" + customerId : "/activities/new?leadId=" + leadId;
	}
}
