package io.helpdesk.notifier.smtp;

import static io.helpdesk.notifier.smtp.Fixtures.KIM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import io.helpdesk.core.InvalidInputException;
import io.helpdesk.core.model.Role;
import io.helpdesk.core.model.Ticket;
import io.helpdesk.core.spi.Notification;
import io.helpdesk.core.spi.Recipient;
import io.helpdesk.notifier.smtp.Fixtures.Parts;
import jakarta.mail.Header;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("SMTP notifier: untrusted text is escaped and never reaches a header")
class SmtpNotifierEscapingTest {
  private static final String INJECTION = "\r\nBcc: evil@example.com\r\nX-Evil: yes";
  private static final Set<String> EXPECTED_HEADERS =
      Set.of(
          "Return-Path",
          "Received",
          "Date",
          "From",
          "To",
          "Message-ID",
          "Subject",
          "In-Reply-To",
          "References",
          "Auto-Submitted",
          "X-Auto-Response-Suppress",
          "X-Helpdesk-Notification",
          "MIME-Version",
          "Content-Type");

  @RegisterExtension
  static final GreenMailExtension greenMail = new GreenMailExtension(MailServers.smtp());

  private SmtpNotifier notifier;

  @BeforeEach
  void setUp() {
    notifier =
        SmtpNotifier.create(
            SmtpConfig.builder()
                .host(greenMail.getSmtp().getServerSetup().getBindAddress())
                .port(greenMail.getSmtp().getPort())
                .tlsMode(TlsMode.NONE)
                .fromAddress("helpdesk@example.com")
                .webBaseUrl(Fixtures.BASE_URL)
                .build());
  }

  private MimeMessage onlyMessage() {
    MimeMessage[] received = greenMail.getReceivedMessages();
    assertThat(received).as("exactly one mail, to exactly one mailbox").hasSize(1);
    return received[0];
  }

  /** No extra recipients, no extra headers, no line break in the subject. */
  private static void assertHeadersIntact(MimeMessage message, String to) throws Exception {
    assertThat(message.getAllRecipients())
        .extracting(address -> ((InternetAddress) address).getAddress())
        .containsExactly(to);
    assertThat(message.getRecipients(Message.RecipientType.BCC)).isNull();
    assertThat(message.getRecipients(Message.RecipientType.CC)).isNull();
    List<Header> headers = Collections.list(message.getAllHeaders());
    assertThat(headers).extracting(Header::getName).allMatch(EXPECTED_HEADERS::contains);
    assertThat(message.getHeader("X-Evil")).isNull();
    assertThat(message.getSubject()).doesNotContain("\r").doesNotContain("\n");
    for (Header header : headers) {
      String unfolded = header.getValue().replace("\r\n ", " ").replace("\r\n\t", "\t");
      assertThat(unfolded).as(header.getName()).doesNotContain("\r").doesNotContain("\n");
    }
  }

  @Test
  @DisplayName("HTML in title, description and AI notes is escaped in the HTML part")
  void htmlIsEscaped() throws Exception {
    Ticket ticket =
        Fixtures.ticket(
            "<script>alert('title')</script> & co",
            "Look: <img src=x onerror=alert(1)> \"quoted\"",
            "<a href=\"javascript:alert(2)\">click</a>");

    notifier.send(Fixtures.assigned(ticket));

    MimeMessage message = onlyMessage();
    Parts parts = Fixtures.parts(message);
    assertThat(parts.html())
        .doesNotContain("<script")
        .doesNotContain("<img")
        .doesNotContain("<a href=\"javascript")
        .contains("&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; &amp; co")
        .contains("&lt;img src=x onerror=alert(1)&gt; &quot;quoted&quot;")
        .contains("&lt;a href=&quot;javascript:alert(2)&quot;&gt;click&lt;/a&gt;");
    assertThat(parts.text()).contains("<script>alert('title')</script> & co");
    assertThat(message.getSubject())
        .isEqualTo("[High] Assigned to you: <script>alert('title')</script> & co");
  }

  @Test
  @DisplayName(
      "a title with CR/LF (built past NewTicket's checks) cannot add headers or recipients")
  void titleInjection() throws Exception {
    Ticket ticket = Fixtures.ticket("Cluster down" + INJECTION, "Nothing here.");

    notifier.send(Fixtures.assigned(ticket));

    MimeMessage message = onlyMessage();
    assertHeadersIntact(message, KIM.email());
    assertThat(message.getSubject())
        .isEqualTo("[High] Assigned to you: Cluster down Bcc: evil@example.com X-Evil: yes");
  }

  @Test
  @DisplayName("Unicode line separators and other control characters are flattened too")
  void unicodeBreaks() throws Exception {
    Ticket ticket =
        Fixtures.ticket("A\u2028Bcc: evil@example.com\u0085B\u2029C\u0000D\u001bE\u200eF", "x");

    notifier.send(Fixtures.assigned(ticket));

    MimeMessage message = onlyMessage();
    assertHeadersIntact(message, KIM.email());
    assertThat(message.getSubject())
        .as("breaks become spaces, invisible format characters are dropped")
        .isEqualTo("[High] Assigned to you: A Bcc: evil@example.com B C D EF");
  }

  @Test
  @DisplayName("a display name with quotes, commas and angle brackets stays one recipient's name")
  void displayNameInjection() throws Exception {
    assertThatThrownBy(
            () ->
                new Recipient(KIM.memberId(), "kim@example.com", "Kim" + INJECTION, Role.MODERATOR))
        .as("line breaks cannot even reach a recipient's name")
        .isInstanceOf(InvalidInputException.class);
    Recipient sneaky =
        new Recipient(
            KIM.memberId(),
            "kim@example.com",
            "Kim \"Ops\", <boss@example.com> Bcc: evil@example.com X-Evil: yes",
            Role.MODERATOR);
    Ticket ticket = Fixtures.plainTicket();

    notifier.send(
        new Notification.TicketAssigned(
            Fixtures.key(sneaky), sneaky, ticket, ticket.assignment().orElseThrow()));

    MimeMessage message = onlyMessage();
    assertHeadersIntact(message, "kim@example.com");
    InternetAddress to = (InternetAddress) message.getRecipients(Message.RecipientType.TO)[0];
    assertThat(to.getPersonal())
        .isEqualTo("Kim \"Ops\", <boss@example.com> Bcc: evil@example.com X-Evil: yes");
    assertThat(Fixtures.parts(message).html())
        .contains("Hello Kim &quot;Ops&quot;, &lt;boss@example.com&gt; Bcc: evil@example.com");
  }

  @Test
  @DisplayName("injection attempts in description, AI notes, comment bodies and author names")
  void multiLineFields() throws Exception {
    Ticket ticket =
        Fixtures.ticket(
            "Printer", "Line one" + INJECTION + "\r\n\r\n<b>body</b>", "Notes" + INJECTION);

    notifier.send(Fixtures.assigned(ticket));
    Notification.CommentAdded comment =
        new Notification.CommentAdded(
            Fixtures.key(Fixtures.RITA),
            Fixtures.RITA,
            ticket,
            Fixtures.commentToRequester(ticket, "Hi" + INJECTION).comment(),
            "Mallory" + INJECTION);
    notifier.send(comment);

    MimeMessage[] received = greenMail.getReceivedMessages();
    assertThat(received).hasSize(2);
    for (MimeMessage message : received) {
      String to = ((InternetAddress) message.getAllRecipients()[0]).getAddress();
      assertHeadersIntact(message, to);
      Parts parts = Fixtures.parts(message);
      assertThat(parts.html()).doesNotContain("<b>body</b>");
    }
    MimeMessage toRita =
        received[0].getAllRecipients()[0].toString().contains("rita") ? received[0] : received[1];
    assertThat(Fixtures.parts(toRita).text())
        .contains("Mallory Bcc: evil@example.com X-Evil: yes commented on \"Printer\":")
        .contains("Hi\nBcc: evil@example.com\nX-Evil: yes");
  }
}
