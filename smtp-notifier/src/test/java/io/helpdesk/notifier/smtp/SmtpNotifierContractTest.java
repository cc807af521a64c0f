package io.helpdesk.notifier.smtp;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import io.helpdesk.core.spi.Notifier;
import io.helpdesk.testkit.DeliveredMessage;
import io.helpdesk.testkit.NotifierContractTest;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("SMTP notifier passes the notifier contract (GreenMail)")
class SmtpNotifierContractTest extends NotifierContractTest {
  @RegisterExtension
  static final GreenMailExtension greenMail = new GreenMailExtension(MailServers.smtp());

  private static SmtpConfig.Builder config(String host, int port) {
    return Fixtures.plainConfig(host, port);
  }

  @Override
  protected Notifier createNotifier() {
    return SmtpNotifier.create(
        config(greenMail.getSmtp().getServerSetup().getBindAddress(), greenMail.getSmtp().getPort())
            .build());
  }

  @Override
  protected Optional<Notifier> createUnreachableNotifier() {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Optional.of(SmtpNotifier.create(config("127.0.0.1", closedPort).build()));
  }

  @Override
  protected List<DeliveredMessage> delivered() {
    return Arrays.stream(greenMail.getReceivedMessages())
        .map(SmtpNotifierContractTest::asDelivered)
        .toList();
  }

  private static DeliveredMessage asDelivered(MimeMessage message) {
    try {
      return new DeliveredMessage(
          ((InternetAddress) message.getRecipients(Message.RecipientType.TO)[0]).getAddress(),
          message.getSubject(),
          Fixtures.parts(message).text(),
          Optional.ofNullable(message.getMessageID()));
    } catch (MessagingException | IOException e) {
      throw new AssertionError("unreadable mail", e);
    }
  }
}
