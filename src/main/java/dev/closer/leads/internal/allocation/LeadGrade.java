package dev.closer.leads.internal.allocation;

/** Lead grade (SPEC L3). A = budget confirmed, decision chain known, first contact due within 48 h. */
public enum LeadGrade {
	A, B, C
}
