package io.helpdesk.notifier.smtp;

import io.helpdesk.core.NotificationFailedException;
import io.helpdesk.core.model.Limits;
import io.helpdesk.core.notifier.NotificationText;
import io.helpdesk.core.notifier.RenderedMessage;
import io.helpdesk.core.spi.Notification;
import io.helpdesk.core.spi.Notifier;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.StreamProvider;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends notifications as email over SMTP (Jakarta Mail, Eclipse Angus).
 *
 * <p>Each notification becomes one {@code multipart/alternative} mail (plain text and HTML, UTF-8)
 * to its recipient. The Message-ID comes from the notification's idempotency key, so a resend after
 * a crash carries the same id; {@code In-Reply-To} and {@code References} name one id per ticket,
 * so mail clients thread a ticket's mails. Untrusted text is HTML-escaped and never reaches a
 * header with a line break in it.
 *
 * <p>Connections are reused: up to {@link SmtpConfig#maxIdleConnections()} connected SMTP sessions
 * wait between mails (see {@link SmtpConfig} for their idle timeout and message cap). A server may
 * hang up on a waiting connection, so a mail whose reused connection turns out broken (a connection
 * failure, or a {@code 421} reply) is sent once more at once over a new connection. If the broken
 * connection had already delivered it, the recipient gets it twice, with the same Message-ID: at
 * most one duplicate per send, within the {@link Notifier} contract's at-least-once.
 *
 * <p>Thread-safe: the mail {@link Session} and the pool are shared, and a connection carries one
 * mail at a time. Failures are {@link NotificationFailedException}s, retryable or permanent as the
 * README's table says. {@link #close()} closes the waiting connections.
 */
public final class SmtpNotifier implements Notifier, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SmtpNotifier.class);
  private static final String UTF_8 = StandardCharsets.UTF_8.name();
  static final Duration DEFAULT_HEALTH_TIMEOUT = Duration.ofSeconds(5);
  static final String ANGUS_STREAM_PROVIDER = "org.eclipse.angus.mail.util.MailStreamProvider";

  static {
    nameTheStreamProvider();
  }

  private final SmtpConfig config;
  private final Clock clock;
  private final Session session;
  private final MailTemplates templates;
  private final InternetAddress from;
  private final SmtpConnections connections;

  private SmtpNotifier(SmtpConfig config, Clock clock) {
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.session =
        Session.getInstance(
            properties(
                config, config.connectTimeout(), config.readTimeout(), config.writeTimeout()));
    this.templates = new MailTemplates(config.webBaseUrl());
    this.from = address(config.fromAddress(), config.fromName());
    this.connections = new SmtpConnections(session, config, clock);
  }

  /**
   * Jakarta Mail 2.1 finds its {@link StreamProvider} through {@link java.util.ServiceLoader} each
   * time a {@link MimeBodyPart} or {@link MimeMultipart} is built and each time a part is written
   * or encoded (jakartaee/mail-api issues 699 and 861, fixed only in 2.2): a scan of every jar's
   * {@code META-INF/services}, several times per mail. Its {@code FactoryFinder} first reads the
   * system property named after the interface and, when it is set, loads that class directly. So we
   * name Angus's provider there, unless the host already set the property.
   *
   * <p>The property is global, and {@code FactoryFinder} loads the class through the calling
   * thread's context class loader first and fails, instead of falling back, if that loader cannot
   * see it. So we set it only if Angus is visible from the system class loader too, the default
   * context loader of threads nobody set one for: true on a flat class path (the server's jar),
   * false in nested-jar launchers and application servers, where Jakarta Mail keeps its scan.
   */
  private static void nameTheStreamProvider() {
    String property = StreamProvider.class.getName();
    if (System.getProperty(property) != null) {
      return;
    }
    for (ClassLoader loader :
        List.of(SmtpNotifier.class.getClassLoader(), ClassLoader.getSystemClassLoader())) {
      try {
        Class.forName(ANGUS_STREAM_PROVIDER, false, loader);
      } catch (ClassNotFoundException e) {
        log.debug(
            "{} is not visible from {}; Jakarta Mail keeps its lookup", e.getMessage(), loader);
        return;
      }
    }
    System.getProperties().putIfAbsent(property, ANGUS_STREAM_PROVIDER);
  }

  public static SmtpNotifier create(SmtpConfig config) {
    return new SmtpNotifier(config, Clock.systemUTC());
  }

  /** The clock dates each mail's {@code Date} header. */
  public static SmtpNotifier create(SmtpConfig config, Clock clock) {
    return new SmtpNotifier(config, clock);
  }

  public SmtpConfig config() {
    return config;
  }

  /**
   * Sends the mail over a waiting connection or a new one; once more over a new one if a reused
   * connection turns out broken (see the class comment). Still works after {@link #close()}, with
   * one connection per mail.
   */
  @Override
  public void send(Notification notification) {
    MimeMessage message = compose(notification);
    Address[] envelope = {recipientAddress(notification)};
    try {
      SmtpConnections.Connection connection = connections.borrow();
      try {
        connections.send(connection, message, envelope);
      } catch (MessagingException e) {
        if (!connection.reused() || !SmtpFailure.classify(e).connectionLost()) {
          throw e;
        }
        log.debug(
            "a reused SMTP connection failed ({}); sending {} once more over a new one",
            e.getMessage(),
            notification.idempotencyKey());
        connections.send(connections.open(), message, envelope);
      }
      log.debug(
          "sent {} {} to {}",
          notification.kind(),
          notification.idempotencyKey(),
          notification.recipient().email());
    } catch (MessagingException e) {
      SmtpFailure failure = SmtpFailure.classify(e);
      String text =
          "SMTP delivery of "
              + notification.kind()
              + " to "
              + notification.recipient().email()
              + " failed ("
              + failure.kind().name().toLowerCase(Locale.ROOT)
              + "): "
              + failure.summary();
      throw failure.retryable()
          ? NotificationFailedException.retryable(text, e)
          : NotificationFailedException.permanent(text, e);
    }
  }

  /**
   * Closes the waiting connections. Sends in flight finish and close their connections instead of
   * pooling them; a later send still works, over a connection of its own that it closes.
   */
  @Override
  public void close() {
    connections.close();
  }

  /** How many connections wait for the next mail. */
  int idleConnections() {
    return connections.idleConnections();
  }

  /**
   * Connects, sets up TLS and logs in as configured, then disconnects, all within {@code timeout}
   * per step. Sends nothing.
   */
  public SmtpHealth checkHealth(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    Session probe = Session.getInstance(properties(config, timeout, timeout, timeout));
    long started = System.nanoTime();
    try {
      Transport transport = SmtpConnections.connect(probe, config);
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      SmtpConnections.closeQuietly(transport);
      return new SmtpHealth(
          SmtpHealth.Status.UP, "connected to " + config.host() + ":" + config.port(), took);
    } catch (MessagingException e) {
      SmtpFailure failure = SmtpFailure.classify(e);
      SmtpHealth.Status status =
          switch (failure.kind()) {
            case AUTHENTICATION -> SmtpHealth.Status.CREDENTIALS_REJECTED;
            case TLS -> SmtpHealth.Status.TLS_FAILED;
            case CONNECTION -> SmtpHealth.Status.UNREACHABLE;
            case REJECTED, DEFERRED, OTHER -> SmtpHealth.Status.ERROR;
          };
      return new SmtpHealth(
          status, failure.summary(), Duration.ofNanos(System.nanoTime() - started));
    }
  }

  /** {@link #checkHealth(Duration)} with a 5 s timeout. */
  public SmtpHealth checkHealth() {
    return checkHealth(DEFAULT_HEALTH_TIMEOUT);
  }

  /** Builds the mail; a failure here is ours, not the server's, and retrying cannot fix it. */
  MimeMessage compose(Notification notification) {
    RenderedMessage text = NotificationText.render(notification, Optional.of(config.webBaseUrl()));
    MailView view = templates.view(notification);
    String domain = config.messageIdDomain();
    String threadId = MessageIds.of(notification.threadKey(), domain);
    try {
      MimeMessage message =
          new IdentifiedMessage(session, MessageIds.of(notification.idempotencyKey(), domain));
      message.setFrom(from);
      message.setRecipient(Message.RecipientType.TO, recipientAddress(notification));
      if (config.replyTo().isPresent()) {
        message.setReplyTo(new Address[] {new InternetAddress(config.replyTo().get(), true)});
      }
      // NotificationText promises a one-line subject; oneLine again keeps this class safe alone.
      message.setSubject(
          NotificationText.oneLine(text.subject(), NotificationText.MAX_SUBJECT_LENGTH), UTF_8);
      message.setSentDate(Date.from(clock.instant()));
      message.setHeader("In-Reply-To", threadId);
      message.setHeader("References", threadId);
      message.setHeader("Auto-Submitted", "auto-generated");
      message.setHeader("X-Auto-Response-Suppress", "All");
      message.setHeader(
          "X-Helpdesk-Notification", NotificationText.oneLine(notification.kind(), 64));

      MimeBodyPart plainPart = new MimeBodyPart();
      plainPart.setText(text.body(), UTF_8, "plain");
      MimeBodyPart htmlPart = new MimeBodyPart();
      htmlPart.setText(view.html(text.subject()), UTF_8, "html");
      MimeMultipart alternative = new MimeMultipart("alternative");
      alternative.addBodyPart(plainPart);
      alternative.addBodyPart(htmlPart);
      message.setContent(alternative);
      message.saveChanges();
      return message;
    } catch (MessagingException e) {
      throw NotificationFailedException.permanent(
          "could not build the " + notification.kind() + " mail: " + e.getMessage(), e);
    }
  }

  private InternetAddress recipientAddress(Notification notification) {
    return address(notification.recipient().email(), notification.recipient().displayName());
  }

  private static InternetAddress address(String email, String displayName) {
    try {
      InternetAddress address = new InternetAddress(email, true);
      String name = NotificationText.oneLine(displayName, Limits.MAX_DISPLAY_NAME_LENGTH);
      if (!name.isEmpty()) {
        address.setPersonal(name, UTF_8);
      }
      return address;
    } catch (MessagingException | UnsupportedEncodingException e) {
      throw NotificationFailedException.permanent("not a usable address: " + email, e);
    }
  }

  static String protocol(SmtpConfig config) {
    return config.tlsMode() == TlsMode.IMPLICIT_TLS ? "smtps" : "smtp";
  }

  static Properties properties(
      SmtpConfig config, Duration connectTimeout, Duration readTimeout, Duration writeTimeout) {
    String protocol = protocol(config);
    String prefix = "mail." + protocol + ".";
    Properties properties = new Properties();
    properties.setProperty("mail.transport.protocol", protocol);
    properties.setProperty(prefix + "host", config.host());
    properties.setProperty(prefix + "port", Integer.toString(config.port()));
    properties.setProperty(prefix + "from", config.fromAddress());
    properties.setProperty(prefix + "connectiontimeout", millis(connectTimeout));
    properties.setProperty(prefix + "timeout", millis(readTimeout));
    properties.setProperty(prefix + "writetimeout", millis(writeTimeout));
    properties.setProperty(prefix + "auth", Boolean.toString(config.username().isPresent()));
    switch (config.tlsMode()) {
      case NONE -> properties.setProperty(prefix + "starttls.enable", "false");
      case STARTTLS_REQUIRED -> {
        properties.setProperty(prefix + "starttls.enable", "true");
        properties.setProperty(prefix + "starttls.required", "true");
      }
      case IMPLICIT_TLS -> properties.setProperty(prefix + "ssl.enable", "true");
    }
    if (config.tlsMode() != TlsMode.NONE) {
      properties.setProperty(
          prefix + "ssl.checkserveridentity", Boolean.toString(config.checkServerIdentity()));
      if (!config.trustedHosts().isEmpty()) {
        properties.setProperty(prefix + "ssl.trust", String.join(" ", config.trustedHosts()));
      }
    }
    return properties;
  }

  private static String millis(Duration duration) {
    return Long.toString(duration.toMillis());
  }

  /** A message whose Message-ID is ours instead of a random one. */
  private static final class IdentifiedMessage extends MimeMessage {
    private final String messageId;

    IdentifiedMessage(Session session, String messageId) {
      super(session);
      this.messageId = messageId;
    }

    @Override
    protected void updateMessageID() throws MessagingException {
      setHeader("Message-ID", messageId);
    }
  }
}
