package io.helpdesk.core.model;

import io.helpdesk.core.InvalidInputException;
import java.util.Objects;
import java.util.UUID;

/** Identifies a ticket. Random (UUIDv4), so ids reveal nothing and cannot be guessed. */
public record TicketId(UUID value) {
  public TicketId {
    Objects.requireNonNull(value, "value");
  }

  public static TicketId random() {
    return new TicketId(UUID.randomUUID());
  }

  /** Parses the canonical UUID form; anything else is an {@link InvalidInputException}. */
  public static TicketId parse(String text) {
    return new TicketId(Ids.parseUuid("ticketId", text));
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
