package io.helpdesk.testkit;

import io.helpdesk.core.model.Analysis;
import io.helpdesk.core.model.Comment;
import io.helpdesk.core.model.CommentId;
import io.helpdesk.core.model.Member;
import io.helpdesk.core.model.MemberId;
import io.helpdesk.core.model.Priority;
import io.helpdesk.core.model.Ticket;
import io.helpdesk.core.model.TicketId;
import io.helpdesk.core.model.TicketStatus;
import io.helpdesk.core.spi.JobType;
import io.helpdesk.core.spi.Notification;
import io.helpdesk.core.spi.Recipient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Sample notifications of every kind, for notifier contract tests and adapters' own tests. Each
 * call makes fresh members, ticket and idempotency keys.
 */
public final class Notifications {
  /** The instant every sample is stamped with: 2026-01-05T09:00:00Z. */
  public static final Instant AT = Instant.parse("2026-01-05T09:00:00Z");

  /** A title that tries header injection and script injection at once. */
  public static final String HOSTILE_TITLE =
      "Hi\r\nBcc: evil@example.com\r\n\r\n<script>alert('x')</script> & \"quotes\"";

  private Notifications() {}

  /**
   * One notification of each kind about a ticket titled {@code title}, to five different people.
   */
  public static List<Notification> sampleOfEachKind(String title) {
    Ticket ticket = sampleTicket(title);
    return List.of(
        sampleTicketAssigned(ticket),
        sampleStatusChanged(ticket),
        sampleCommentAdded(ticket),
        sampleTriageNeeded(ticket),
        sampleJobDeadLettered(ticket));
  }

  /**
   * An analysed, assigned ticket with a deadline. The title is taken as is, without the checks a
   * new ticket gets, so tests can feed hostile text (stored data may predate today's checks).
   */
  public static Ticket sampleTicket(String title) {
    Member requester = TestData.requester("Rita Requester", AT);
    Analysis analysis =
        new Analysis(
            Priority.HIGH,
            List.copyOf(TestData.skills("react")),
            "Probably the <b>cache</b>; check the CDN.\r\nSecond line.",
            "keyword",
            AT,
            false);
    return new Ticket(
        TicketId.random(),
        title,
        "The page is blank after login.\n<img src=x onerror=alert(1)>",
        requester.id(),
        Optional.of(Priority.MEDIUM),
        Optional.of(AT.plus(Duration.ofDays(1))),
        TicketStatus.TODO,
        Optional.empty(),
        Optional.of(analysis),
        Optional.of(TestData.engineAssignment(MemberId.random(), AT)),
        false,
        1,
        AT,
        AT,
        Optional.empty());
  }

  public static Notification.TicketAssigned sampleTicketAssigned(Ticket ticket) {
    Member moderator = TestData.moderator("Mona Moderator", 5, AT, "react");
    return new Notification.TicketAssigned(
        key("assigned"),
        Recipient.of(moderator),
        ticket,
        TestData.engineAssignment(moderator.id(), AT));
  }

  public static Notification.StatusChanged sampleStatusChanged(Ticket ticket) {
    Member requester = TestData.requester("Rita Requester", AT);
    return new Notification.StatusChanged(
        key("status"),
        Recipient.of(requester),
        ticket.withStatus(TicketStatus.IN_PROGRESS, AT),
        TicketStatus.TODO,
        TicketStatus.IN_PROGRESS,
        "Mona Moderator");
  }

  public static Notification.CommentAdded sampleCommentAdded(Ticket ticket) {
    Member requester = TestData.requester("Rita Requester", AT);
    Comment comment =
        new Comment(
            CommentId.random(),
            ticket.id(),
            MemberId.random(),
            "Could you try clearing the cache?\n<script>alert(2)</script>",
            false,
            AT);
    return new Notification.CommentAdded(
        key("comment"), Recipient.of(requester), ticket, comment, "Mona Moderator");
  }

  public static Notification.TriageNeeded sampleTriageNeeded(Ticket ticket) {
    Member admin = TestData.admin("Ada Admin", AT);
    return new Notification.TriageNeeded(
        key("triage"),
        Recipient.of(admin),
        ticket,
        "no active moderator with room has kubernetes or helm");
  }

  public static Notification.JobDeadLettered sampleJobDeadLettered(Ticket ticket) {
    Member admin = TestData.admin("Abe Admin", AT);
    return new Notification.JobDeadLettered(
        key("dead"),
        Recipient.of(admin),
        ticket,
        42,
        JobType.NOTIFY,
        "SMTP 421 try again later\r\nX-Injected: yes");
  }

  private static String key(String kind) {
    return "test-" + kind + "-" + UUID.randomUUID();
  }
}
