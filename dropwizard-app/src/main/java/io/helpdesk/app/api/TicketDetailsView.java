package io.helpdesk.app.api;

import io.helpdesk.core.model.Comment;
import io.helpdesk.core.model.EventType;
import io.helpdesk.core.model.TicketDetails;
import io.helpdesk.core.model.TicketEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A ticket with its conversation and history, as the caller may see them (v1). */
public record TicketDetailsView(
    TicketView ticket, List<CommentView> comments, List<EventView> history) {

  /** A comment or (for staff) an internal note. */
  public record CommentView(
      String id, String authorId, String body, boolean internal, Instant createdAt) {
    public static CommentView of(Comment comment) {
      return new CommentView(
          comment.id().toString(),
          comment.author().toString(),
          comment.body(),
          comment.internal(),
          comment.createdAt());
    }
  }

  /** One entry of the ticket's history. */
  public record EventView(
      long id, EventType type, String actorId, Instant at, Map<String, String> data) {
    public static EventView of(TicketEvent event) {
      return new EventView(
          event.id(),
          event.type(),
          event.actor().map(Object::toString).orElse(null),
          event.at(),
          event.data());
    }
  }

  public static TicketDetailsView of(TicketDetails details) {
    return new TicketDetailsView(
        TicketView.of(details.ticket()),
        details.comments().stream().map(CommentView::of).toList(),
        details.history().stream().map(EventView::of).toList());
  }
}
