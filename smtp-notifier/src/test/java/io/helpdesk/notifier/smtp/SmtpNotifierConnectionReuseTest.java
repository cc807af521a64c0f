package io.helpdesk.notifier.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import io.helpdesk.core.NotificationFailedException;
import io.helpdesk.core.spi.Notification;
import io.helpdesk.testkit.MutableClock;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.util.StreamProvider;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@DisplayName("SMTP notifier: connection reuse")
class SmtpNotifierConnectionReuseTest {

  private static SmtpConfig.Builder config(String host, int port) {
    return Fixtures.plainConfig(host, port).timeouts(Duration.ofSeconds(5));
  }

  private static SmtpConfig.Builder config(StubSmtpServer server) {
    return config(server.host(), server.port());
  }

  private static Notification mail() {
    return Fixtures.assigned(Fixtures.plainTicket());
  }

  private static void sendMails(SmtpNotifier notifier, int count) {
    for (int i = 0; i < count; i++) {
      notifier.send(mail());
    }
  }

  @Nested
  @DisplayName("against a server that counts connections")
  class Counted {
    @Test
    @DisplayName("several mails in a row go over one connection, checked with NOOP before each")
    void severalMailsOneConnection() throws IOException {
      try (StubSmtpServer server = StubSmtpServer.start(StubSmtpServer.Behaviour.accepting());
          SmtpNotifier notifier = SmtpNotifier.create(config(server).build())) {
        sendMails(notifier, 5);

        assertThat(server.deliveries()).hasSize(5);
        assertThat(server.connections()).isEqualTo(1);
        assertThat(server.count("EHLO")).isEqualTo(1);
        assertThat(server.count("NOOP")).isEqualTo(4);
        assertThat(server.count("QUIT")).isZero();
        assertThat(notifier.idleConnections()).isEqualTo(1);
      }
    }

    @Test
    @DisplayName("the health check uses a connection of its own and leaves the pool alone")
    void healthCheckSeparate() throws IOException {
      try (StubSmtpServer server = StubSmtpServer.start(StubSmtpServer.Behaviour.accepting());
          SmtpNotifier notifier = SmtpNotifier.create(config(server).build())) {
        notifier.send(mail());

        assertThat(notifier.checkHealth().status()).isEqualTo(SmtpHealth.Status.UP);
        notifier.send(mail());

        assertThat(server.connections()).isEqualTo(2);
        assertThat(server.count("QUIT")).isEqualTo(1);
        assertThat(notifier.idleConnections()).isEqualTo(1);
      }
    }

    @Test
    @DisplayName("maxIdleConnections 0: one connection per mail, each closed with QUIT")
    void noReuse() throws IOException {
      try (StubSmtpServer server = StubSmtpServer.start(StubSmtpServer.Behaviour.accepting());
          SmtpNotifier notifier =
              SmtpNotifier.create(config(server).maxIdleConnections(0).build())) {
        sendMails(notifier, 3);

        assertThat(server.deliveries()).hasSize(3);
        assertThat(server.connections()).isEqualTo(3);
        assertThat(server.count("QUIT")).isEqualTo(3);
        assertThat(server.count("NOOP")).isZero();
        assertThat(notifier.idleConnections()).isZero();
      }
    }

    @Test
    @DisplayName("maxMessagesPerConnection 3: seven mails take three connections")
    void messageCap() throws IOException {
      try (StubSmtpServer server = StubSmtpServer.start(StubSmtpServer.Behaviour.accepting());
          SmtpNotifier notifier =
              SmtpNotifier.create(config(server).maxMessagesPerConnection(3).build())) {
        sendMails(notifier, 7);

        assertThat(server.deliveries()).hasSize(7);
        assertThat(server.connections()).isEqualTo(3);
        assertThat(server.count("QUIT")).isEqualTo(2);
        assertThat(notifier.idleConnections()).isEqualTo(1);
      }
    }

    @Test
    @DisplayName("idleTimeout (on the injected clock): reused just before it, closed at it")
    void idleTimeout() throws IOException {
      MutableClock clock = MutableClock.startingMonday();
      try (StubSmtpServer server = StubSmtpServer.start(StubSmtpServer.Behaviour.accepting());
          SmtpNotifier notifier =
              SmtpNotifier.create(
                  config(server).idleTimeout(Duration.ofSeconds(30)).build(), clock)) {
        notifier.send(mail());
        clock.advance(Duration.ofSeconds(29));
        notifier.send(mail());

        assertThat(server.connections()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(30));
        notifier.send(mail());

        assertThat(server.deliveries()).hasSize(3);
        assertThat(server.connections()).isEqualTo(2);
        assertThat(server.count("QUIT")).isEqualTo(1);
        assertThat(notifier.idleConnections()).isEqualTo(1);
      }
    }

    @Test
    @DisplayName("close() closes the idle connections; a later send works on its own connection")
    void closeThenSend() throws IOException {
      try (StubSmtpServer server = StubSmtpServer.start(StubSmtpServer.Behaviour.accepting())) {
        SmtpNotifier notifier = SmtpNotifier.create(config(server).build());
        sendMails(notifier, 2);
        assertThat(notifier.idleConnections()).isEqualTo(1);

        notifier.close();

        assertThat(notifier.idleConnections()).isZero();
        assertThat(server.count("QUIT")).isEqualTo(1);

        notifier.send(mail());

        assertThat(server.deliveries()).hasSize(3);
        assertThat(server.connections()).isEqualTo(2);
        assertThat(server.count("QUIT")).isEqualTo(2);
        assertThat(notifier.idleConnections()).isZero();
        notifier.close();
      }
    }
  }

  @Nested
  @DisplayName("a server that hangs up")
  class HangingUp {
    @Test
    @DisplayName("on an idle connection: the NOOP notices, the next mail goes over a new one")
    void idleConnectionDropped() throws IOException {
      try (StubSmtpServer server =
              StubSmtpServer.start(
                  StubSmtpServer.Behaviour.hangingUp(StubSmtpServer.HangUp.AFTER_EACH_MAIL));
          SmtpNotifier notifier = SmtpNotifier.create(config(server).build())) {
        sendMails(notifier, 3);

        assertThat(server.deliveries()).hasSize(3);
        assertThat(server.connections()).isEqualTo(3);
        assertThat(server.count("MAIL")).isEqualTo(3);
      }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(
        value = StubSmtpServer.HangUp.class,
        names = {"AT_SECOND_MAIL_OF_A_CONNECTION", "WITH_421_AT_SECOND_MAIL_OF_A_CONNECTION"})
    @DisplayName(
        "during a mail on a reused connection (silently or with 421): sent once more over a new"
            + " connection")
    void reusedConnectionBreaks(StubSmtpServer.HangUp hangUp) throws IOException {
      try (StubSmtpServer server =
              StubSmtpServer.start(StubSmtpServer.Behaviour.hangingUp(hangUp));
          SmtpNotifier notifier = SmtpNotifier.create(config(server).build())) {
        sendMails(notifier, 2);

        assertThat(server.deliveries()).hasSize(2);
        assertThat(server.connections()).isEqualTo(2);
        assertThat(server.count("MAIL")).isEqualTo(3);
      }
    }

    @Test
    @DisplayName("again on the new connection: tried at most twice, then a retryable failure")
    void retriedOnlyOnce() throws IOException {
      try (StubSmtpServer server =
              StubSmtpServer.start(
                  StubSmtpServer.Behaviour.hangingUp(
                      StubSmtpServer.HangUp.AT_EVERY_MAIL_AFTER_THE_FIRST));
          SmtpNotifier notifier = SmtpNotifier.create(config(server).build())) {
        notifier.send(mail());

        NotificationFailedException failure =
            catchThrowableOfType(NotificationFailedException.class, () -> notifier.send(mail()));

        assertThat(failure.retryable()).isTrue();
        assertThat(failure.getMessage()).contains("(connection)");
        assertThat(server.deliveries()).hasSize(1);
        assertThat(server.connections()).isEqualTo(2);
        assertThat(server.count("MAIL")).isEqualTo(3);
        assertThat(notifier.idleConnections()).isZero();
      }
    }

    @Test
    @DisplayName("during a mail on a new connection: no second try")
    void newConnectionNotRetried() throws IOException {
      try (StubSmtpServer server =
              StubSmtpServer.start(
                  StubSmtpServer.Behaviour.hangingUp(
                      StubSmtpServer.HangUp.AT_EVERY_MAIL_AFTER_THE_FIRST));
          SmtpNotifier notifier =
              SmtpNotifier.create(config(server).maxIdleConnections(0).build())) {
        notifier.send(mail());

        NotificationFailedException failure =
            catchThrowableOfType(NotificationFailedException.class, () -> notifier.send(mail()));

        assertThat(failure.retryable()).isTrue();
        assertThat(server.connections()).isEqualTo(2);
        assertThat(server.count("MAIL")).isEqualTo(2);
      }
    }
  }

  @Nested
  @DisplayName("concurrently (GreenMail)")
  class Concurrent {
    private static final int THREADS = 8;
    private static final int MAILS_PER_THREAD = 50;
    private static final int MAX_IDLE = 4;

    @RegisterExtension
    final GreenMailExtension greenMail = new GreenMailExtension(MailServers.smtp());

    @Test
    @DisplayName("8 threads x 50 mails: each delivered exactly once, never more than 4 idle")
    void eightThreads() throws Exception {
      SmtpConfig smtp =
          config(
                  greenMail.getSmtp().getServerSetup().getBindAddress(),
                  greenMail.getSmtp().getPort())
              .maxIdleConnections(MAX_IDLE)
              .build();
      List<String> expectedIds = new ArrayList<>();
      List<List<Notification>> batches = new ArrayList<>();
      for (int thread = 0; thread < THREADS; thread++) {
        List<Notification> batch = new ArrayList<>();
        for (int i = 0; i < MAILS_PER_THREAD; i++) {
          Notification notification = mail();
          batch.add(notification);
          expectedIds.add(MessageIds.of(notification.idempotencyKey(), "example.com"));
        }
        batches.add(batch);
      }
      ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);
      try (SmtpNotifier notifier = SmtpNotifier.create(smtp)) {
        AtomicBoolean sending = new AtomicBoolean(true);
        AtomicInteger mostIdle = new AtomicInteger();
        Future<?> watcher =
            pool.submit(
                () -> {
                  while (sending.get()) {
                    mostIdle.accumulateAndGet(notifier.idleConnections(), Math::max);
                    Thread.onSpinWait();
                  }
                });
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> senders = new ArrayList<>();
        for (List<Notification> batch : batches) {
          senders.add(
              pool.submit(
                  () -> {
                    start.await();
                    batch.forEach(notifier::send);
                    return null;
                  }));
        }
        start.countDown();
        for (Future<?> sender : senders) {
          sender.get();
        }
        sending.set(false);
        watcher.get();

        assertThat(mostIdle.get()).isLessThanOrEqualTo(MAX_IDLE);
        assertThat(notifier.idleConnections()).isBetween(1, MAX_IDLE);
      } finally {
        pool.shutdownNow();
      }
      MimeMessage[] received = greenMail.getReceivedMessages();
      assertThat(Arrays.stream(received).map(SmtpNotifierConnectionReuseTest::messageId))
          .hasSize(THREADS * MAILS_PER_THREAD)
          .containsExactlyInAnyOrderElementsOf(expectedIds);
    }
  }

  private static String messageId(MimeMessage message) {
    try {
      return message.getMessageID();
    } catch (MessagingException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  @DisplayName(
      "names Angus's StreamProvider, so Jakarta Mail loads it without a ServiceLoader scan")
  void streamProviderProperty() {
    SmtpNotifier.create(config("localhost", 25).build()).close();

    assertThat(System.getProperty(StreamProvider.class.getName()))
        .isEqualTo(SmtpNotifier.ANGUS_STREAM_PROVIDER);
    assertThat(StreamProvider.provider().getClass().getName())
        .isEqualTo(SmtpNotifier.ANGUS_STREAM_PROVIDER);
  }
}
