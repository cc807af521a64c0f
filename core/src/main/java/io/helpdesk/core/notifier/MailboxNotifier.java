package io.helpdesk.core.notifier;

import io.helpdesk.core.spi.Notification;
import io.helpdesk.core.spi.Notifier;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The development mailbox: keeps the emails the server would have sent, rendered by {@link
 * NotificationText}, so a developer can read them in the UI without an SMTP server.
 *
 * <ul>
 *   <li><b>Bounded:</b> holds the newest {@code capacity} messages (default {@value
 *       #DEFAULT_CAPACITY}); the oldest is dropped when a new one arrives.
 *   <li><b>Deduplicated:</b> a notification whose idempotency key is already in the mailbox is not
 *       stored again (and listeners are not told), like a mail client dropping a duplicate
 *       Message-ID. A key forgotten because its message was dropped can be stored again.
 *   <li><b>Live:</b> {@link #onMessage} registers a listener called once per new message, on the
 *       sending thread, after the message is stored. A failing listener is logged and ignored.
 *   <li><b>Thread-safe;</b> never throws from {@link #send}.
 * </ul>
 *
 * @since 0.1
 */
public final class MailboxNotifier implements Notifier {

  /** How many messages the mailbox keeps unless told otherwise. */
  public static final int DEFAULT_CAPACITY = 500;

  private static final Logger LOG = LoggerFactory.getLogger(MailboxNotifier.class);

  private final Clock clock;
  private final int capacity;
  private final Optional<URI> baseUrl;
  private final Object lock = new Object();
  private final ArrayDeque<MailboxMessage> newestFirst = new ArrayDeque<>();
  private final Set<String> keys = new HashSet<>();
  private final List<Consumer<MailboxMessage>> listeners = new CopyOnWriteArrayList<>();

  /** A mailbox of {@value #DEFAULT_CAPACITY} messages without links. */
  public MailboxNotifier(Clock clock) {
    this(clock, DEFAULT_CAPACITY, Optional.empty());
  }

  /** A mailbox of {@code capacity} messages without links. */
  public MailboxNotifier(Clock clock, int capacity) {
    this(clock, capacity, Optional.empty());
  }

  /**
   * @param clock stamps {@link MailboxMessage#sentAt()}
   * @param capacity how many messages to keep, at least 1
   * @param baseUrl the web UI's address, for links in the messages (see {@link
   *     NotificationText#render})
   */
  public MailboxNotifier(Clock clock, int capacity, Optional<URI> baseUrl) {
    this.clock = Objects.requireNonNull(clock, "clock");
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
    }
    this.capacity = capacity;
    this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
    baseUrl.ifPresent(NotificationText::requireWebAddress);
  }

  @Override
  public void send(Notification notification) {
    RenderedMessage rendered = NotificationText.render(notification, baseUrl);
    MailboxMessage message =
        new MailboxMessage(
            notification.idempotencyKey(),
            notification.recipient().email(),
            notification.recipient().displayName(),
            notification.kind(),
            notification.ticket().id(),
            rendered.subject(),
            rendered.body(),
            clock.instant());
    synchronized (lock) {
      if (!keys.add(message.idempotencyKey())) {
        return;
      }
      newestFirst.addFirst(message);
      while (newestFirst.size() > capacity) {
        keys.remove(newestFirst.removeLast().idempotencyKey());
      }
    }
    for (Consumer<MailboxMessage> listener : listeners) {
      try {
        listener.accept(message);
      } catch (RuntimeException e) {
        LOG.warn("A mailbox listener failed on message {}", message.idempotencyKey(), e);
      }
    }
  }

  /** Every message held, newest first. */
  public List<MailboxMessage> messages() {
    synchronized (lock) {
      return List.copyOf(newestFirst);
    }
  }

  /** The messages to one address (compared case-insensitively), newest first. */
  public List<MailboxMessage> messagesTo(String email) {
    String normalised = email.strip().toLowerCase(Locale.ROOT);
    synchronized (lock) {
      return newestFirst.stream().filter(message -> message.to().equals(normalised)).toList();
    }
  }

  /** Empties the mailbox and forgets its keys. */
  public void clear() {
    synchronized (lock) {
      newestFirst.clear();
      keys.clear();
    }
  }

  /**
   * Calls {@code listener} for every message stored from now on, until the returned handle is
   * closed. Listeners should be quick: they run on the sending thread.
   */
  public AutoCloseable onMessage(Consumer<MailboxMessage> listener) {
    Objects.requireNonNull(listener, "listener");
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }
}
