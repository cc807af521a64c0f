package io.helpdesk.core.spi;

import io.helpdesk.core.model.Assignment;
import io.helpdesk.core.model.Comment;
import io.helpdesk.core.model.Ticket;
import io.helpdesk.core.model.TicketStatus;
import java.util.Objects;

/**
 * A typed notification for one recipient. Each kind carries what its message needs; the ticket is a
 * snapshot taken when the notification job ran.
 */
public sealed interface Notification {

  /**
   * Stable for one notification to one recipient across retries and crashes: pass it on (as a
   * Message-ID, an idempotency header) so receivers can drop duplicates.
   */
  String idempotencyKey();

  Recipient recipient();

  Ticket ticket();

  /** A short machine name of the kind, for logs and metrics: {@code ticket-assigned} etc. */
  String kind();

  /** A key shared by every notification about the same ticket, for threading. */
  default String threadKey() {
    return "ticket-" + ticket().id();
  }

  /** A ticket was assigned to the recipient (a moderator). */
  record TicketAssigned(
      String idempotencyKey, Recipient recipient, Ticket ticket, Assignment assignment)
      implements Notification {
    public TicketAssigned {
      Objects.requireNonNull(idempotencyKey, "idempotencyKey");
      Objects.requireNonNull(recipient, "recipient");
      Objects.requireNonNull(ticket, "ticket");
      Objects.requireNonNull(assignment, "assignment");
    }

    @Override
    public String kind() {
      return "ticket-assigned";
    }
  }

  /** The status of the recipient's ticket changed. */
  record StatusChanged(
      String idempotencyKey,
      Recipient recipient,
      Ticket ticket,
      TicketStatus from,
      TicketStatus to,
      String changedBy)
      implements Notification {
    public StatusChanged {
      Objects.requireNonNull(idempotencyKey, "idempotencyKey");
      Objects.requireNonNull(recipient, "recipient");
      Objects.requireNonNull(ticket, "ticket");
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(changedBy, "changedBy");
    }

    @Override
    public String kind() {
      return "status-changed";
    }
  }

  /**
   * Someone else commented on a ticket the recipient is part of. Never carries an internal note to
   * a requester: the constructor refuses it.
   */
  record CommentAdded(
      String idempotencyKey, Recipient recipient, Ticket ticket, Comment comment, String authorName)
      implements Notification {
    public CommentAdded {
      Objects.requireNonNull(idempotencyKey, "idempotencyKey");
      Objects.requireNonNull(recipient, "recipient");
      Objects.requireNonNull(ticket, "ticket");
      Objects.requireNonNull(comment, "comment");
      Objects.requireNonNull(authorName, "authorName");
      if (comment.internal() && !recipient.role().isStaff()) {
        throw new IllegalArgumentException("internal notes are never sent to requesters");
      }
    }

    @Override
    public String kind() {
      return "comment-added";
    }
  }

  /** No one could be assigned; the recipient (an admin) should triage. */
  record TriageNeeded(String idempotencyKey, Recipient recipient, Ticket ticket, String reason)
      implements Notification {
    public TriageNeeded {
      Objects.requireNonNull(idempotencyKey, "idempotencyKey");
      Objects.requireNonNull(recipient, "recipient");
      Objects.requireNonNull(ticket, "ticket");
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String kind() {
      return "triage-needed";
    }
  }

  /** A job about the ticket failed for good; the recipient (an admin) can retry it. */
  record JobDeadLettered(
      String idempotencyKey,
      Recipient recipient,
      Ticket ticket,
      long jobId,
      JobType jobType,
      String error)
      implements Notification {
    public JobDeadLettered {
      Objects.requireNonNull(idempotencyKey, "idempotencyKey");
      Objects.requireNonNull(recipient, "recipient");
      Objects.requireNonNull(ticket, "ticket");
      Objects.requireNonNull(jobType, "jobType");
      Objects.requireNonNull(error, "error");
    }

    @Override
    public String kind() {
      return "job-dead-lettered";
    }
  }
}
