package io.helpdesk.notifier.smtp;

import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connected SMTP transports waiting for the next mail, so a mail costs no TCP, TLS and AUTH
 * handshake. At most {@link SmtpConfig#maxIdleConnections()} wait, the most recently used on top;
 * one that waited {@link SmtpConfig#idleTimeout()}, or is taken and no longer answers a {@code
 * NOOP}, is closed when the next mail looks for one, and one that carried {@link
 * SmtpConfig#maxMessagesPerConnection()} mails is closed instead of put back. No background thread.
 *
 * <p>Thread-safe. A borrowed connection belongs to its borrower until it is given back or
 * discarded; the lock is never held during network I/O.
 */
final class SmtpConnections implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SmtpConnections.class);

  private final Session session;
  private final SmtpConfig config;
  private final Clock clock;
  private final Deque<Connection> idle = new ArrayDeque<>();
  private boolean closed;

  /** One connected transport and the number of mails it carried. */
  static final class Connection {
    private final Transport transport;
    private int messagesSent;
    private Instant idleSince;

    private Connection(Transport transport) {
      this.transport = transport;
    }

    /** Whether it carried mail before, that is, it came from the pool. */
    boolean reused() {
      return messagesSent > 0;
    }
  }

  SmtpConnections(Session session, SmtpConfig config, Clock clock) {
    this.session = session;
    this.config = config;
    this.clock = clock;
  }

  /**
   * The most recently used idle connection if it still answers, else a new one. Idle connections
   * past the idle timeout are closed first. At most one idle connection is checked per call, so a
   * server that stopped answering costs a send one read timeout, not one per idle connection.
   */
  Connection borrow() throws MessagingException {
    Connection candidate;
    List<Connection> expired = new ArrayList<>();
    synchronized (this) {
      Instant now = clock.instant();
      for (Iterator<Connection> waiting = idle.iterator(); waiting.hasNext(); ) {
        Connection connection = waiting.next();
        if (!now.isBefore(connection.idleSince.plus(config.idleTimeout()))) {
          waiting.remove();
          expired.add(connection);
        }
      }
      candidate = idle.pollFirst();
    }
    expired.forEach(this::discard);
    if (candidate == null) {
      return open();
    }
    // Angus's isConnected() is a NOOP round trip: a server that hung up is noticed before a mail.
    if (candidate.transport.isConnected()) {
      return candidate;
    }
    discard(candidate);
    return open();
  }

  /** A new connection, connected, TLS set up and logged in as configured. */
  Connection open() throws MessagingException {
    return new Connection(connect(session, config));
  }

  /**
   * A transport of {@code session} connected to the configured server, TLS set up and logged in;
   * closed again if any of that fails.
   */
  static Transport connect(Session session, SmtpConfig config) throws MessagingException {
    Transport transport = session.getTransport(SmtpNotifier.protocol(config));
    try {
      transport.connect(
          config.host(),
          config.port(),
          config.username().orElse(null),
          config.password().orElse(null));
    } catch (MessagingException | RuntimeException e) {
      closeQuietly(transport);
      throw e;
    }
    return transport;
  }

  /**
   * Sends over {@code connection}, then pools it, or closes it if the pool is full or closed or the
   * connection has carried its share. After a failure it is closed, never pooled.
   */
  void send(Connection connection, Message message, Address[] envelope) throws MessagingException {
    try {
      connection.transport.sendMessage(message, envelope);
    } catch (MessagingException | RuntimeException e) {
      discard(connection);
      throw e;
    }
    connection.messagesSent++;
    boolean pooled;
    synchronized (this) {
      pooled =
          !closed
              && idle.size() < config.maxIdleConnections()
              && connection.messagesSent < config.maxMessagesPerConnection();
      if (pooled) {
        connection.idleSince = clock.instant();
        idle.addFirst(connection);
      }
    }
    if (!pooled) {
      discard(connection);
    }
  }

  /** Closes the connection: after a failure, or when it may not be reused. */
  private void discard(Connection connection) {
    closeQuietly(connection.transport);
  }

  synchronized int idleConnections() {
    return idle.size();
  }

  /**
   * Closes the idle connections. Sends in flight finish and close their connections; later sends
   * open and close one connection each.
   */
  @Override
  public void close() {
    List<Connection> waiting;
    synchronized (this) {
      closed = true;
      waiting = new ArrayList<>(idle);
      idle.clear();
    }
    waiting.forEach(this::discard);
  }

  static void closeQuietly(Transport transport) {
    try {
      transport.close();
    } catch (MessagingException e) {
      // The mail was handed over (or the send already failed): a failing QUIT changes nothing.
      log.debug("closing the SMTP connection failed", e);
    }
  }
}
