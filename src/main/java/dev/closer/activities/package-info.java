/**
 * Follow-ups (SPEC F1, F2): structured records on a lead or a customer (channel; input, action, output,
 * blocker; a next step with a due date), scenario templates with typed required fields (versioned data, P5),
 * "my day" next steps, and the link to the response SLA (a follow-up on an assigned lead is an SLA action).
 * Call transcripts with keyword spotting (F4), the follow-up quality score and manager review queue (F5) and the
 * repeated-topic alarm (F6), with the keyword dictionary and quality rule as versioned data.
 * Depends on customers, leads, identity, notifications and the shared kernel.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Activities")
package dev.closer.activities;
