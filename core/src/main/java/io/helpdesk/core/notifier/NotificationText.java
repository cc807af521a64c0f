package io.helpdesk.core.notifier;

import io.helpdesk.core.model.Analysis;
import io.helpdesk.core.model.Limits;
import io.helpdesk.core.model.Priority;
import io.helpdesk.core.model.Skill;
import io.helpdesk.core.model.Ticket;
import io.helpdesk.core.model.TicketId;
import io.helpdesk.core.model.TicketStatus;
import io.helpdesk.core.spi.Notification;
import io.helpdesk.core.spi.Notification.CommentAdded;
import io.helpdesk.core.spi.Notification.JobDeadLettered;
import io.helpdesk.core.spi.Notification.StatusChanged;
import io.helpdesk.core.spi.Notification.TicketAssigned;
import io.helpdesk.core.spi.Notification.TriageNeeded;
import io.helpdesk.core.spi.Recipient;
import java.net.URI;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Renders every kind of {@link Notification} as a plain-text {@link RenderedMessage}: a subject
 * line and a body. The dev mailbox shows it as is; the SMTP notifier sends it as the text part and
 * builds its HTML part from the same words.
 *
 * <h2>Untrusted text</h2>
 *
 * Ticket titles, descriptions, comments, AI notes and error messages come from outside. This class
 * guarantees that:
 *
 * <ul>
 *   <li>the subject is one line: control characters (CR, LF, tabs, NEL, U+2028/2029) collapse to
 *       single spaces, invisible format characters (bidi overrides, zero-width characters) are
 *       dropped, and it is cut to {@link #MAX_SUBJECT_LENGTH} characters, so it is safe to put into
 *       a mail header;
 *   <li>quoted titles are one line in the body too, so a title cannot forge a line of its own;
 *   <li>the body keeps line breaks ({@code \n}) and tabs only.
 * </ul>
 *
 * It does not escape for HTML: plain text needs none, and an HTML renderer must escape the body.
 *
 * <p>Stateless and thread-safe.
 *
 * @since 0.1
 */
public final class NotificationText {

  /** The longest subject this class renders. */
  public static final int MAX_SUBJECT_LENGTH = 150;

  /** The longest error message quoted in a dead-letter notice. */
  static final int MAX_ERROR_LENGTH = 2_000;

  private static final DateTimeFormatter DUE_FORMAT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private NotificationText() {}

  /**
   * Renders a notification.
   *
   * @param notification what to say
   * @param baseUrl where the web UI lives (for example {@code https://help.example.com}); when
   *     present the message links to {@code {baseUrl}/tickets/{id}}, otherwise it names the ticket
   *     id
   * @throws IllegalArgumentException when {@code baseUrl} is not an absolute http(s) URI
   */
  public static RenderedMessage render(Notification notification, Optional<URI> baseUrl) {
    Objects.requireNonNull(notification, "notification");
    Optional<URI> link = ticketLink(notification.ticket().id(), baseUrl);
    if (notification instanceof TicketAssigned assigned) {
      return ticketAssigned(assigned, link);
    } else if (notification instanceof StatusChanged changed) {
      return statusChanged(changed, link);
    } else if (notification instanceof CommentAdded comment) {
      return commentAdded(comment, link);
    } else if (notification instanceof TriageNeeded triage) {
      return triageNeeded(triage, link);
    } else if (notification instanceof JobDeadLettered deadLettered) {
      return jobDeadLettered(deadLettered, link);
    }
    throw new IllegalArgumentException("unknown notification kind: " + notification.kind());
  }

  /**
   * The web UI's page for a ticket, {@code {baseUrl}/tickets/{id}}, or empty without a base URL.
   *
   * @throws IllegalArgumentException when {@code baseUrl} is not an absolute http(s) URI
   */
  public static Optional<URI> ticketLink(TicketId ticketId, Optional<URI> baseUrl) {
    Objects.requireNonNull(ticketId, "ticketId");
    return baseUrl.map(
        base -> {
          String root = requireWebAddress(base).toString().replaceAll("/+$", "");
          return URI.create(root + "/tickets/" + ticketId);
        });
  }

  /**
   * Checks that {@code baseUrl} can be the root of links: an absolute http(s) URI.
   *
   * @return {@code baseUrl}
   * @throws IllegalArgumentException when it is not
   */
  public static URI requireWebAddress(URI baseUrl) {
    String scheme = baseUrl.getScheme();
    if (!baseUrl.isAbsolute()
        || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))
        || baseUrl.getRawQuery() != null
        || baseUrl.getRawFragment() != null) {
      throw new IllegalArgumentException(
          "base URL must be an absolute http(s) URI without query or fragment: " + baseUrl);
    }
    return baseUrl;
  }

  /**
   * Makes untrusted text fit for one line, such as a mail subject: control and line-separator
   * characters collapse to single spaces, format characters are dropped, and the result is stripped
   * and cut to {@code maxLength} characters (ending with "…" when cut).
   */
  public static String oneLine(String text, int maxLength) {
    if (maxLength < 1) {
      throw new IllegalArgumentException("maxLength must be positive");
    }
    StringBuilder line = new StringBuilder(Math.min(text.length(), maxLength + 1));
    boolean pendingSpace = false;
    for (int i = 0; i < text.length(); ) {
      int codePoint = text.codePointAt(i);
      i += Character.charCount(codePoint);
      if (isBreaking(codePoint) || Character.isWhitespace(codePoint)) {
        pendingSpace = line.length() > 0;
      } else if (Character.getType(codePoint) != Character.FORMAT) {
        if (pendingSpace) {
          line.append(' ');
          pendingSpace = false;
        }
        line.appendCodePoint(codePoint);
      }
      if (line.length() > maxLength) {
        break;
      }
    }
    if (line.length() <= maxLength) {
      return line.toString();
    }
    int cut = maxLength - 1;
    if (Character.isLowSurrogate(line.charAt(cut))) {
      cut--;
    }
    return line.substring(0, cut).stripTrailing() + "…";
  }

  /** True when {@code text} has no control, line-separator or format characters. */
  static boolean isOneLine(String text) {
    return text.codePoints()
        .noneMatch(
            codePoint -> isBreaking(codePoint) || Character.getType(codePoint) == Character.FORMAT);
  }

  private static boolean isBreaking(int codePoint) {
    return Character.isISOControl(codePoint)
        || codePoint == '\u2028'
        || codePoint == '\u2029'
        || Character.getType(codePoint) == Character.LINE_SEPARATOR
        || Character.getType(codePoint) == Character.PARAGRAPH_SEPARATOR;
  }

  /** Untrusted multi-line text for a body: {@code \n} line breaks and tabs, nothing else. */
  private static String block(String text, int maxLength) {
    String unified = text.replace("\r\n", "\n").replace('\r', '\n');
    return Limits.sanitise(unified, maxLength);
  }

  private static String title(Ticket ticket) {
    return oneLine(ticket.title(), Limits.MAX_TITLE_LENGTH);
  }

  private static RenderedMessage message(String subject, StringBuilder body) {
    return new RenderedMessage(oneLine(subject, MAX_SUBJECT_LENGTH), body.toString());
  }

  private static StringBuilder greeting(Recipient recipient) {
    return new StringBuilder(512)
        .append("Hello ")
        .append(oneLine(recipient.displayName(), Limits.MAX_DISPLAY_NAME_LENGTH))
        .append(",\n\n");
  }

  private static void appendLink(
      StringBuilder body, String label, Ticket ticket, Optional<URI> link) {
    while (body.length() > 0 && body.charAt(body.length() - 1) == '\n') {
      body.setLength(body.length() - 1);
    }
    body.append("\n\n");
    if (link.isPresent()) {
      body.append(label).append(": ").append(link.get());
    } else {
      body.append("Ticket id: ").append(ticket.id());
    }
    body.append('\n');
  }

  private static RenderedMessage ticketAssigned(TicketAssigned notification, Optional<URI> link) {
    Ticket ticket = notification.ticket();
    StringBuilder body =
        greeting(notification.recipient())
            .append("a ticket was assigned to you: \"")
            .append(title(ticket))
            .append("\"\n\n");
    body.append("Priority: ").append(display(ticket.effectivePriority())).append('\n');
    body.append("Due: ").append(dueDate(ticket)).append('\n');
    body.append("Status: ").append(display(ticket.status())).append('\n');
    body.append("Why you: ").append(oneLine(notification.assignment().reason(), 300)).append('\n');
    appendAnalysis(body, ticket.analysis());
    body.append("\nDescription:\n")
        .append(block(ticket.description(), Limits.MAX_DESCRIPTION_LENGTH));
    appendLink(body, "Open the ticket", ticket, link);
    return message(
        "[" + display(ticket.effectivePriority()) + "] Assigned to you: " + title(ticket), body);
  }

  private static void appendAnalysis(StringBuilder body, Optional<Analysis> analysis) {
    if (analysis.isEmpty()) {
      body.append("Skills: not analysed yet\n");
      return;
    }
    String skills =
        analysis.get().skills().stream().map(Skill::name).collect(Collectors.joining(", "));
    body.append("Skills: ").append(skills.isEmpty() ? "none identified" : skills).append('\n');
    String notes = block(analysis.get().notes(), Limits.MAX_NOTES_LENGTH);
    if (!notes.isEmpty()) {
      body.append("\nNotes from the ")
          .append(analysis.get().fallback() ? "offline analysis" : "AI analysis")
          .append(" (check before relying on them):\n")
          .append(notes)
          .append('\n');
    }
  }

  private static RenderedMessage statusChanged(StatusChanged notification, Optional<URI> link) {
    Ticket ticket = notification.ticket();
    StringBuilder body =
        greeting(notification.recipient())
            .append(oneLine(notification.changedBy(), Limits.MAX_DISPLAY_NAME_LENGTH))
            .append(" moved your ticket \"")
            .append(title(ticket))
            .append("\" from ")
            .append(display(notification.from()))
            .append(" to ")
            .append(display(notification.to()))
            .append('.');
    appendLink(body, "Open the ticket", ticket, link);
    return message("Your ticket is " + display(notification.to()) + ": " + title(ticket), body);
  }

  private static RenderedMessage commentAdded(CommentAdded notification, Optional<URI> link) {
    Ticket ticket = notification.ticket();
    boolean internal = notification.comment().internal();
    StringBuilder body =
        greeting(notification.recipient())
            .append(oneLine(notification.authorName(), Limits.MAX_DISPLAY_NAME_LENGTH))
            .append(internal ? " added an internal note (staff only) to \"" : " commented on \"")
            .append(title(ticket))
            .append("\":\n\n")
            .append(block(notification.comment().body(), Limits.MAX_COMMENT_LENGTH));
    appendLink(body, "Reply", ticket, link);
    return message((internal ? "Internal note on: " : "New comment on: ") + title(ticket), body);
  }

  private static RenderedMessage triageNeeded(TriageNeeded notification, Optional<URI> link) {
    Ticket ticket = notification.ticket();
    StringBuilder body =
        greeting(notification.recipient())
            .append("no moderator could be assigned to \"")
            .append(title(ticket))
            .append("\": ")
            .append(oneLine(notification.reason(), 500))
            .append(".\nPlease assign it by hand.\n\n")
            .append("Priority: ")
            .append(display(ticket.effectivePriority()))
            .append('\n');
    appendAnalysis(body, ticket.analysis());
    appendLink(body, "Assign it", ticket, link);
    return message(
        "[" + display(ticket.effectivePriority()) + "] Needs triage: " + title(ticket), body);
  }

  private static RenderedMessage jobDeadLettered(JobDeadLettered notification, Optional<URI> link) {
    Ticket ticket = notification.ticket();
    String job = notification.jobType().name().toLowerCase(Locale.ROOT);
    StringBuilder body =
        greeting(notification.recipient())
            .append("the ")
            .append(job)
            .append(" job #")
            .append(notification.jobId())
            .append(" for the ticket \"")
            .append(title(ticket))
            .append("\" failed after its last try:\n\n")
            .append(block(notification.error(), MAX_ERROR_LENGTH))
            .append("\n\nYou can retry it from the admin dashboard.");
    appendLink(body, "Open the ticket", ticket, link);
    return message("Failed for good: " + job + " job for " + title(ticket), body);
  }

  /** A priority as messages show it: "High". */
  public static String display(Priority priority) {
    return switch (priority) {
      case LOW -> "Low";
      case MEDIUM -> "Medium";
      case HIGH -> "High";
      case URGENT -> "Urgent";
    };
  }

  /** A status as messages show it: "To do", "In progress", "Completed". */
  public static String display(TicketStatus status) {
    return switch (status) {
      case TODO -> "To do";
      case IN_PROGRESS -> "In progress";
      case COMPLETED -> "Completed";
    };
  }

  /** A ticket's due date as messages show it: "2026-01-05 17:00 UTC", or "no due date". */
  public static String dueDate(Ticket ticket) {
    return ticket.dueAt().map(DUE_FORMAT::format).orElse("no due date");
  }
}
