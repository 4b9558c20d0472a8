/**
 * Pipeline (SPEC O1-O7, S3 for opportunities): opportunities on customers (amount in CNY, expected close date,
 * product lines, owner, stage, probability, blocker, won/lost), versioned stage templates per industry, stage
 * gates evaluated as named policies over verifiable evidence (follow-ups from the activities module, deliverable
 * files with checksums, filled fields), manager overrides, dwell per stage, the weekly process-health report, the
 * kanban board and red/yellow for stale opportunities. Depends on activities (evidence), customers, identity,
 * notifications and the shared kernel; nothing depends on it. Tender projects (O6: nodes from a versioned tender
 * template with owners, due dates, deliverables and an escalation ladder) and contract approval (O7: a versioned
 * chain of steps decided in order by role) feed the gate as the requirement kinds TENDER_NODES_DONE and
 * CONTRACT_APPROVED.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Pipeline")
package dev.closer.pipeline;
