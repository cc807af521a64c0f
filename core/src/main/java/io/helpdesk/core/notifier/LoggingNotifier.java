package io.helpdesk.core.notifier;

import io.helpdesk.core.spi.Notification;
import io.helpdesk.core.spi.Notifier;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A notifier that only logs: one INFO line per notification with its kind, the recipient's email,
 * the ticket id and the idempotency key. It never logs ticket text (titles, descriptions, comments,
 * AI notes): that is untrusted, may be personal, and does not belong in log files. Use {@link
 * MailboxNotifier} to see what the messages would say.
 *
 * <p>Never fails and is thread-safe (as thread-safe as the logger).
 *
 * @since 0.1
 */
public final class LoggingNotifier implements Notifier {
  private final Logger logger;

  /** Logs to the logger named after this class. */
  public LoggingNotifier() {
    this(LoggerFactory.getLogger(LoggingNotifier.class));
  }

  /** Logs to {@code logger}; lets a host pick the category, and tests capture the lines. */
  public LoggingNotifier(Logger logger) {
    this.logger = Objects.requireNonNull(logger, "logger");
  }

  @Override
  public void send(Notification notification) {
    logger.info(
        "Notification {} to {} about ticket {} (key {})",
        notification.kind(),
        notification.recipient().email(),
        notification.ticket().id(),
        notification.idempotencyKey());
  }
}
