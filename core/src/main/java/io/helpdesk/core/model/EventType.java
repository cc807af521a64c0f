package io.helpdesk.core.model;

/** What happened to a ticket. Each is written in the same transaction as the change itself. */
public enum EventType {
  CREATED,
  ANALYSIS_REQUESTED,
  ANALYSED,
  ANALYSIS_RETRY_SCHEDULED,
  ASSIGNED,
  TRIAGE_NEEDED,
  STATUS_CHANGED,
  PRIORITY_CHANGED,
  COMMENTED,
  INTERNAL_NOTE_ADDED,
  NOTIFIED,
  NOTIFICATION_FAILED,
  JOB_DEAD_LETTERED,
  JOB_RETRIED
}
