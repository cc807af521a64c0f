package io.helpdesk.core.notifier;

import io.helpdesk.core.model.Analysis;
import io.helpdesk.core.model.Assignment;
import io.helpdesk.core.model.AssignmentSource;
import io.helpdesk.core.model.Comment;
import io.helpdesk.core.model.CommentId;
import io.helpdesk.core.model.MemberId;
import io.helpdesk.core.model.Priority;
import io.helpdesk.core.model.Role;
import io.helpdesk.core.model.Skill;
import io.helpdesk.core.model.Ticket;
import io.helpdesk.core.model.TicketId;
import io.helpdesk.core.model.TicketStatus;
import io.helpdesk.core.spi.JobType;
import io.helpdesk.core.spi.Notification;
import io.helpdesk.core.spi.Recipient;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Notifications for core's own tests (the testkit depends on core, so core cannot use it). */
final class SampleNotifications {
  static final Instant AT = Instant.parse("2026-01-05T09:00:00Z");
  static final Recipient MODERATOR =
      recipient("Mona Moderator", "mona@example.com", Role.MODERATOR);
  static final Recipient REQUESTER = recipient("Rita Requester", "rita@example.com", Role.USER);
  static final Recipient ADMIN = recipient("Ada Admin", "ada@example.com", Role.ADMIN);

  private SampleNotifications() {}

  static Ticket ticket(String title) {
    Analysis analysis =
        new Analysis(
            Priority.HIGH,
            List.of(Skill.of("react"), Skill.of("api")),
            "Check the CDN cache.",
            "keyword",
            AT,
            false);
    return new Ticket(
        TicketId.random(),
        title,
        "The page is blank after login.",
        MemberId.random(),
        Optional.of(Priority.LOW),
        Optional.of(Instant.parse("2026-01-06T17:30:00Z")),
        TicketStatus.TODO,
        Optional.empty(),
        Optional.of(analysis),
        Optional.empty(),
        false,
        1,
        AT,
        AT,
        Optional.empty());
  }

  static Notification.TicketAssigned assigned(Ticket ticket, String key) {
    return new Notification.TicketAssigned(
        key,
        MODERATOR,
        ticket,
        new Assignment(
            MODERATOR.memberId(),
            AssignmentSource.ENGINE,
            Optional.empty(),
            1.2,
            "matches react, api; 2 of 5 open",
            AT));
  }

  static Notification.StatusChanged statusChanged(Ticket ticket) {
    return new Notification.StatusChanged(
        "status-1",
        REQUESTER,
        ticket,
        TicketStatus.TODO,
        TicketStatus.IN_PROGRESS,
        "Mona Moderator");
  }

  static Notification.CommentAdded commentAdded(Ticket ticket, Recipient to, boolean internal) {
    Comment comment =
        new Comment(
            CommentId.random(),
            ticket.id(),
            MemberId.random(),
            "Have you tried clearing the cache?",
            internal,
            AT);
    return new Notification.CommentAdded("comment-1", to, ticket, comment, "Mona Moderator");
  }

  static Notification.TriageNeeded triageNeeded(Ticket ticket) {
    return new Notification.TriageNeeded(
        "triage-1", ADMIN, ticket, "no active moderator with room has kubernetes or helm");
  }

  static Notification.JobDeadLettered deadLettered(Ticket ticket) {
    return new Notification.JobDeadLettered(
        "dead-1", ADMIN, ticket, 42, JobType.NOTIFY, "SMTP 421 try again later");
  }

  static List<Notification> everyKind(Ticket ticket) {
    return List.of(
        assigned(ticket, "assigned-1"),
        statusChanged(ticket),
        commentAdded(ticket, REQUESTER, false),
        triageNeeded(ticket),
        deadLettered(ticket));
  }

  private static Recipient recipient(String name, String email, Role role) {
    return new Recipient(MemberId.random(), email, name, role);
  }
}
