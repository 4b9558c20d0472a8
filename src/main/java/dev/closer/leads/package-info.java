/**
 * Leads (SPEC L1-L8): intake from API, form, import and hand; dedupe; A/B/C grading by versioned
 * rules; explainable allocation to the best eligible rep; the public pool. Depends on identity,
 * notifications and the shared kernel.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Leads")
package dev.closer.leads;
