package dev.closer.notifications.internal;

/** What an external channel sends: a subject line, the text, and an absolute link (or null). */
record OutgoingMessage(String subject, String body, String url) {
}
