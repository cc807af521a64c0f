package io.helpdesk.testkit;

import io.helpdesk.core.NotificationFailedException;
import io.helpdesk.core.spi.Notification;
import io.helpdesk.core.spi.Notifier;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A notifier for tests: records what it delivered and fails on demand. Thread-safe.
 *
 * <pre>{@code
 * RecordingNotifier notifier = new RecordingNotifier();
 * notifier.failWith(n -> n.recipient().email().startsWith("kim")
 *     ? NotificationFailedException.permanent("unknown recipient", null) : null);
 * }</pre>
 */
public final class RecordingNotifier implements Notifier {
  private final List<Notification> delivered = new CopyOnWriteArrayList<>();
  private final List<Notification> attempted = new CopyOnWriteArrayList<>();
  private volatile Function<Notification, NotificationFailedException> failure = n -> null;

  @Override
  public void send(Notification notification) {
    attempted.add(notification);
    NotificationFailedException error = failure.apply(notification);
    if (error != null) {
      throw error;
    }
    delivered.add(notification);
  }

  /** Decides per notification whether to fail (return an exception) or deliver (return null). */
  public void failWith(Function<Notification, NotificationFailedException> failure) {
    this.failure = failure;
  }

  /** Delivers everything again. */
  public void heal() {
    this.failure = n -> null;
  }

  public List<Notification> delivered() {
    return List.copyOf(delivered);
  }

  /** Every call, delivered or failed. */
  public List<Notification> attempted() {
    return List.copyOf(attempted);
  }

  public <T extends Notification> List<T> delivered(Class<T> kind) {
    return delivered.stream().filter(kind::isInstance).map(kind::cast).toList();
  }
}
