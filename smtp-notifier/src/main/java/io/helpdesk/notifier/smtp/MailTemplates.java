package io.helpdesk.notifier.smtp;

import io.helpdesk.core.model.Analysis;
import io.helpdesk.core.model.Skill;
import io.helpdesk.core.model.Ticket;
import io.helpdesk.core.model.TicketStatus;
import io.helpdesk.core.spi.Notification;
import io.helpdesk.core.spi.Notification.CommentAdded;
import io.helpdesk.core.spi.Notification.JobDeadLettered;
import io.helpdesk.core.spi.Notification.StatusChanged;
import io.helpdesk.core.spi.Notification.TicketAssigned;
import io.helpdesk.core.spi.Notification.TriageNeeded;
import io.helpdesk.notifier.smtp.MailView.Block;
import io.helpdesk.notifier.smtp.MailView.Field;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** One template per notification kind. Stateless and thread-safe. */
final class MailTemplates {
  private final URI webBaseUrl;
  private final DateTimeFormatter dates;

  MailTemplates(URI webBaseUrl, ZoneId zone) {
    this.webBaseUrl = webBaseUrl;
    this.dates =
        DateTimeFormatter.ofPattern("EEE, d MMM yyyy, HH:mm z", Locale.ENGLISH).withZone(zone);
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

  URI ticketLink(Ticket ticket) {
    return URI.create(webBaseUrl + "/tickets/" + ticket.id());
  }

  private MailView assigned(TicketAssigned notification) {
    Ticket ticket = notification.ticket();
    List<Field> fields = new ArrayList<>(facts(ticket));
    fields.add(new Field("Why you", notification.assignment().reason()));
    List<Block> blocks = new ArrayList<>();
    ticket
        .analysis()
        .filter(analysis -> !analysis.notes().isBlank())
        .ifPresent(analysis -> blocks.add(new Block(notesLabel(analysis), analysis.notes())));
    blocks.add(new Block("Description", ticket.description()));
    return new MailView(
        "Assigned to you: " + ticket.title(),
        greeting(notification),
        "The ticket \"" + ticket.title() + "\" was assigned to you.",
        fields,
        blocks,
        "Open the ticket",
        ticketLink(ticket));
  }

  private MailView statusChanged(StatusChanged notification) {
    Ticket ticket = notification.ticket();
    String by = notification.changedBy().isBlank() ? "" : " by " + notification.changedBy();
    return new MailView(
        "Your ticket is now " + label(notification.to()) + ": " + ticket.title(),
        greeting(notification),
        "Your ticket \""
            + ticket.title()
            + "\" moved from "
            + label(notification.from())
            + " to "
            + label(notification.to())
            + by
            + ".",
        List.of(new Field("Status", label(notification.to()))),
        List.of(),
        "Open the ticket",
        ticketLink(ticket));
  }

  private MailView commentAdded(CommentAdded notification) {
    Ticket ticket = notification.ticket();
    boolean internal = notification.comment().internal();
    String what = internal ? "added an internal note to" : "commented on";
    return new MailView(
        (internal ? "Internal note on: " : "New comment on: ") + ticket.title(),
        greeting(notification),
        notification.authorName() + " " + what + " \"" + ticket.title() + "\".",
        List.of(),
        List.of(
            new Block(
                internal ? "Internal note (staff only)" : "Comment",
                notification.comment().body())),
        "Reply on the ticket",
        ticketLink(ticket));
  }

  private MailView triageNeeded(TriageNeeded notification) {
    Ticket ticket = notification.ticket();
    List<Field> fields = new ArrayList<>(facts(ticket));
    fields.add(new Field("Why", notification.reason()));
    return new MailView(
        "Needs triage: " + ticket.title(),
        greeting(notification),
        "No moderator could be assigned to \"" + ticket.title() + "\". Please assign it by hand.",
        fields,
        List.of(new Block("Description", ticket.description())),
        "Triage the ticket",
        ticketLink(ticket));
  }

  private MailView deadLettered(JobDeadLettered notification) {
    Ticket ticket = notification.ticket();
    String job = notification.jobType().name().toLowerCase(Locale.ROOT);
    return new MailView(
        "Failed for good (" + job + "): " + ticket.title(),
        greeting(notification),
        "The "
            + job
            + " job for \""
            + ticket.title()
            + "\" failed after its last try and was set aside. You can retry it from the"
            + " dead-letter list.",
        List.of(
            new Field("Job", "#" + notification.jobId() + " (" + job + ")"),
            new Field("Error", notification.error())),
        List.of(),
        "Open the ticket",
        ticketLink(ticket));
  }

  /** Priority, due date and skills: what a moderator or admin needs at a glance. */
  private List<Field> facts(Ticket ticket) {
    List<Field> fields = new ArrayList<>();
    fields.add(new Field("Priority", ticket.effectivePriority().name()));
    fields.add(new Field("Due", ticket.dueAt().map(this::date).orElse("no due date")));
    String skills =
        ticket
            .analysis()
            .map(Analysis::skills)
            .filter(list -> !list.isEmpty())
            .map(list -> list.stream().map(Skill::name).collect(Collectors.joining(", ")))
            .orElse("none identified");
    fields.add(new Field("Skills", skills));
    return fields;
  }

  private static String notesLabel(Analysis analysis) {
    return analysis.fallback()
        ? "Notes (offline analysis, " + analysis.producedBy() + ")"
        : "Notes (AI analysis, " + analysis.producedBy() + ")";
  }

  private static String greeting(Notification notification) {
    return "Hello " + notification.recipient().displayName() + ",";
  }

  private String date(Instant instant) {
    return dates.format(instant);
  }

  private static String label(TicketStatus status) {
    return switch (status) {
      case TODO -> "To do";
      case IN_PROGRESS -> "In progress";
      case COMPLETED -> "Completed";
    };
  }
}
