package io.helpdesk.notifier.smtp;

import com.icegreen.greenmail.util.DummySSLServerSocketFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A tiny scripted SMTP server for what GreenMail cannot do: offer STARTTLS, answer RCPT TO with a
 * chosen reply (550, 451), stay silent, hang up, and count connections. It holds a real SMTP
 * conversation over a real socket, one thread per connection.
 */
final class StubSmtpServer implements AutoCloseable {
  private final ServerSocket serverSocket;
  private final Behaviour behaviour;
  private final SSLContext tls;
  private final Thread thread;
  private final List<String> commands = new CopyOnWriteArrayList<>();
  private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
  private final AtomicInteger connections = new AtomicInteger();
  private final Set<Socket> openSockets = ConcurrentHashMap.newKeySet();

  /** How the server answers. */
  record Behaviour(
      String mailReply,
      String rcptReply,
      String dataReply,
      boolean offerStartTls,
      boolean silent,
      HangUp hangUp) {
    private static final String MAIL_OK = "250 2.1.0 ok";
    private static final String RCPT_OK = "250 2.1.5 ok";
    private static final String DATA_OK = "250 2.0.0 queued";

    static Behaviour accepting() {
      return new Behaviour(MAIL_OK, RCPT_OK, DATA_OK, false, false, HangUp.NEVER);
    }

    static Behaviour rejectingSender(String reply) {
      return new Behaviour(reply, RCPT_OK, DATA_OK, false, false, HangUp.NEVER);
    }

    static Behaviour rejectingRecipients(String reply) {
      return new Behaviour(MAIL_OK, reply, DATA_OK, false, false, HangUp.NEVER);
    }

    static Behaviour rejectingData(String reply) {
      return new Behaviour(MAIL_OK, RCPT_OK, reply, false, false, HangUp.NEVER);
    }

    static Behaviour withStartTls() {
      return new Behaviour(MAIL_OK, RCPT_OK, DATA_OK, true, false, HangUp.NEVER);
    }

    static Behaviour neverAnswering() {
      return new Behaviour(MAIL_OK, RCPT_OK, DATA_OK, false, true, HangUp.NEVER);
    }

    static Behaviour hangingUp(HangUp hangUp) {
      return new Behaviour(MAIL_OK, RCPT_OK, DATA_OK, false, false, hangUp);
    }
  }

  /** When the server closes a connection without a word. */
  enum HangUp {
    NEVER,
    /** Right after accepting a mail, as a server does with a client that stays idle too long. */
    AFTER_EACH_MAIL,
    /**
     * At the second {@code MAIL FROM} on a connection, after answering any {@code NOOP}: the
     * connection looked alive when the client checked it.
     */
    AT_SECOND_MAIL_OF_A_CONNECTION,
    /** Like {@link #AT_SECOND_MAIL_OF_A_CONNECTION}, but saying so first: {@code 421}. */
    WITH_421_AT_SECOND_MAIL_OF_A_CONNECTION,
    /** At every {@code MAIL FROM} once one mail was accepted, on any connection. */
    AT_EVERY_MAIL_AFTER_THE_FIRST
  }

  /** A message the server accepted, and whether it came over TLS. */
  record Delivery(String data, boolean overTls) {}

  private StubSmtpServer(Behaviour behaviour) throws IOException {
    this.behaviour = behaviour;
    this.serverSocket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.tls = behaviour.offerStartTls() ? greenMailTls() : null;
    this.thread = new Thread(this::serve, "stub-smtp-" + serverSocket.getLocalPort());
    thread.setDaemon(true);
    thread.start();
  }

  static StubSmtpServer start(Behaviour behaviour) {
    try {
      return new StubSmtpServer(behaviour);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int port() {
    return serverSocket.getLocalPort();
  }

  String host() {
    return serverSocket.getInetAddress().getHostAddress();
  }

  List<String> commands() {
    return List.copyOf(commands);
  }

  List<Delivery> deliveries() {
    return List.copyOf(deliveries);
  }

  /** How many connections clients opened. */
  int connections() {
    return connections.get();
  }

  /** How many connections are open now (the server's side has not ended yet). */
  int openConnections() {
    return openSockets.size();
  }

  /** How many times a client sent this command (compared without case), on any connection. */
  long count(String verb) {
    return commands.stream()
        .filter(command -> command.split(" ", 2)[0].equalsIgnoreCase(verb))
        .count();
  }

  /** Stops accepting and hangs up on every open connection. */
  @Override
  public void close() throws IOException {
    serverSocket.close();
    for (Socket socket : openSockets) {
      socket.close();
    }
  }

  private void serve() {
    while (!serverSocket.isClosed()) {
      try {
        Socket socket = serverSocket.accept();
        connections.incrementAndGet();
        openSockets.add(socket);
        Thread connection = new Thread(() -> handle(socket), thread.getName() + "-connection");
        connection.setDaemon(true);
        connection.start();
      } catch (IOException e) {
        // The server is closing.
      }
    }
  }

  private void handle(Socket socket) {
    try (socket) {
      socket.setSoTimeout(10_000);
      if (behaviour.silent()) {
        socket.getInputStream().read();
        return;
      }
      converse(socket);
    } catch (IOException e) {
      // The client went away or the server is closing.
    } finally {
      openSockets.remove(socket);
    }
  }

  private void converse(Socket plain) throws IOException {
    Socket socket = plain;
    boolean overTls = false;
    int mailsOnThisConnection = 0;
    BufferedReader in = reader(socket);
    OutputStream out = socket.getOutputStream();
    reply(out, "220 stub.example.com ESMTP ready");
    String line;
    while ((line = in.readLine()) != null) {
      commands.add(line);
      String verb = line.split(" ", 2)[0].toUpperCase(Locale.ROOT);
      switch (verb) {
        case "EHLO" -> {
          if (behaviour.offerStartTls() && !overTls) {
            reply(out, "250-stub.example.com\r\n250-8BITMIME\r\n250 STARTTLS");
          } else {
            reply(out, "250-stub.example.com\r\n250 8BITMIME");
          }
        }
        case "HELO", "RSET", "NOOP" -> reply(out, "250 ok");
        case "STARTTLS" -> {
          reply(out, "220 2.0.0 go ahead");
          SSLSocket secured =
              (SSLSocket)
                  tls.getSocketFactory()
                      .createSocket(
                          socket, socket.getInetAddress().getHostAddress(), socket.getPort(), true);
          secured.setUseClientMode(false);
          secured.startHandshake();
          socket = secured;
          overTls = true;
          in = reader(socket);
          out = socket.getOutputStream();
        }
        case "MAIL" -> {
          if (hangsUpAtMail(mailsOnThisConnection)) {
            if (behaviour.hangUp() == HangUp.WITH_421_AT_SECOND_MAIL_OF_A_CONNECTION) {
              reply(out, "421 4.4.2 stub.example.com closing connection");
            }
            return;
          }
          reply(out, behaviour.mailReply());
        }
        case "RCPT" -> reply(out, behaviour.rcptReply());
        case "DATA" -> {
          reply(out, "354 end with <CRLF>.<CRLF>");
          StringBuilder data = new StringBuilder();
          String dataLine;
          while ((dataLine = in.readLine()) != null && !dataLine.equals(".")) {
            data.append(dataLine).append("\r\n");
          }
          if (behaviour.dataReply().startsWith("2")) {
            deliveries.add(new Delivery(data.toString(), overTls));
            mailsOnThisConnection++;
          }
          reply(out, behaviour.dataReply());
          if (behaviour.hangUp() == HangUp.AFTER_EACH_MAIL) {
            return;
          }
        }
        case "QUIT" -> {
          reply(out, "221 2.0.0 bye");
          return;
        }
        default -> reply(out, "502 5.5.2 not implemented");
      }
    }
  }

  private boolean hangsUpAtMail(int mailsOnThisConnection) {
    return switch (behaviour.hangUp()) {
      case NEVER, AFTER_EACH_MAIL -> false;
      case AT_SECOND_MAIL_OF_A_CONNECTION, WITH_421_AT_SECOND_MAIL_OF_A_CONNECTION ->
          mailsOnThisConnection >= 1;
      case AT_EVERY_MAIL_AFTER_THE_FIRST -> !deliveries.isEmpty();
    };
  }

  private static BufferedReader reader(Socket socket) throws IOException {
    return new BufferedReader(
        new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
  }

  private static void reply(OutputStream out, String text) throws IOException {
    out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  /** A server-side TLS context with GreenMail's bundled self-signed test certificate. */
  private static SSLContext greenMailTls() {
    try {
      KeyManagerFactory keys =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(new DummySSLServerSocketFactory().getKeyStore(), "changeit".toCharArray());
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot load GreenMail's test certificate", e);
    }
  }
}
