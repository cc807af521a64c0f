package io.helpdesk.app.events;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import io.dropwizard.lifecycle.Managed;
import io.helpdesk.core.HelpdeskEngine;
import io.helpdesk.core.TicketEventListener;
import io.helpdesk.core.model.Member;
import io.helpdesk.core.model.TicketEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans the engine's committed events out to every open stream of this node. Subscribed once to the
 * engine; on the publisher thread each event is encoded once and offered to each connection, which
 * only filters it and queues a reference (no I/O, no blocking), so the publisher's cost is a few
 * microseconds per stream whatever the clients do. Frames are written by a small pool of writer
 * threads with non-blocking I/O; a heartbeat tick queues pings; a recheck tick re-reads each
 * viewer's credentials and member.
 *
 * <p>Metrics: {@code helpdesk.events.subscribers} (gauge), {@code helpdesk.events.sent}, {@code
 * helpdesk.events.replayed} (meters), {@code helpdesk.events.slowConsumerDisconnects} and {@code
 * helpdesk.events.credentialDisconnects} (counters).
 */
public final class EventHub implements Managed, TicketEventListener {
  private static final Logger log = LoggerFactory.getLogger(EventHub.class);

  /** Where committed events come from: {@link HelpdeskEngine#subscribe}. */
  @FunctionalInterface
  public interface EventSource {
    /** Subscribes; closing the result unsubscribes. */
    AutoCloseable subscribe(TicketEventListener listener);
  }

  /** Re-checks a stream's credentials: the member as stored now, or empty when they ended. */
  @FunctionalInterface
  public interface CredentialCheck {
    /** See {@link io.helpdesk.app.auth.AuthFilter#recheck}. */
    Optional<Member> recheck(String authorization, String sessionCookie);
  }

  /** The hub's settings. */
  public record Settings(
      Duration heartbeatInterval,
      Duration recheckInterval,
      Duration reconnectDelay,
      int queueCapacity,
      int replayPageSize,
      int maxSubscribers,
      int writerThreads) {}

  private final EventSource source;
  private final EventFrames frames;
  private final CredentialCheck credentials;
  private final Settings settings;
  private final Set<EventConnection> connections = ConcurrentHashMap.newKeySet();
  private final AtomicInteger reserved = new AtomicInteger();
  private final Meter sent;
  private final Meter replayed;
  private final Counter slowDisconnects;
  private final Counter credentialDisconnects;

  private final ConcurrentLinkedQueue<EventConnection> dirty = new ConcurrentLinkedQueue<>();
  private final Object writersSignal = new Object();
  private final List<Thread> writers = new ArrayList<>();

  private volatile boolean accepting;
  private volatile boolean writing;
  private boolean started; // guarded by this
  private AutoCloseable subscription;
  private ScheduledExecutorService ticker;
  private ExecutorService rechecks;

  /**
   * @param source the source of events, subscribed at {@link #start()}: {@code engine::subscribe}
   * @param frames the wire format
   * @param credentials re-checks a stream's session or token and member
   * @param settings intervals and limits
   * @param metrics where the hub's metrics are registered
   */
  public EventHub(
      EventSource source,
      EventFrames frames,
      CredentialCheck credentials,
      Settings settings,
      MetricRegistry metrics) {
    this.source = source;
    this.frames = frames;
    this.credentials = credentials;
    this.settings = settings;
    this.sent = metrics.meter("helpdesk.events.sent");
    this.replayed = metrics.meter("helpdesk.events.replayed");
    this.slowDisconnects = metrics.counter("helpdesk.events.slowConsumerDisconnects");
    this.credentialDisconnects = metrics.counter("helpdesk.events.credentialDisconnects");
    metrics.gauge("helpdesk.events.subscribers", () -> (Gauge<Integer>) connections::size);
  }

  /** Subscribes to the engine and starts the writer, heartbeat and recheck threads. */
  @Override
  public synchronized void start() {
    if (started) {
      return;
    }
    started = true;
    writing = true;
    ThreadFactory writerThreads = threads("events-writer-");
    for (int i = 0; i < settings.writerThreads(); i++) {
      Thread writer = writerThreads.newThread(this::writeLoop);
      writers.add(writer);
      writer.start();
    }
    rechecks = Executors.newSingleThreadExecutor(threads("events-recheck-"));
    ticker = Executors.newSingleThreadScheduledExecutor(threads("events-ticker-"));
    long beat = settings.heartbeatInterval().toMillis();
    ticker.scheduleAtFixedRate(this::heartbeat, beat, beat, TimeUnit.MILLISECONDS);
    long recheck = settings.recheckInterval().toMillis();
    ticker.scheduleAtFixedRate(
        () -> rechecks.execute(this::recheckAll), recheck, recheck, TimeUnit.MILLISECONDS);
    subscription = source.subscribe(this);
    accepting = true;
  }

  /** Ends every stream cleanly, then stops the threads. */
  @Override
  public synchronized void stop() {
    if (!started) {
      return;
    }
    started = false;
    closeAll();
    try {
      subscription.close();
    } catch (Exception e) {
      log.warn("unsubscribing the event hub failed: {}", e.toString());
    }
    ticker.shutdownNow();
    rechecks.shutdownNow();
    writing = false;
    wakeWriters();
    for (Thread writer : writers) {
      try {
        writer.join(2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    writers.clear();
    dirty.clear();
  }

  /**
   * Stops taking streams and ends the open ones cleanly (the responses complete, browsers reconnect
   * elsewhere or later). Called when the server begins to stop, so open streams do not hold up its
   * graceful shutdown.
   */
  public void closeAll() {
    accepting = false;
    for (EventConnection connection : List.copyOf(connections)) {
      connection.close(EventConnection.CloseReason.SHUTDOWN);
    }
  }

  /**
   * Registers a new stream in replay mode: from now on it holds back live events until {@link
   * EventConnection#goLive}. Register <em>before</em> reading the replay's starting point.
   *
   * @return empty when the node has {@code maxSubscribers} streams or is stopping
   */
  public Optional<EventConnection> open(Member viewer, String authorization, String sessionCookie) {
    if (!accepting) {
      return Optional.empty();
    }
    if (reserved.incrementAndGet() > settings.maxSubscribers()) {
      reserved.decrementAndGet();
      return Optional.empty();
    }
    EventConnection connection =
        new EventConnection(this, viewer, authorization, sessionCookie, settings.queueCapacity());
    connections.add(connection);
    if (!accepting) {
      connection.close(EventConnection.CloseReason.SHUTDOWN);
      return Optional.empty();
    }
    return Optional.of(connection);
  }

  /** Open streams (replaying or live). */
  public int subscribers() {
    return connections.size();
  }

  /** The settings in force. */
  public Settings settings() {
    return settings;
  }

  /** The wire format. */
  public EventFrames frames() {
    return frames;
  }

  @Override
  public void onEvent(TicketEvent event) {
    if (connections.isEmpty()) {
      return;
    }
    byte[] frame = frames.frame(event);
    for (EventConnection connection : connections) {
      connection.offer(event, frame);
    }
    wakeWriters();
  }

  private void heartbeat() {
    try {
      for (EventConnection connection : connections) {
        connection.heartbeat();
      }
    } catch (RuntimeException e) {
      log.warn("event stream heartbeat failed: {}", e.toString());
    }
    wakeWriters();
  }

  private void recheckAll() {
    for (EventConnection connection : connections) {
      if (connection.isClosed()) {
        continue;
      }
      Optional<Member> member;
      try {
        member = credentials.recheck(connection.authorization(), connection.sessionCookie());
      } catch (RuntimeException e) {
        // The database is down: keep streaming what the engine publishes, check again next time.
        log.warn("re-checking event stream credentials failed: {}", e.toString());
        return;
      }
      if (member.isEmpty()) {
        connection.close(EventConnection.CloseReason.CREDENTIALS_ENDED);
      } else {
        connection.updateViewer(member.get());
      }
    }
  }

  /**
   * Queues a connection for a writer. Cheap (a lock-free queue), so the publisher can call it for
   * every stream; whoever queues calls {@link #wakeWriters()} once afterwards.
   */
  void scheduleDrain(EventConnection connection) {
    dirty.add(connection);
  }

  /** Wakes the writers, once per batch of {@link #scheduleDrain} calls. */
  void wakeWriters() {
    synchronized (writersSignal) {
      writersSignal.notifyAll();
    }
  }

  private void writeLoop() {
    while (writing) {
      EventConnection next = dirty.poll();
      if (next != null) {
        try {
          next.drain();
        } catch (RuntimeException e) {
          log.warn("writing an event stream failed: {}", e.toString());
          next.close(EventConnection.CloseReason.CLIENT_GONE);
        }
        continue;
      }
      synchronized (writersSignal) {
        if (dirty.isEmpty() && writing) {
          try {
            writersSignal.wait(1_000);
          } catch (InterruptedException e) {
            return;
          }
        }
      }
    }
  }

  void eventSent() {
    sent.mark();
  }

  /** Counts events written during replays. */
  public void replayed(int count) {
    replayed.mark(count);
  }

  void closed(EventConnection connection, EventConnection.CloseReason reason) {
    if (connections.remove(connection)) {
      reserved.decrementAndGet();
    }
    switch (reason) {
      case SLOW_CONSUMER -> {
        slowDisconnects.inc();
        log.info("event stream of {} closed: too slow", connection.viewer().id());
      }
      case CREDENTIALS_ENDED -> {
        credentialDisconnects.inc();
        log.info("event stream of {} closed: signed out or deactivated", connection.viewer().id());
      }
      default -> log.debug("event stream of {} closed: {}", connection.viewer().id(), reason);
    }
  }

  private static ThreadFactory threads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "helpdesk-" + prefix + n.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
