/**
 * Follow-ups (SPEC F1, F2): structured records on a lead or a customer (channel; input, action, output,
 * blocker; a next step with a due date), scenario templates with typed required fields (versioned data, P5),
 * "my day" next steps, and the link to the response SLA (a follow-up on an assigned lead is an SLA action).
 * Depends on customers, leads and the shared kernel.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Activities")
package dev.closer.activities;
