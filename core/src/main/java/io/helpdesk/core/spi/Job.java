package io.helpdesk.core.spi;

import io.helpdesk.core.model.TicketId;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A durable job as the store holds it.
 *
 * @param id assigned by the store, increasing
 * @param type the pipeline step
 * @param ticketId the ticket it works on
 * @param payload its parameters
 * @param status queued, running, done or dead
 * @param attempts how many times it has been claimed (since it was last retried by an admin)
 * @param runAt when it is due (queued) or was claimed (running)
 * @param lastError the last failure, for the dead-letter queue
 * @param leaseToken the current claim; completing needs it (fencing against a stale worker)
 * @param leaseExpiresAt after this instant another worker may claim the running job
 * @param createdAt when it was enqueued
 * @param updatedAt when it last changed
 */
public record Job(
    long id,
    JobType type,
    TicketId ticketId,
    Map<String, String> payload,
    JobStatus status,
    int attempts,
    Instant runAt,
    Optional<String> lastError,
    Optional<UUID> leaseToken,
    Optional<Instant> leaseExpiresAt,
    Instant createdAt,
    Instant updatedAt) {
  public Job {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(ticketId, "ticketId");
    payload = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(payload));
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(runAt, "runAt");
    Objects.requireNonNull(lastError, "lastError");
    Objects.requireNonNull(leaseToken, "leaseToken");
    Objects.requireNonNull(leaseExpiresAt, "leaseExpiresAt");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }

  /** The lease token of a claimed job; throws if the job is not running. */
  public UUID lease() {
    return leaseToken.orElseThrow(() -> new IllegalStateException("job " + id + " is not claimed"));
  }
}
