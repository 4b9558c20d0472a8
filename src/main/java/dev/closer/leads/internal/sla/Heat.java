package dev.closer.leads.internal.sla;

/** Red/yellow (SPEC S3): how long a lead has gone without any update. */
public enum Heat {
	NONE, YELLOW, RED
}
