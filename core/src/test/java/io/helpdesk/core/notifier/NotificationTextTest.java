package io.helpdesk.core.notifier;

import static io.helpdesk.core.notifier.SampleNotifications.ADMIN;
import static io.helpdesk.core.notifier.SampleNotifications.MODERATOR;
import static io.helpdesk.core.notifier.SampleNotifications.REQUESTER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.helpdesk.core.model.Ticket;
import io.helpdesk.core.spi.Notification;
import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class NotificationTextTest {
  private static final Optional<URI> BASE = Optional.of(URI.create("https://help.example.com/"));

  @Test
  @DisplayName("every kind renders a subject and a body that name the ticket")
  void everyKindRenders() {
    Ticket ticket = SampleNotifications.ticket("Checkout page is blank");

    for (Notification notification : SampleNotifications.everyKind(ticket)) {
      RenderedMessage message = NotificationText.render(notification, BASE);

      assertThat(message.subject()).as(notification.kind()).contains("Checkout page is blank");
      assertThat(message.body())
          .as(notification.kind())
          .startsWith("Hello " + notification.recipient().displayName() + ",")
          .contains("\"Checkout page is blank\"")
          .contains("https://help.example.com/tickets/" + ticket.id())
          .doesNotContain("\n\n\n");
    }
  }

  @Test
  @DisplayName("an assignment tells the moderator priority, due date, skills, notes and why")
  void ticketAssignedDetails() {
    Ticket ticket = SampleNotifications.ticket("Checkout page is blank");

    RenderedMessage message =
        NotificationText.render(SampleNotifications.assigned(ticket, "k"), Optional.empty());

    assertThat(message.subject()).isEqualTo("[High] Assigned to you: Checkout page is blank");
    assertThat(message.body())
        .contains("Priority: High")
        .contains("Due: 2026-01-06 17:30 UTC")
        .contains("Skills: react, api")
        .contains("Check the CDN cache.")
        .contains("Why you: matches react, api; 2 of 5 open")
        .contains("The page is blank after login.")
        .contains("Ticket id: " + ticket.id());
  }

  @Test
  @DisplayName("the other kinds say what happened")
  void otherKindsSayWhatHappened() {
    Ticket ticket = SampleNotifications.ticket("Blank page");

    assertThat(render(SampleNotifications.statusChanged(ticket)).body())
        .contains("Mona Moderator moved your ticket \"Blank page\" from To do to In progress.");
    assertThat(render(SampleNotifications.commentAdded(ticket, REQUESTER, false)).body())
        .contains("Mona Moderator commented on")
        .contains("Have you tried clearing the cache?");
    assertThat(render(SampleNotifications.commentAdded(ticket, MODERATOR, true)).subject())
        .isEqualTo("Internal note on: Blank page");
    assertThat(render(SampleNotifications.triageNeeded(ticket)).body())
        .contains("no active moderator with room has kubernetes or helm");
    assertThat(render(SampleNotifications.deadLettered(ticket)).body())
        .contains("notify job #42")
        .contains("SMTP 421 try again later");
  }

  @Test
  @DisplayName("an internal note can never be addressed to a requester")
  void internalNoteNeverToRequester() {
    Ticket ticket = SampleNotifications.ticket("Blank page");

    assertThatThrownBy(() -> SampleNotifications.commentAdded(ticket, REQUESTER, true))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(render(SampleNotifications.commentAdded(ticket, ADMIN, true)).body())
        .contains("internal note (staff only)");
  }

  @Test
  @DisplayName("a hostile title cannot break the subject or forge lines in the body")
  void hostileTitleIsSanitised() {
    Ticket ticket =
        SampleNotifications.ticket("Hi\r\nBcc: evil@example.com\u2028\u202Egnp.exe\t\u0000end");

    for (Notification notification : SampleNotifications.everyKind(ticket)) {
      RenderedMessage message = render(notification);

      assertThat(message.subject())
          .contains("Hi Bcc: evil@example.com gnp.exe end")
          .doesNotContain("\r", "\n", "\t", "\u0000", "\u2028", "\u202E");
      assertThat(message.body()).doesNotContain("\nBcc:", "\r", "\u0000");
    }
  }

  @Test
  @DisplayName("long subjects are cut to 150 characters with an ellipsis")
  void subjectIsCapped() {
    Ticket ticket = SampleNotifications.ticket("x".repeat(200));

    String subject = render(SampleNotifications.triageNeeded(ticket)).subject();

    assertThat(subject).hasSize(NotificationText.MAX_SUBJECT_LENGTH).endsWith("x…");
    assertThat(NotificationText.oneLine("😀".repeat(10), 5)).isEqualTo("😀😀…");
  }

  @Test
  @DisplayName("links need an absolute http(s) base URL; without one the ticket id is named")
  void links() {
    Ticket ticket = SampleNotifications.ticket("Blank page");

    assertThat(NotificationText.ticketLink(ticket.id(), Optional.of(URI.create("http://h/app//"))))
        .contains(URI.create("http://h/app/tickets/" + ticket.id()));
    assertThat(NotificationText.ticketLink(ticket.id(), Optional.empty())).isEmpty();
    assertThatThrownBy(
            () ->
                NotificationText.ticketLink(
                    ticket.id(), Optional.of(URI.create("javascript:alert(1)"))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(render(SampleNotifications.statusChanged(ticket)).body())
        .contains("Ticket id: " + ticket.id());
  }

  private static RenderedMessage render(Notification notification) {
    return NotificationText.render(notification, Optional.empty());
  }
}
