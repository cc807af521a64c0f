package io.helpdesk.notifier.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.helpdesk.core.NotificationFailedException;
import io.helpdesk.core.spi.Notification;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("SMTP notifier: authentication, TLS and failure classification")
class SmtpNotifierDeliveryTest {
  private static final Notification NOTIFICATION = Fixtures.assigned(Fixtures.plainTicket());

  private static SmtpConfig.Builder config(String host, int port, TlsMode mode) {
    return SmtpConfig.builder()
        .host(host)
        .port(port)
        .tlsMode(mode)
        .fromAddress("helpdesk@example.com")
        .webBaseUrl(Fixtures.BASE_URL)
        .timeouts(Duration.ofSeconds(5));
  }

  private static NotificationFailedException failure(SmtpNotifier notifier) {
    return catchThrowableOfType(
        NotificationFailedException.class, () -> notifier.send(NOTIFICATION));
  }

  @Nested
  @DisplayName("with authentication (GreenMail, user with password)")
  class Authentication {
    @RegisterExtension
    final GreenMailExtension greenMail =
        new GreenMailExtension(MailServers.smtp())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("mailer", "s3cret"));

    private SmtpConfig.Builder greenMailConfig() {
      return config(
          greenMail.getSmtp().getServerSetup().getBindAddress(),
          greenMail.getSmtp().getPort(),
          TlsMode.NONE);
    }

    @Test
    @DisplayName("the right password delivers, and the health check says UP")
    void rightPassword() {
      SmtpNotifier notifier =
          SmtpNotifier.create(greenMailConfig().credentials("mailer", "s3cret").build());

      notifier.send(NOTIFICATION);

      assertThat(greenMail.getReceivedMessages()).hasSize(1);
      SmtpHealth health = notifier.checkHealth();
      assertThat(health.status()).isEqualTo(SmtpHealth.Status.UP);
      assertThat(health.healthy()).isTrue();
    }

    @Test
    @DisplayName("a wrong password is a permanent failure and CREDENTIALS_REJECTED")
    void wrongPassword() {
      SmtpNotifier notifier =
          SmtpNotifier.create(greenMailConfig().credentials("mailer", "wrong").build());

      NotificationFailedException failure = failure(notifier);

      assertThat(failure.retryable()).isFalse();
      assertThat(failure.getMessage()).contains("authentication").doesNotContain("wrong");
      assertThat(greenMail.getReceivedMessages()).isEmpty();
      SmtpHealth health = notifier.checkHealth();
      assertThat(health.status()).isEqualTo(SmtpHealth.Status.CREDENTIALS_REJECTED);
      assertThat(health.detail()).doesNotContain("wrong");
    }
  }

  @Nested
  @DisplayName("TLS")
  class Tls {
    @RegisterExtension
    final GreenMailExtension greenMail =
        new GreenMailExtension(
            new com.icegreen.greenmail.util.ServerSetup[] {
              MailServers.smtp(), ServerSetupTest.SMTPS.dynamicPort()
            });

    @Test
    @DisplayName("STARTTLS_REQUIRED upgrades the connection before sending (stub with STARTTLS)")
    void startTls() throws IOException {
      try (StubSmtpServer server = StubSmtpServer.start(StubSmtpServer.Behaviour.withStartTls())) {
        SmtpNotifier notifier =
            SmtpNotifier.create(
                config(server.host(), server.port(), TlsMode.STARTTLS_REQUIRED)
                    .trustedHosts(Set.of(server.host()))
                    .checkServerIdentity(false)
                    .build());

        notifier.send(NOTIFICATION);

        assertThat(server.commands()).anyMatch(command -> command.equalsIgnoreCase("STARTTLS"));
        assertThat(server.deliveries()).hasSize(1);
        assertThat(server.deliveries().get(0).overTls()).isTrue();
        assertThat(server.deliveries().get(0).data())
            .contains("Subject: [High] Assigned to you: Cluster down");
      }
    }

    @Test
    @DisplayName("STARTTLS_REQUIRED refuses a server without STARTTLS: permanent, nothing sent")
    void startTlsNotOffered() {
      SmtpNotifier notifier =
          SmtpNotifier.create(
              config(
                      greenMail.getSmtp().getServerSetup().getBindAddress(),
                      greenMail.getSmtp().getPort(),
                      TlsMode.STARTTLS_REQUIRED)
                  .build());

      NotificationFailedException failure = failure(notifier);

      assertThat(failure.retryable()).isFalse();
      assertThat(failure.getMessage()).contains("(tls)");
      assertThat(greenMail.getReceivedMessages()).isEmpty();
      assertThat(notifier.checkHealth().status()).isEqualTo(SmtpHealth.Status.TLS_FAILED);
    }

    @Test
    @DisplayName("IMPLICIT_TLS delivers over SMTPS (GreenMail) when its certificate is trusted")
    void implicitTls() {
      String host = greenMail.getSmtps().getServerSetup().getBindAddress();
      SmtpNotifier notifier =
          SmtpNotifier.create(
              config(host, greenMail.getSmtps().getPort(), TlsMode.IMPLICIT_TLS)
                  .trustedHosts(Set.of(host))
                  .checkServerIdentity(false)
                  .build());

      notifier.send(NOTIFICATION);

      assertThat(greenMail.getReceivedMessages()).hasSize(1);
      assertThat(notifier.checkHealth().status()).isEqualTo(SmtpHealth.Status.UP);
    }

    @Test
    @DisplayName("IMPLICIT_TLS validates certificates by default: a self-signed one is refused")
    void untrustedCertificate() {
      SmtpNotifier notifier =
          SmtpNotifier.create(
              config(
                      greenMail.getSmtps().getServerSetup().getBindAddress(),
                      greenMail.getSmtps().getPort(),
                      TlsMode.IMPLICIT_TLS)
                  .build());

      NotificationFailedException failure = failure(notifier);

      assertThat(failure.retryable()).isFalse();
      assertThat(failure.getMessage()).contains("(tls)");
      assertThat(greenMail.getReceivedMessages()).isEmpty();
    }
  }

  @Nested
  @DisplayName("failures")
  class Failures {
    @Test
    @DisplayName("server down (connection refused) is retryable, health UNREACHABLE")
    void serverDown() throws IOException {
      int closedPort;
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        closedPort = socket.getLocalPort();
      }
      SmtpNotifier notifier =
          SmtpNotifier.create(config("127.0.0.1", closedPort, TlsMode.NONE).build());

      NotificationFailedException failure = failure(notifier);

      assertThat(failure.retryable()).isTrue();
      assertThat(failure.getMessage()).contains("(connection)");
      assertThat(notifier.checkHealth().status()).isEqualTo(SmtpHealth.Status.UNREACHABLE);
    }

    @Test
    @DisplayName("a server that never answers times out within the read timeout: retryable")
    void timeout() throws IOException {
      try (StubSmtpServer server =
          StubSmtpServer.start(StubSmtpServer.Behaviour.neverAnswering())) {
        SmtpNotifier notifier =
            SmtpNotifier.create(
                config(server.host(), server.port(), TlsMode.NONE)
                    .readTimeout(Duration.ofMillis(300))
                    .build());

        long started = System.nanoTime();
        NotificationFailedException failure = failure(notifier);

        assertThat(failure.retryable()).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
      }
    }

    @Test
    @DisplayName("550 unknown recipient is permanent")
    void recipientRejected() throws IOException {
      try (StubSmtpServer server =
          StubSmtpServer.start(
              StubSmtpServer.Behaviour.rejectingRecipients("550 5.1.1 no such user here"))) {
        SmtpNotifier notifier =
            SmtpNotifier.create(config(server.host(), server.port(), TlsMode.NONE).build());

        NotificationFailedException failure = failure(notifier);

        assertThat(failure.retryable()).isFalse();
        assertThat(failure.getMessage()).contains("(rejected): 550 5.1.1 no such user here");
        assertThat(server.deliveries()).isEmpty();
      }
    }

    @Test
    @DisplayName("451 temporary rejection is retryable")
    void temporaryRejection() throws IOException {
      try (StubSmtpServer server =
          StubSmtpServer.start(
              StubSmtpServer.Behaviour.rejectingRecipients("451 4.7.1 greylisted, try later"))) {
        SmtpNotifier notifier =
            SmtpNotifier.create(config(server.host(), server.port(), TlsMode.NONE).build());

        NotificationFailedException failure = failure(notifier);

        assertThat(failure.retryable()).isTrue();
        assertThat(failure.getMessage()).contains("(deferred): 451 4.7.1 greylisted, try later");
        assertThat(server.deliveries()).isEmpty();
      }
    }

    @Test
    @DisplayName("554 after DATA (message refused) is permanent")
    void dataRejected() throws IOException {
      assertClassified(
          StubSmtpServer.Behaviour.rejectingData("554 5.7.1 message refused"), false, "(rejected)");
    }

    @Test
    @DisplayName("452 to MAIL FROM (insufficient storage) is retryable")
    void senderDeferred() throws IOException {
      assertClassified(
          StubSmtpServer.Behaviour.rejectingSender("452 4.3.1 insufficient system storage"),
          true,
          "(deferred)");
    }

    @Test
    @DisplayName("a health check against a server that never answers ends within its timeout")
    void healthTimeout() throws IOException {
      try (StubSmtpServer server =
          StubSmtpServer.start(StubSmtpServer.Behaviour.neverAnswering())) {
        SmtpNotifier notifier =
            SmtpNotifier.create(config(server.host(), server.port(), TlsMode.NONE).build());

        SmtpHealth health = notifier.checkHealth(Duration.ofMillis(300));

        assertThat(health.status()).isEqualTo(SmtpHealth.Status.UNREACHABLE);
        assertThat(health.elapsed()).isLessThan(Duration.ofSeconds(4));
      }
    }

    private void assertClassified(
        StubSmtpServer.Behaviour behaviour, boolean retryable, String kind) throws IOException {
      try (StubSmtpServer server = StubSmtpServer.start(behaviour)) {
        SmtpNotifier notifier =
            SmtpNotifier.create(config(server.host(), server.port(), TlsMode.NONE).build());

        NotificationFailedException failure = failure(notifier);

        assertThat(failure.retryable()).isEqualTo(retryable);
        assertThat(failure.getMessage()).contains(kind);
        assertThat(server.deliveries()).isEmpty();
      }
    }

    @Test
    @DisplayName("the stub accepts a normal delivery (so the rejections above are the replies')")
    void stubAccepts() throws IOException {
      try (StubSmtpServer server = StubSmtpServer.start(StubSmtpServer.Behaviour.accepting())) {
        SmtpNotifier.create(config(server.host(), server.port(), TlsMode.NONE).build())
            .send(NOTIFICATION);

        assertThat(server.deliveries()).hasSize(1);
        assertThat(server.deliveries().get(0).overTls()).isFalse();
      }
    }
  }
}
