package io.helpdesk.app.api;

import io.helpdesk.core.spi.Job;
import java.time.Instant;

/** A job of the pipeline, as admins see it in the dead-letter queue (v1). */
public record JobView(
    long id,
    String type,
    String ticketId,
    String status,
    int attempts,
    String lastError,
    Instant runAt,
    Instant createdAt,
    Instant updatedAt) {
  public static JobView of(Job job) {
    return new JobView(
        job.id(),
        job.type().name(),
        job.ticketId().toString(),
        job.status().name(),
        job.attempts(),
        job.lastError().orElse(null),
        job.runAt(),
        job.createdAt(),
        job.updatedAt());
  }
}
