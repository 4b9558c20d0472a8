package dev.closer.leads;

/** Lead grade (SPEC L3). A leads get the tightest response ladder. */
public enum Grade {
	A, B, C
}
