/**
 * The allocation engine of the leads module (SPEC L4, L5, L6, L8) as a pure domain core: given the
 * facts of one lead, the team's candidates as re-read in the caller's transaction, a versioned
 * {@link dev.closer.leads.internal.allocation.AllocationPolicy} and the decision time, it decides who
 * gets the lead and records why, for every candidate.
 * <p>
 * No Spring, no database, no clock: the module's service layer loads the data, calls
 * {@link dev.closer.leads.internal.allocation.AllocationEngine#decide}, and persists the
 * {@link dev.closer.leads.internal.allocation.AllocationDecision}. The same inputs always give the same
 * decision.
 */
package dev.closer.leads.internal.allocation;
