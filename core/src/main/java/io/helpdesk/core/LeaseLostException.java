package io.helpdesk.core;

/**
 * A worker tried to finish a job whose lease it no longer holds (the lease expired and another
 * worker claimed the job). The worker's transaction is rolled back; the other worker's result
 * counts.
 *
 * @since 0.1
 */
public final class LeaseLostException extends HelpdeskException {
  private static final long serialVersionUID = 1L;
  private final long jobId;

  public LeaseLostException(long jobId) {
    super("lease on job " + jobId + " was lost to another worker");
    this.jobId = jobId;
  }

  public long jobId() {
    return jobId;
  }
}
