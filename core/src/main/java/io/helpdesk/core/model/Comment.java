package io.helpdesk.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A message on a ticket. Public comments are the conversation between requester and staff; internal
 * notes ({@code internal == true}) are visible to staff only and never reach a requester, not even
 * by email.
 */
public record Comment(
    CommentId id,
    TicketId ticketId,
    MemberId author,
    String body,
    boolean internal,
    Instant createdAt) {
  public Comment {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(ticketId, "ticketId");
    Objects.requireNonNull(author, "author");
    body = Limits.requireText("body", body, Limits.MAX_COMMENT_LENGTH, true);
    Objects.requireNonNull(createdAt, "createdAt");
  }
}
