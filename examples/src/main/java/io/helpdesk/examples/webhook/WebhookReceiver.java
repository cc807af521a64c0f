package io.helpdesk.examples.webhook;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The receiving side of {@link WebhookNotifier}, as small as it gets: a JDK {@link HttpServer} on a
 * free local port that checks each request's signature with {@link WebhookSignature#verify} and
 * answers 204 (authentic and fresh) or 401. For the examples and tests; a real receiver does the
 * same check before it trusts a byte of the body.
 */
public final class WebhookReceiver implements AutoCloseable {
  /** How far a request's timestamp may be from the receiver's clock. */
  public static final Duration TOLERANCE = Duration.ofMinutes(5);

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(4);
  private final String secret;
  private final Clock clock;
  private final List<Received> received = new CopyOnWriteArrayList<>();

  /**
   * One request as it arrived.
   *
   * @param event the {@code Helpdesk-Event} header
   * @param idempotencyKey the {@code Idempotency-Key} header
   * @param body the raw body
   * @param authentic whether the signature and timestamp checked out
   */
  public record Received(String event, String idempotencyKey, String body, boolean authentic) {}

  private WebhookReceiver(String secret, Clock clock) {
    this.secret = Objects.requireNonNull(secret, "secret");
    this.clock = Objects.requireNonNull(clock, "clock");
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("could not open a local port", e);
    }
    server.createContext("/hooks/helpdesk", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  /**
   * Starts a receiver on a free port of the loopback interface.
   *
   * @param secret the shared secret
   * @param clock the receiver's clock, for the replay check
   * @return the running receiver
   */
  public static WebhookReceiver start(String secret, Clock clock) {
    return new WebhookReceiver(secret, clock);
  }

  /**
   * Where to send events.
   *
   * @return {@code http://127.0.0.1:<port>/hooks/helpdesk}
   */
  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/helpdesk");
  }

  /**
   * Everything received so far, in arrival order.
   *
   * @return a snapshot
   */
  public List<Received> received() {
    return List.copyOf(received);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange;
        InputStream in = exchange.getRequestBody()) {
      byte[] body = in.readAllBytes();
      boolean authentic =
          WebhookSignature.verify(
              secret,
              exchange.getRequestHeaders().getFirst(WebhookSignature.TIMESTAMP_HEADER),
              exchange.getRequestHeaders().getFirst(WebhookSignature.SIGNATURE_HEADER),
              body,
              clock.instant(),
              TOLERANCE);
      received.add(
          new Received(
              exchange.getRequestHeaders().getFirst(WebhookNotifier.EVENT_HEADER),
              exchange.getRequestHeaders().getFirst(WebhookNotifier.IDEMPOTENCY_HEADER),
              new String(body, StandardCharsets.UTF_8),
              authentic));
      exchange.sendResponseHeaders(authentic ? 204 : 401, -1);
    }
  }

  /** Stops the server at once. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
