package io.helpdesk.core.notifier;

import io.helpdesk.core.model.TicketId;
import java.time.Instant;
import java.util.Objects;

/**
 * One message in the {@link MailboxNotifier}: an email the server would have sent.
 *
 * @param idempotencyKey the notification's key; the mailbox holds at most one message per key
 * @param to the recipient's email address
 * @param recipientName the recipient's display name
 * @param kind the notification's kind, for example {@code ticket-assigned}
 * @param ticketId the ticket it is about
 * @param subject one clean line (see {@link NotificationText})
 * @param body plain text; untrusted where it quotes ticket text, so escape it for HTML
 * @param sentAt when the mailbox received it, by the mailbox's clock
 * @since 0.1
 */
public record MailboxMessage(
    String idempotencyKey,
    String to,
    String recipientName,
    String kind,
    TicketId ticketId,
    String subject,
    String body,
    Instant sentAt) {
  public MailboxMessage {
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(recipientName, "recipientName");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(ticketId, "ticketId");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(sentAt, "sentAt");
  }
}
