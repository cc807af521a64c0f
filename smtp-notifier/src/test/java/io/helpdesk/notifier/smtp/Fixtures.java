package io.helpdesk.notifier.smtp;

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
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/** Tickets, recipients and notifications built straight from the records, as a store would. */
final class Fixtures {
  static final Instant NOW = Instant.parse("2026-01-05T09:00:00Z");
  static final Instant DUE = Instant.parse("2026-01-07T17:00:00Z");
  static final String BASE_URL = "https://helpdesk.example.com/app";

  static final Recipient KIM =
      new Recipient(MemberId.random(), "kim@example.com", "Kim Ops", Role.MODERATOR);
  static final Recipient RITA =
      new Recipient(MemberId.random(), "rita@example.com", "Rita Requester", Role.USER);
  static final Recipient ADA =
      new Recipient(MemberId.random(), "ada@example.com", "Ada Admin", Role.ADMIN);

  private static final AtomicLong EVENT_IDS = new AtomicLong(100);

  private Fixtures() {}

  /** Shaped like the engine's keys: one per event and recipient. */
  /** A configuration for a local test server without TLS: host, port, sender and links set. */
  static SmtpConfig.Builder plainConfig(String host, int port) {
    return SmtpConfig.builder()
        .host(host)
        .port(port)
        .tlsMode(TlsMode.NONE)
        .fromAddress("helpdesk@example.com")
        .webBaseUrl(BASE_URL);
  }

  static String key(Recipient recipient) {
    return "helpdesk-" + EVENT_IDS.incrementAndGet() + "-" + recipient.memberId();
  }

  static Ticket ticket(String title, String description) {
    return ticket(title, description, "Check the ingress controller logs first.");
  }

  static Ticket ticket(String title, String description, String notes) {
    Analysis analysis =
        new Analysis(
            Priority.HIGH,
            List.of(Skill.of("kubernetes"), Skill.of("database")),
            notes,
            "gemini-test",
            NOW,
            false);
    Assignment assignment =
        new Assignment(
            KIM.memberId(),
            AssignmentSource.ENGINE,
            Optional.empty(),
            0.9,
            "matches kubernetes, database; 1 of 3 open",
            NOW);
    return new Ticket(
        TicketId.random(),
        title,
        description,
        RITA.memberId(),
        Optional.of(Priority.MEDIUM),
        Optional.of(DUE),
        TicketStatus.TODO,
        Optional.empty(),
        Optional.of(analysis),
        Optional.of(assignment),
        false,
        3,
        NOW,
        NOW,
        Optional.empty());
  }

  static Ticket plainTicket() {
    return ticket("Cluster down", "The staging cluster does not answer.");
  }

  static Notification.TicketAssigned assigned(Ticket ticket) {
    return new Notification.TicketAssigned(
        key(KIM), KIM, ticket, ticket.assignment().orElseThrow());
  }

  static Notification.StatusChanged statusChanged(Ticket ticket) {
    return new Notification.StatusChanged(
        key(RITA),
        RITA,
        ticket.withStatus(TicketStatus.IN_PROGRESS, NOW),
        TicketStatus.TODO,
        TicketStatus.IN_PROGRESS,
        "Kim Ops");
  }

  static Notification.CommentAdded commentToRequester(Ticket ticket, String body) {
    Comment comment =
        new Comment(CommentId.random(), ticket.id(), KIM.memberId(), body, false, NOW);
    return new Notification.CommentAdded(key(RITA), RITA, ticket, comment, "Kim Ops");
  }

  static Notification.CommentAdded internalNoteToStaff(Ticket ticket, String body) {
    Comment comment = new Comment(CommentId.random(), ticket.id(), ADA.memberId(), body, true, NOW);
    return new Notification.CommentAdded(key(KIM), KIM, ticket, comment, "Ada Admin");
  }

  static Notification.TriageNeeded triage(Ticket ticket) {
    return new Notification.TriageNeeded(
        key(ADA), ADA, ticket, "no moderator has the skill kubernetes");
  }

  static Notification.JobDeadLettered deadLettered(Ticket ticket) {
    return new Notification.JobDeadLettered(
        key(ADA), ADA, ticket, 42, JobType.NOTIFY, "SMTP delivery failed: 451 try later");
  }

  /** Mail travels with CRLF line ends; the assertions read better with LF. */
  static String lf(String text) {
    return text.replace("\r\n", "\n");
  }

  /** The text/plain and text/html parts of a received multipart/alternative mail. */
  record Parts(String text, String html, String textType, String htmlType) {}

  static Parts parts(MimeMessage message) throws MessagingException, IOException {
    MimeMultipart multipart = (MimeMultipart) message.getContent();
    if (multipart.getCount() != 2) {
      throw new AssertionError("expected two alternatives, got " + multipart.getCount());
    }
    BodyPart text = multipart.getBodyPart(0);
    BodyPart html = multipart.getBodyPart(1);
    return new Parts(
        lf((String) text.getContent()),
        lf((String) html.getContent()),
        text.getContentType(),
        html.getContentType());
  }
}
