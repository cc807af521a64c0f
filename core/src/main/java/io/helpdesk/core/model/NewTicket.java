package io.helpdesk.core.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a requester submits. The constructor validates and strips the text, so a {@code NewTicket}
 * that exists is within {@link Limits}.
 */
public record NewTicket(
    String title,
    String description,
    Optional<Priority> requestedPriority,
    Optional<Instant> deadline) {
  public NewTicket {
    title = Limits.requireText("title", title, Limits.MAX_TITLE_LENGTH, false);
    description =
        Limits.requireText("description", description, Limits.MAX_DESCRIPTION_LENGTH, true);
    Objects.requireNonNull(requestedPriority, "requestedPriority");
    Objects.requireNonNull(deadline, "deadline");
    Limits.requireDeadline(deadline);
  }

  public static NewTicket of(String title, String description) {
    return new NewTicket(title, description, Optional.empty(), Optional.empty());
  }
}
