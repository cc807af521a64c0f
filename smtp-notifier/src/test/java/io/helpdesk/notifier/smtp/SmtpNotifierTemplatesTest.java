package io.helpdesk.notifier.smtp;

import static io.helpdesk.notifier.smtp.Fixtures.ADA;
import static io.helpdesk.notifier.smtp.Fixtures.BASE_URL;
import static io.helpdesk.notifier.smtp.Fixtures.KIM;
import static io.helpdesk.notifier.smtp.Fixtures.NOW;
import static io.helpdesk.notifier.smtp.Fixtures.RITA;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import io.helpdesk.core.model.Ticket;
import io.helpdesk.core.notifier.NotificationText;
import io.helpdesk.core.spi.Notification;
import io.helpdesk.core.spi.Recipient;
import io.helpdesk.notifier.smtp.Fixtures.Parts;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("SMTP notifier: templates and headers (GreenMail)")
class SmtpNotifierTemplatesTest {
  @RegisterExtension
  static final GreenMailExtension greenMail = new GreenMailExtension(MailServers.smtp());

  private SmtpNotifier notifier;
  private Ticket ticket;

  @BeforeEach
  void setUp() {
    notifier =
        SmtpNotifier.create(
            SmtpConfig.builder()
                .host(greenMail.getSmtp().getServerSetup().getBindAddress())
                .port(greenMail.getSmtp().getPort())
                .tlsMode(TlsMode.NONE)
                .fromAddress("helpdesk@example.com")
                .fromName("Example Helpdesk")
                .replyTo("support@example.com")
                .webBaseUrl(BASE_URL + "/")
                .build(),
            Clock.fixed(NOW, ZoneOffset.UTC));
    ticket = Fixtures.plainTicket();
  }

  private MimeMessage sendAndReceive(Notification notification) {
    notifier.send(notification);
    MimeMessage[] received = greenMail.getReceivedMessages();
    assertThat(received).hasSize(1);
    return received[0];
  }

  private String link() {
    return BASE_URL + "/tickets/" + ticket.id();
  }

  private static String header(MimeMessage message, String name) throws Exception {
    String[] values = message.getHeader(name);
    assertThat(values).as(name).hasSize(1);
    return values[0];
  }

  private void assertEnvelope(MimeMessage message, Recipient to, String key) throws Exception {
    assertThat(message.getRecipients(Message.RecipientType.TO))
        .extracting(address -> ((InternetAddress) address).getAddress())
        .containsExactly(to.email());
    assertThat(((InternetAddress) message.getRecipients(Message.RecipientType.TO)[0]).getPersonal())
        .isEqualTo(to.displayName());
    assertThat(message.getRecipients(Message.RecipientType.CC)).isNull();
    assertThat(message.getRecipients(Message.RecipientType.BCC)).isNull();
    InternetAddress from = (InternetAddress) message.getFrom()[0];
    assertThat(from.getAddress()).isEqualTo("helpdesk@example.com");
    assertThat(from.getPersonal()).isEqualTo("Example Helpdesk");
    assertThat(message.getReplyTo())
        .extracting(address -> ((InternetAddress) address).getAddress())
        .containsExactly("support@example.com");
    assertThat(message.getMessageID()).isEqualTo("<" + key + "@example.com>");
    assertThat(header(message, "In-Reply-To"))
        .isEqualTo("<ticket-" + ticket.id() + "@example.com>");
    assertThat(header(message, "References")).isEqualTo("<ticket-" + ticket.id() + "@example.com>");
    assertThat(header(message, "Auto-Submitted")).isEqualTo("auto-generated");
    assertThat(message.getSentDate().toInstant()).isEqualTo(NOW);
    assertThat(message.getContentType()).startsWith("multipart/alternative");
  }

  private Parts assertParts(MimeMessage message) throws Exception {
    Parts parts = Fixtures.parts(message);
    assertThat(parts.textType()).startsWith("text/plain").containsIgnoringCase("charset=UTF-8");
    assertThat(parts.htmlType()).startsWith("text/html").containsIgnoringCase("charset=UTF-8");
    assertThat(parts.text()).contains(link());
    assertThat(parts.html()).contains("href=\"" + link() + "\"");
    assertThat(parts.html()).startsWith("<!DOCTYPE html>");
    return parts;
  }

  @Test
  @DisplayName("ticket assigned: to the moderator, with priority, due date, skills, notes and link")
  void ticketAssigned() throws Exception {
    Notification.TicketAssigned notification = Fixtures.assigned(ticket);
    MimeMessage message = sendAndReceive(notification);

    assertEnvelope(message, KIM, notification.idempotencyKey());
    assertThat(message.getSubject()).isEqualTo("[High] Assigned to you: Cluster down");
    assertThat(header(message, "X-Helpdesk-Notification")).isEqualTo("ticket-assigned");
    Parts parts = assertParts(message);
    assertThat(parts.text())
        .as("the text part is core's NotificationText")
        .isEqualTo(NotificationText.render(notification, Optional.of(URI.create(BASE_URL))).body());
    assertThat(parts.text())
        .contains("Hello Kim Ops,")
        .contains("a ticket was assigned to you: \"Cluster down\"")
        .contains("Priority: High")
        .contains("Due: 2026-01-07 17:00 UTC")
        .contains("Skills: kubernetes, database")
        .contains("Why you: matches kubernetes, database; 1 of 3 open")
        .contains("Check the ingress controller logs first.")
        .contains("The staging cluster does not answer.");
    assertThat(parts.html())
        .contains("<title>[High] Assigned to you: Cluster down</title>")
        .contains("<th align=\"left\">Priority</th><td>High</td>")
        .contains("<th align=\"left\">Due</th><td>2026-01-07 17:00 UTC</td>")
        .contains("<th align=\"left\">Status</th><td>To do</td>")
        .contains("<td>kubernetes, database</td>")
        .contains("<td>matches kubernetes, database; 1 of 3 open</td>")
        .contains("Notes from the AI analysis (check before relying on them)")
        .contains("Check the ingress controller logs first.")
        .contains("The staging cluster does not answer.")
        .contains("a ticket was assigned to you: &quot;Cluster down&quot;");
  }

  @Test
  @DisplayName("status changed: to the requester, from and to status and who changed it")
  void statusChanged() throws Exception {
    Notification.StatusChanged notification = Fixtures.statusChanged(ticket);
    MimeMessage message = sendAndReceive(notification);

    assertEnvelope(message, RITA, notification.idempotencyKey());
    assertThat(message.getSubject()).isEqualTo("Your ticket is In progress: Cluster down");
    Parts parts = assertParts(message);
    String said = "Kim Ops moved your ticket \"Cluster down\" from To do to In progress.";
    assertThat(parts.text())
        .contains("Hello Rita Requester,")
        .contains(said)
        .doesNotContain("Check the ingress controller logs first.");
    assertThat(parts.html())
        .contains(said.replace("\"", "&quot;"))
        .doesNotContain("Check the ingress controller logs first.");
  }

  @Test
  @DisplayName("comment added: to the other side, with the comment's text")
  void commentAdded() throws Exception {
    Notification.CommentAdded notification =
        Fixtures.commentToRequester(ticket, "Could you restart the node?\nThanks!");
    MimeMessage message = sendAndReceive(notification);

    assertEnvelope(message, RITA, notification.idempotencyKey());
    assertThat(message.getSubject()).isEqualTo("New comment on: Cluster down");
    Parts parts = assertParts(message);
    assertThat(parts.text())
        .contains("Kim Ops commented on \"Cluster down\":\n\nCould you restart the node?\nThanks!")
        .doesNotContain("internal");
    assertThat(parts.html())
        .contains("Kim Ops commented on &quot;Cluster down&quot;:")
        .contains("Could you restart the node?<br>\nThanks!")
        .doesNotContain("internal");
  }

  @Test
  @DisplayName("internal note: only to staff, and marked as staff only")
  void internalNote() throws Exception {
    Notification.CommentAdded notification =
        Fixtures.internalNoteToStaff(ticket, "Requester is a VIP.");
    MimeMessage message = sendAndReceive(notification);

    assertEnvelope(message, KIM, notification.idempotencyKey());
    assertThat(message.getSubject()).isEqualTo("Internal note on: Cluster down");
    Parts parts = assertParts(message);
    assertThat(parts.text())
        .contains("Ada Admin added an internal note (staff only) to \"Cluster down\":")
        .contains("Requester is a VIP.");
    assertThat(parts.html()).contains("<h3>Internal note (staff only)</h3>");
  }

  @Test
  @DisplayName("triage needed: to an admin, with the reason and the ticket's facts")
  void triageNeeded() throws Exception {
    Notification.TriageNeeded notification = Fixtures.triage(ticket);
    MimeMessage message = sendAndReceive(notification);

    assertEnvelope(message, ADA, notification.idempotencyKey());
    assertThat(message.getSubject()).isEqualTo("[High] Needs triage: Cluster down");
    Parts parts = assertParts(message);
    assertThat(parts.text())
        .contains(
            "no moderator could be assigned to \"Cluster down\": no moderator has the skill"
                + " kubernetes.")
        .contains("Priority: High")
        .contains("Skills: kubernetes, database");
    assertThat(parts.html())
        .contains("no moderator has the skill kubernetes. Please assign it by hand.")
        .contains("<td>High</td>");
  }

  @Test
  @DisplayName("job dead-lettered: to an admin, with the job and its last error")
  void jobDeadLettered() throws Exception {
    Notification.JobDeadLettered notification = Fixtures.deadLettered(ticket);
    MimeMessage message = sendAndReceive(notification);

    assertEnvelope(message, ADA, notification.idempotencyKey());
    assertThat(message.getSubject()).isEqualTo("Failed for good: notify job for Cluster down");
    Parts parts = assertParts(message);
    assertThat(parts.text())
        .contains("the notify job #42 for the ticket \"Cluster down\" failed after its last try")
        .contains("SMTP delivery failed: 451 try later")
        .contains("You can retry it from the admin dashboard.");
    assertThat(parts.html())
        .contains("the notify job #42 for the ticket &quot;Cluster down&quot;")
        .contains("SMTP delivery failed: 451 try later");
  }

  @Test
  @DisplayName("non-ASCII subjects and bodies travel as UTF-8 (RFC 2047 encoded subject)")
  void utf8() throws Exception {
    ticket = Fixtures.ticket("Drucker im 2. Stock: Größe falsch – 日本 😀", "Ärger mit ß und €.");
    MimeMessage message = sendAndReceive(Fixtures.assigned(ticket));

    assertThat(message.getSubject())
        .isEqualTo("[High] Assigned to you: Drucker im 2. Stock: Größe falsch – 日本 😀");
    assertThat(String.join("", message.getHeader("Subject"))).startsWith("=?UTF-8?");
    Parts parts = Fixtures.parts(message);
    assertThat(parts.text()).contains("Ärger mit ß und €.");
    assertThat(parts.html()).contains("Ärger mit ß und €.");
  }

  @Test
  @DisplayName("threading: every mail about a ticket points at the same thread id; ids differ")
  void threading() throws Exception {
    Ticket other = Fixtures.ticket("Printer jam", "Paper stuck.");
    List<Notification> sent =
        List.of(
            Fixtures.assigned(ticket),
            Fixtures.statusChanged(ticket),
            Fixtures.commentToRequester(ticket, "On it."),
            Fixtures.triage(ticket),
            Fixtures.assigned(other));
    sent.forEach(notifier::send);

    MimeMessage[] received = greenMail.getReceivedMessages();
    assertThat(received).hasSize(5);
    for (MimeMessage message : received) {
      Ticket about = message.getSubject().endsWith("Printer jam") ? other : ticket;
      String thread = "<ticket-" + about.id() + "@example.com>";
      assertThat(header(message, "In-Reply-To")).isEqualTo(thread);
      assertThat(header(message, "References")).isEqualTo(thread);
      assertThat(messageId(message)).isNotEqualTo(thread);
    }
    assertThat(Arrays.stream(received).map(SmtpNotifierTemplatesTest::messageId).distinct())
        .hasSize(5);
  }

  @Test
  @DisplayName("a resent notification carries the same Message-ID, so receivers can drop it")
  void resendKeepsMessageId() throws Exception {
    Notification.TicketAssigned notification = Fixtures.assigned(ticket);
    notifier.send(notification);
    notifier.send(notification);

    MimeMessage[] received = greenMail.getReceivedMessages();
    assertThat(received).hasSize(2);
    assertThat(messageId(received[0]))
        .isEqualTo(messageId(received[1]))
        .isEqualTo("<" + notification.idempotencyKey() + "@example.com>");
  }

  @Test
  @DisplayName("concurrent sends share one notifier safely: every mail arrives once, intact")
  void concurrentSends() throws Exception {
    List<Notification> notifications =
        IntStream.range(0, 16)
            .mapToObj(
                i -> (Notification) Fixtures.assigned(Fixtures.ticket("Ticket " + i, "d" + i)))
            .toList();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      for (Future<?> future :
          pool.invokeAll(
              notifications.stream()
                  .map(
                      n ->
                          (Callable<Void>)
                              () -> {
                                notifier.send(n);
                                return null;
                              })
                  .toList())) {
        future.get();
      }
    } finally {
      pool.shutdown();
    }

    MimeMessage[] received = greenMail.getReceivedMessages();
    assertThat(received).hasSize(16);
    assertThat(Arrays.stream(received).map(SmtpNotifierTemplatesTest::messageId))
        .containsExactlyInAnyOrderElementsOf(
            notifications.stream().map(n -> "<" + n.idempotencyKey() + "@example.com>").toList());
  }

  private static String messageId(MimeMessage message) {
    return headerUnchecked(message, "Message-ID");
  }

  private static String headerUnchecked(MimeMessage message, String name) {
    try {
      return header(message, name);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
