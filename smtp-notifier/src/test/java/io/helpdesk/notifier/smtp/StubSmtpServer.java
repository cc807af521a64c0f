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
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A tiny scripted SMTP server for what GreenMail cannot do: offer STARTTLS, answer RCPT TO with a
 * chosen reply (550, 451), or stay silent. It holds a real SMTP conversation over a real socket,
 * one connection at a time.
 */
final class StubSmtpServer implements AutoCloseable {
  private final ServerSocket serverSocket;
  private final Behaviour behaviour;
  private final SSLContext tls;
  private final Thread thread;
  private final List<String> commands = new CopyOnWriteArrayList<>();
  private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();

  /** How the server answers. */
  record Behaviour(
      String mailReply, String rcptReply, String dataReply, boolean offerStartTls, boolean silent) {
    private static final String MAIL_OK = "250 2.1.0 ok";
    private static final String RCPT_OK = "250 2.1.5 ok";
    private static final String DATA_OK = "250 2.0.0 queued";

    static Behaviour accepting() {
      return new Behaviour(MAIL_OK, RCPT_OK, DATA_OK, false, false);
    }

    static Behaviour rejectingSender(String reply) {
      return new Behaviour(reply, RCPT_OK, DATA_OK, false, false);
    }

    static Behaviour rejectingRecipients(String reply) {
      return new Behaviour(MAIL_OK, reply, DATA_OK, false, false);
    }

    static Behaviour rejectingData(String reply) {
      return new Behaviour(MAIL_OK, RCPT_OK, reply, false, false);
    }

    static Behaviour withStartTls() {
      return new Behaviour(MAIL_OK, RCPT_OK, DATA_OK, true, false);
    }

    static Behaviour neverAnswering() {
      return new Behaviour(MAIL_OK, RCPT_OK, DATA_OK, false, true);
    }
  }

  /** A message the server accepted, and whether it came over TLS. */
  record Delivery(String data, boolean overTls) {}

  private StubSmtpServer(Behaviour behaviour) throws IOException {
    this.behaviour = behaviour;
    this.serverSocket = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
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

  @Override
  public void close() throws IOException {
    serverSocket.close();
  }

  private void serve() {
    while (!serverSocket.isClosed()) {
      try (Socket socket = serverSocket.accept()) {
        socket.setSoTimeout(10_000);
        if (behaviour.silent()) {
          socket.getInputStream().read();
          continue;
        }
        converse(socket);
      } catch (IOException e) {
        // The client went away or the server is closing: wait for the next connection.
      }
    }
  }

  private void converse(Socket plain) throws IOException {
    Socket socket = plain;
    boolean overTls = false;
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
        case "MAIL" -> reply(out, behaviour.mailReply());
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
          }
          reply(out, behaviour.dataReply());
        }
        case "QUIT" -> {
          reply(out, "221 2.0.0 bye");
          return;
        }
        default -> reply(out, "502 5.5.2 not implemented");
      }
    }
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
