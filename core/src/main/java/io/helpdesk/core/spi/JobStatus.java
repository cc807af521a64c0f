package io.helpdesk.core.spi;

/** Where a job is in its life: queued, running under a lease, done, or dead-lettered. */
public enum JobStatus {
  QUEUED,
  RUNNING,
  DONE,
  DEAD
}
