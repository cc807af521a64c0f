package io.helpdesk.core.spi;

import io.helpdesk.core.model.NewTicket;
import io.helpdesk.core.model.Priority;
import io.helpdesk.core.model.Ticket;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What an analyzer sees of a ticket. Everything but {@code now} comes from the requester and is
 * untrusted.
 *
 * @param title the title
 * @param description the description
 * @param requestedPriority what the requester asked for (an opinion)
 * @param deadline the requester's deadline
 * @param now the engine's clock at the time of the request (to judge how near the deadline is)
 */
public record AnalysisRequest(
    String title,
    String description,
    Optional<Priority> requestedPriority,
    Optional<Instant> deadline,
    Instant now) {
  public AnalysisRequest {
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(requestedPriority, "requestedPriority");
    Objects.requireNonNull(deadline, "deadline");
    Objects.requireNonNull(now, "now");
  }

  public static AnalysisRequest of(Ticket ticket, Instant now) {
    return new AnalysisRequest(
        ticket.title(), ticket.description(), ticket.requestedPriority(), ticket.deadline(), now);
  }

  public static AnalysisRequest of(NewTicket draft, Instant now) {
    return new AnalysisRequest(
        draft.title(), draft.description(), draft.requestedPriority(), draft.deadline(), now);
  }
}
