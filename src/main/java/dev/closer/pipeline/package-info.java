/**
 * Pipeline (SPEC O1-O5, S3 for opportunities): opportunities on customers (amount in CNY, expected close date,
 * product lines, owner, stage, probability, blocker, won/lost), versioned stage templates per industry, stage
 * gates evaluated as named policies over verifiable evidence (follow-ups from the activities module, deliverable
 * files with checksums, filled fields), manager overrides, dwell per stage, the weekly process-health report, the
 * kanban board and red/yellow for stale opportunities. Depends on activities (evidence), customers, identity,
 * notifications and the shared kernel; nothing depends on it. Tenders (O6) and contract approval (O7) are to
 * come as further requirement kinds and stage steps.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Pipeline")
package dev.closer.pipeline;
