package io.helpdesk.notifier.smtp;

import static io.helpdesk.notifier.smtp.Fixtures.ADA;
import static io.helpdesk.notifier.smtp.Fixtures.BASE_URL;
import static io.helpdesk.notifier.smtp.Fixtures.KIM;
import static io.helpdesk.notifier.smtp.Fixtures.NOW;
import static io.helpdesk.notifier.smtp.Fixtures.RITA;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.helpdesk.core.model.Ticket;
import io.helpdesk.core.spi.Notification;
import io.helpdesk.core.spi.Recipient;
import io.helpdesk.notifier.smtp.Fixtures.Parts;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
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
  static final GreenMailExtension greenMail =
      new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

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
    assertThat(message.getSubject()).isEqualTo("Assigned to you: Cluster down");
    assertThat(header(message, "X-Helpdesk-Notification")).isEqualTo("ticket-assigned");
    Parts parts = assertParts(message);
    assertThat(parts.text())
        .contains("Hello Kim Ops,")
        .contains("The ticket \"Cluster down\" was assigned to you.")
        .contains("Priority: HIGH")
        .contains("Due: Wed, 7 Jan 2026, 17:00 UTC")
        .contains("Skills: kubernetes, database")
        .contains("Why you: matches kubernetes, database; 1 of 3 open")
        .contains("Notes (AI analysis, gemini-test):\nCheck the ingress controller logs first.")
        .contains("The staging cluster does not answer.");
    assertThat(parts.html())
        .contains("<th align=\"left\">Priority</th><td>HIGH</td>")
        .contains("<td>Wed, 7 Jan 2026, 17:00 UTC</td>")
        .contains("<td>kubernetes, database</td>")
        .contains("Check the ingress controller logs first.")
        .contains("The ticket &quot;Cluster down&quot; was assigned to you.");
  }

  @Test
  @DisplayName("status changed: to the requester, from and to status and who changed it")
  void statusChanged() throws Exception {
    Notification.StatusChanged notification = Fixtures.statusChanged(ticket);
    MimeMessage message = sendAndReceive(notification);

    assertEnvelope(message, RITA, notification.idempotencyKey());
    assertThat(message.getSubject()).isEqualTo("Your ticket is now In progress: Cluster down");
    Parts parts = assertParts(message);
    assertThat(parts.text())
        .contains("Hello Rita Requester,")
        .contains("Your ticket \"Cluster down\" moved from To do to In progress by Kim Ops.")
        .doesNotContain("Check the ingress controller logs first.");
    assertThat(parts.html()).contains("moved from To do to In progress by Kim Ops.");
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
        .contains("Kim Ops commented on \"Cluster down\".")
        .contains("Comment:\nCould you restart the node?\nThanks!")
        .doesNotContain("internal");
    assertThat(parts.html()).contains("Could you restart the node?<br>\nThanks!");
  }

  @Test
  @DisplayName("internal note: only to staff, and marked as staff only")
  void internalNote() throws Exception {
    Notification.CommentAdded notification =
        Fixtures.internalNoteToStaff(ticket, "Requester is a VIP.");
    MimeMessage message = sendAndReceive(notification);

    assertEnvelope(message, KIM, notification.idempotencyKey());
    assertThat(message.getSubject()).isEqualTo("Internal note on: Cluster down");
    assertThat(assertParts(message).text())
        .contains("Ada Admin added an internal note to \"Cluster down\".")
        .contains("Internal note (staff only):\nRequester is a VIP.");
  }

  @Test
  @DisplayName("triage needed: to an admin, with the reason and the ticket's facts")
  void triageNeeded() throws Exception {
    Notification.TriageNeeded notification = Fixtures.triage(ticket);
    MimeMessage message = sendAndReceive(notification);

    assertEnvelope(message, ADA, notification.idempotencyKey());
    assertThat(message.getSubject()).isEqualTo("Needs triage: Cluster down");
    assertThat(assertParts(message).text())
        .contains("No moderator could be assigned to \"Cluster down\".")
        .contains("Why: no moderator has the skill kubernetes")
        .contains("Priority: HIGH")
        .contains("Due: Wed, 7 Jan 2026, 17:00 UTC");
  }

  @Test
  @DisplayName("job dead-lettered: to an admin, with the job and its last error")
  void jobDeadLettered() throws Exception {
    Notification.JobDeadLettered notification = Fixtures.deadLettered(ticket);
    MimeMessage message = sendAndReceive(notification);

    assertEnvelope(message, ADA, notification.idempotencyKey());
    assertThat(message.getSubject()).isEqualTo("Failed for good (notify): Cluster down");
    assertThat(assertParts(message).text())
        .contains("Job: #42 (notify)")
        .contains("Error: SMTP delivery failed: 451 try later")
        .contains("dead-letter list");
  }

  @Test
  @DisplayName("non-ASCII subjects and bodies travel as UTF-8 (RFC 2047 encoded subject)")
  void utf8() throws Exception {
    ticket = Fixtures.ticket("Drucker im 2. Stock: Größe falsch – 日本 😀", "Ärger mit ß und €.");
    MimeMessage message = sendAndReceive(Fixtures.assigned(ticket));

    assertThat(message.getSubject())
        .isEqualTo("Assigned to you: Drucker im 2. Stock: Größe falsch – 日本 😀");
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
