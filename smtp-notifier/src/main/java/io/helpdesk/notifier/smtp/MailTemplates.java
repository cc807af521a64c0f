package io.helpdesk.notifier.smtp;

import io.helpdesk.core.model.Analysis;
import io.helpdesk.core.model.Limits;
import io.helpdesk.core.model.Skill;
import io.helpdesk.core.model.Ticket;
import io.helpdesk.core.notifier.NotificationText;
import io.helpdesk.core.spi.Notification;
import io.helpdesk.core.spi.Notification.CommentAdded;
import io.helpdesk.core.spi.Notification.JobDeadLettered;
import io.helpdesk.core.spi.Notification.StatusChanged;
import io.helpdesk.core.spi.Notification.TicketAssigned;
import io.helpdesk.core.spi.Notification.TriageNeeded;
import io.helpdesk.notifier.smtp.MailView.Block;
import io.helpdesk.notifier.smtp.MailView.Field;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One HTML template per notification kind, saying what {@link NotificationText} says in the text
 * part (same sentences, labels and date format), so both alternatives of a mail agree. Stateless
 * and thread-safe.
 */
final class MailTemplates {
  /** The due-date format of {@link NotificationText}, so both parts show the same date. */
  private final URI webBaseUrl;

  MailTemplates(URI webBaseUrl) {
    this.webBaseUrl = webBaseUrl;
  }

  MailView view(Notification notification) {
    if (notification instanceof TicketAssigned assigned) {
      return assigned(assigned);
    } else if (notification instanceof StatusChanged changed) {
      return statusChanged(changed);
    } else if (notification instanceof CommentAdded comment) {
      return commentAdded(comment);
    } else if (notification instanceof TriageNeeded triage) {
      return triageNeeded(triage);
    } else if (notification instanceof JobDeadLettered dead) {
      return deadLettered(dead);
    }
    throw new IllegalArgumentException("unknown notification kind " + notification.kind());
  }

  private URI link(Ticket ticket) {
    return NotificationText.ticketLink(ticket.id(), Optional.of(webBaseUrl)).orElseThrow();
  }

  private MailView assigned(TicketAssigned notification) {
    Ticket ticket = notification.ticket();
    List<Field> fields = new ArrayList<>();
    fields.add(new Field("Priority", NotificationText.display(ticket.effectivePriority())));
    fields.add(new Field("Due", NotificationText.dueDate(ticket)));
    fields.add(new Field("Status", NotificationText.display(ticket.status())));
    fields.add(new Field("Why you", notification.assignment().reason()));
    fields.add(skills(ticket));
    List<Block> blocks = new ArrayList<>(notes(ticket));
    blocks.add(new Block("Description", ticket.description()));
    return new MailView(
        greeting(notification),
        "a ticket was assigned to you: \"" + ticket.title() + "\"",
        fields,
        blocks,
        Optional.empty(),
        "Open the ticket",
        link(ticket));
  }

  private MailView statusChanged(StatusChanged notification) {
    Ticket ticket = notification.ticket();
    return new MailView(
        greeting(notification),
        notification.changedBy()
            + " moved your ticket \""
            + ticket.title()
            + "\" from "
            + NotificationText.display(notification.from())
            + " to "
            + NotificationText.display(notification.to())
            + ".",
        List.of(),
        List.of(),
        Optional.empty(),
        "Open the ticket",
        link(ticket));
  }

  private MailView commentAdded(CommentAdded notification) {
    Ticket ticket = notification.ticket();
    boolean internal = notification.comment().internal();
    return new MailView(
        greeting(notification),
        notification.authorName()
            + (internal ? " added an internal note (staff only) to \"" : " commented on \"")
            + ticket.title()
            + "\":",
        List.of(),
        List.of(
            new Block(
                internal ? "Internal note (staff only)" : "Comment",
                notification.comment().body())),
        Optional.empty(),
        "Reply",
        link(ticket));
  }

  private MailView triageNeeded(TriageNeeded notification) {
    Ticket ticket = notification.ticket();
    return new MailView(
        greeting(notification),
        "no moderator could be assigned to \""
            + ticket.title()
            + "\": "
            + notification.reason()
            + ". Please assign it by hand.",
        List.of(
            new Field("Priority", NotificationText.display(ticket.effectivePriority())),
            skills(ticket)),
        notes(ticket),
        Optional.empty(),
        "Assign it",
        link(ticket));
  }

  private MailView deadLettered(JobDeadLettered notification) {
    Ticket ticket = notification.ticket();
    String job = notification.jobType().name().toLowerCase(Locale.ROOT);
    return new MailView(
        greeting(notification),
        "the "
            + job
            + " job #"
            + notification.jobId()
            + " for the ticket \""
            + ticket.title()
            + "\" failed after its last try:",
        List.of(),
        List.of(new Block("Error", notification.error())),
        Optional.of("You can retry it from the admin dashboard."),
        "Open the ticket",
        link(ticket));
  }

  private static Field skills(Ticket ticket) {
    String skills =
        ticket
            .analysis()
            .map(
                analysis ->
                    analysis.skills().isEmpty()
                        ? "none identified"
                        : analysis.skills().stream()
                            .map(Skill::name)
                            .collect(Collectors.joining(", ")))
            .orElse("not analysed yet");
    return new Field("Skills", skills);
  }

  private static List<Block> notes(Ticket ticket) {
    Optional<Analysis> analysis = ticket.analysis().filter(found -> !found.notes().isBlank());
    return analysis
        .map(
            found ->
                List.of(
                    new Block(
                        "Notes from the "
                            + (found.fallback() ? "offline analysis" : "AI analysis")
                            + " (check before relying on them)",
                        found.notes())))
        .orElse(List.of());
  }

  private static String greeting(Notification notification) {
    return "Hello "
        + NotificationText.oneLine(
            notification.recipient().displayName(), Limits.MAX_DISPLAY_NAME_LENGTH)
        + ",";
  }
}
