package dev.closer.identity;

/** SPEC P1: a DISABLED account owns nothing new (no allocation, claims or ticket routing). */
public enum AccountStatus {
	ACTIVE, DISABLED
}
