package io.helpdesk.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.helpdesk.core.notifier.LoggingNotifier;
import io.helpdesk.core.spi.Notification;
import io.helpdesk.core.spi.Notifier;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * The logging notifier writes no ticket text, so it runs the contract without content checks; its
 * "deliveries" are the captured log lines, with the recipient and key read from the arguments.
 */
class LoggingNotifierContractTest extends NotifierContractTest {
  private CapturingLogger logger;

  @Override
  protected Notifier createNotifier() {
    logger = new CapturingLogger();
    return new LoggingNotifier(logger);
  }

  @Override
  protected List<DeliveredMessage> delivered() {
    return logger.lines.stream()
        .map(
            line ->
                new DeliveredMessage(
                    String.valueOf(line.arguments()[1]),
                    "",
                    line.text(),
                    Optional.of(String.valueOf(line.arguments()[3]))))
        .toList();
  }

  @Override
  protected boolean deliversContent() {
    return false;
  }

  @Test
  @DisplayName("logs one INFO line with kind, recipient, ticket id and key, and no ticket text")
  void logsMetadataOnly() {
    Notifier notifier = createNotifier();
    for (Notification notification : Notifications.sampleOfEachKind(Notifications.HOSTILE_TITLE)) {
      notifier.send(notification);

      LoggedLine line = logger.lines.get(logger.lines.size() - 1);
      assertThat(line.level()).isEqualTo(Level.INFO);
      assertThat(line.text())
          .contains(
              notification.kind(),
              notification.recipient().email(),
              notification.ticket().id().toString(),
              notification.idempotencyKey())
          .doesNotContain("evil", "script", "\n", "\r");
    }
    assertThat(logger.lines).hasSize(5);
  }

  record LoggedLine(Level level, String text, Object[] arguments) {}

  /** Records every call; slf4j's helper turns each level's methods into one callback. */
  static final class CapturingLogger extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;
    final transient List<LoggedLine> lines = new CopyOnWriteArrayList<>();

    CapturingLogger() {
      this.name = "capturing";
    }

    @Override
    protected String getFullyQualifiedCallerName() {
      return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(
        Level level, Marker marker, String pattern, Object[] arguments, Throwable throwable) {
      String text = MessageFormatter.basicArrayFormat(pattern, arguments);
      lines.add(new LoggedLine(level, text, arguments == null ? new Object[0] : arguments));
    }

    @Override
    public boolean isTraceEnabled() {
      return true;
    }

    @Override
    public boolean isDebugEnabled() {
      return true;
    }

    @Override
    public boolean isInfoEnabled() {
      return true;
    }

    @Override
    public boolean isWarnEnabled() {
      return true;
    }

    @Override
    public boolean isErrorEnabled() {
      return true;
    }
  }
}
