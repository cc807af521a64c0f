package io.helpdesk.app.resources;

import io.helpdesk.core.notifier.MailboxMessage;
import io.helpdesk.core.notifier.MailboxNotifier;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;

/**
 * The dev mailbox: the emails the server would have sent. Only with dev sign-in and without SMTP
 * (the embedded default), and only for signed-in callers.
 */
@Path("/api/v1/dev/mailbox")
@Produces(MediaType.APPLICATION_JSON)
public final class DevMailboxResource {
  private final MailboxNotifier mailbox;

  public DevMailboxResource(MailboxNotifier mailbox) {
    this.mailbox = mailbox;
  }

  /** One email (v1). */
  public record MessageView(
      String to, String kind, String ticketId, String subject, String body, Instant sentAt) {
    static MessageView of(MailboxMessage message) {
      return new MessageView(
          message.to(),
          message.kind(),
          message.ticketId().toString(),
          message.subject(),
          message.body(),
          message.sentAt());
    }
  }

  @GET
  public List<MessageView> messages() {
    return mailbox.messages().stream().map(MessageView::of).toList();
  }
}
