package io.helpdesk.core.spi;

import io.helpdesk.core.model.TicketId;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A job to enqueue, always in the same transaction as the change that causes it (transactional
 * outbox).
 *
 * @param type the pipeline step
 * @param ticketId the ticket it works on
 * @param payload small string parameters (for a notification: its kind and recipient)
 * @param runAt when it becomes due
 */
public record NewJob(JobType type, TicketId ticketId, Map<String, String> payload, Instant runAt) {
  public NewJob {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(ticketId, "ticketId");
    payload = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(payload));
    Objects.requireNonNull(runAt, "runAt");
  }
}
