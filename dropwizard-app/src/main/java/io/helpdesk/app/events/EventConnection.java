package io.helpdesk.app.events;

import io.helpdesk.core.AccessPolicy;
import io.helpdesk.core.model.Member;
import io.helpdesk.core.model.TicketEvent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One open stream: a viewer, a bounded queue of frames and a non-blocking {@link EventSink}.
 *
 * <p>It starts in <em>replay</em>: the hub already delivers live events, which are held back while
 * the servlet writes the missed ones. {@link #goLive} then hands over by event id: held-back events
 * at or below the last replayed (or scanned) id are dropped, later ones are queued, so there is no
 * gap and no duplicate. Live events are filtered with {@link AccessPolicy#canSee} against the
 * viewer as last re-read. When the queue is full the viewer is too slow: the stream is closed and
 * the browser reconnects with its {@code Last-Event-ID}, which costs a replay instead of memory.
 *
 * <p>Threads: events and heartbeats are offered by the hub's threads, frames are written by a drain
 * that runs on the hub's writer pool or on the container's thread when the socket becomes writable
 * again; one lock orders all of it and nobody ever blocks on the socket.
 */
public final class EventConnection {
  /** Why a stream ended (for logs and metrics). */
  public enum CloseReason {
    CLIENT_GONE,
    SLOW_CONSUMER,
    CREDENTIALS_ENDED,
    SHUTDOWN
  }

  private enum State {
    REPLAYING,
    LIVE,
    CLOSED
  }

  private record Frame(byte[] bytes, boolean event) {}

  private record Held(TicketEvent event, byte[] frame) {}

  private final EventHub hub;
  private final String authorization;
  private final String sessionCookie;
  private final int capacity;
  private final AtomicLong sent = new AtomicLong();
  private volatile Member viewer;

  // The live path is lock-free: the publisher thread and the heartbeat tick add frames, one drain
  // at a time (guarded by writeLock) takes them out.
  private volatile State state = State.REPLAYING;
  private final ConcurrentLinkedQueue<Frame> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private final Object writeLock = new Object();

  // Only the publisher thread reads and writes it once live; set before going live.
  private long cursor;

  // Guarded by this.
  private List<Held> held = new ArrayList<>();
  private CloseReason closeReason;

  // Guarded by writeLock; set once, before the state becomes LIVE.
  private volatile EventSink sink;
  private boolean needsFlush;

  EventConnection(
      EventHub hub, Member viewer, String authorization, String sessionCookie, int capacity) {
    this.hub = hub;
    this.viewer = viewer;
    this.authorization = authorization;
    this.sessionCookie = sessionCookie;
    this.capacity = capacity;
  }

  /** The viewer as last re-read. */
  public Member viewer() {
    return viewer;
  }

  /** Events written to this stream, replay excluded. */
  public long sent() {
    return sent.get();
  }

  /** Why it ended, or empty while open. */
  public synchronized Optional<CloseReason> closeReason() {
    return Optional.ofNullable(closeReason);
  }

  String authorization() {
    return authorization;
  }

  String sessionCookie() {
    return sessionCookie;
  }

  void updateViewer(Member member) {
    this.viewer = member;
  }

  /**
   * A committed event, from the hub on the publisher thread (only there: events arrive in id
   * order), with its frame. Queues it for a writer unless the viewer may not see it.
   */
  void offer(TicketEvent event, byte[] frame) {
    State now = state;
    if (now == State.CLOSED) {
      return;
    }
    if (now == State.REPLAYING) {
      synchronized (this) {
        if (state == State.REPLAYING) {
          if (held.size() >= capacity) {
            close(CloseReason.SLOW_CONSUMER); // too slow already while replaying
          } else {
            held.add(new Held(event, frame));
          }
          return;
        }
      }
      if (state != State.LIVE) {
        return;
      }
    }
    if (event.id() <= cursor) {
      return;
    }
    cursor = event.id();
    if (!AccessPolicy.canSee(viewer, event)) {
      return;
    }
    enqueue(new Frame(frame, true));
  }

  /** A heartbeat tick: a ping comment unless the stream is still replaying. */
  void heartbeat() {
    if (state == State.LIVE) {
      enqueue(new Frame(EventFrames.PING, false));
    }
  }

  private void enqueue(Frame frame) {
    if (queued.incrementAndGet() > capacity) {
      queued.decrementAndGet();
      close(CloseReason.SLOW_CONSUMER);
      return;
    }
    queue.add(frame);
    if (drainScheduled.compareAndSet(false, true)) {
      hub.scheduleDrain(this);
    }
  }

  /**
   * Ends the replay: from now on events go to {@code sink}. {@code replayedUpTo} is the highest
   * event id the replay covered (sent or skipped as invisible).
   *
   * @return false when the stream was closed meanwhile (the caller ends the response itself)
   */
  boolean goLive(long replayedUpTo, EventSink sink) {
    boolean overflow = false;
    synchronized (this) {
      if (state != State.REPLAYING) {
        return false;
      }
      this.sink = sink;
      this.cursor = replayedUpTo;
      for (Held h : held) {
        if (h.event().id() <= cursor) {
          continue;
        }
        cursor = h.event().id();
        if (AccessPolicy.canSee(viewer, h.event())) {
          if (queued.incrementAndGet() > capacity) {
            overflow = true;
            break;
          }
          queue.add(new Frame(h.frame(), true));
        }
      }
      held = null;
      // Volatile write: the publisher sees cursor and sink from here on.
      state = State.LIVE;
    }
    if (overflow) {
      close(CloseReason.SLOW_CONSUMER);
      return true;
    }
    drainScheduled.set(true);
    hub.scheduleDrain(this);
    hub.wakeWriters();
    return true;
  }

  /**
   * Writes queued frames while the sink is ready and flushes when the queue is empty. When the sink
   * is not ready it calls this again once it is; nothing here ever waits for the client.
   */
  public void drain() {
    boolean failed = false;
    synchronized (writeLock) {
      drainScheduled.set(false);
      EventSink out = sink;
      if (state != State.LIVE || out == null) {
        return;
      }
      try {
        while (out.isReady()) {
          Frame next = queue.poll();
          if (next == null) {
            if (!needsFlush) {
              return;
            }
            needsFlush = false;
            out.flush();
            continue;
          }
          queued.decrementAndGet();
          out.write(next.bytes());
          needsFlush = true;
          if (next.event()) {
            sent.incrementAndGet();
            hub.eventSent();
          }
        }
      } catch (IOException | RuntimeException e) {
        failed = true;
      }
    }
    if (failed) {
      close(CloseReason.CLIENT_GONE);
    }
  }

  /** Ends the stream (idempotent): no more frames; the response completes. */
  public void close(CloseReason reason) {
    EventSink toClose;
    synchronized (this) {
      if (state == State.CLOSED) {
        return;
      }
      state = State.CLOSED;
      closeReason = reason;
      held = null;
      toClose = sink;
    }
    queue.clear();
    hub.closed(this, reason);
    if (toClose != null) {
      toClose.close();
    }
  }

  /** Whether it has ended. */
  public boolean isClosed() {
    return state == State.CLOSED;
  }
}
