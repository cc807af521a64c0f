package io.helpdesk.examples.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.helpdesk.core.NotificationFailedException;
import io.helpdesk.core.spi.Notification;
import io.helpdesk.testkit.MutableClock;
import io.helpdesk.testkit.Notifications;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WebhookNotifierTest {
  private static final String SECRET = "notifier-test-secret-0123456789";
  private static final Instant NOW = Instant.parse("2026-01-05T09:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  private HttpServer stub;
  private final Map<String, String> lastHeaders = new ConcurrentHashMap<>();
  private volatile byte[] lastBody = new byte[0];
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void stop() {
    release.countDown();
    if (stub != null) {
      stub.stop(0);
    }
  }

  /** A receiver that records the request and answers {@code status} with extra headers. */
  private String stub(int status, Map<String, String> headers, Duration delay) throws IOException {
    stub = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    stub.createContext(
        "/",
        exchange -> {
          try (exchange) {
            lastBody = exchange.getRequestBody().readAllBytes();
            exchange
                .getRequestHeaders()
                .forEach((name, values) -> lastHeaders.put(name, values.get(0)));
            if (!delay.isZero()) {
              release.await(delay.toMillis(), TimeUnit.MILLISECONDS);
            }
            headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            byte[] answer = "{\"error\":\"nope\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    stub.start();
    return "http://127.0.0.1:" + stub.getAddress().getPort() + "/hooks";
  }

  private static WebhookNotifier notifier(String url, Clock clock) {
    return WebhookNotifier.create(
        WebhookConfig.builder(url, SECRET)
            .clock(clock)
            .requestTimeout(Duration.ofMillis(500))
            .webBaseUrl("https://help.example.com")
            .build());
  }

  private static Notification.TicketAssigned assigned() {
    return Notifications.sampleTicketAssigned(Notifications.sampleTicket("Checkout is blank"));
  }

  @Test
  @DisplayName("the request is signed over timestamp and body, and a receiver can verify it")
  void signatureVerifies() throws Exception {
    String url = stub(204, Map.of(), Duration.ZERO);
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    Notification.TicketAssigned notification = assigned();

    notifier(url, clock).send(notification);

    String timestamp = header(WebhookSignature.TIMESTAMP_HEADER);
    String signature = header(WebhookSignature.SIGNATURE_HEADER);
    assertThat(timestamp).isEqualTo(Long.toString(NOW.getEpochSecond()));
    assertThat(signature).matches("v1=[0-9a-f]{64}");
    assertThat(signature)
        .as("an independent HMAC-SHA256 over '<timestamp>.<body>'")
        .isEqualTo(
            "v1="
                + hmacHex(SECRET, timestamp + "." + new String(lastBody, StandardCharsets.UTF_8)));
    assertThat(
            WebhookSignature.verify(
                SECRET, timestamp, signature, lastBody, NOW, Duration.ofMinutes(5)))
        .isTrue();

    JsonNode event = JSON.readTree(lastBody);
    assertThat(event.path("id").asText()).isEqualTo(notification.idempotencyKey());
    assertThat(event.path("kind").asText()).isEqualTo("ticket-assigned");
    assertThat(event.path("ticket").path("title").asText()).isEqualTo("Checkout is blank");
    assertThat(event.path("ticket").path("url").asText())
        .isEqualTo("https://help.example.com/tickets/" + notification.ticket().id());
    assertThat(header(WebhookNotifier.EVENT_HEADER)).isEqualTo("ticket-assigned");
    assertThat(
            URLDecoder.decode(header(WebhookNotifier.IDEMPOTENCY_HEADER), StandardCharsets.UTF_8))
        .isEqualTo(notification.idempotencyKey());
    assertThat(header("Content-type")).isEqualTo("application/json");
  }

  @Test
  @DisplayName("a tampered body, a wrong secret, a stale or future timestamp fail verification")
  void verificationRejects() throws Exception {
    String url = stub(204, Map.of(), Duration.ZERO);
    notifier(url, Clock.fixed(NOW, ZoneOffset.UTC)).send(assigned());
    String timestamp = header(WebhookSignature.TIMESTAMP_HEADER);
    String signature = header(WebhookSignature.SIGNATURE_HEADER);
    Duration tolerance = Duration.ofMinutes(5);

    byte[] tampered =
        new String(lastBody, StandardCharsets.UTF_8)
            .replace("Checkout", "Checkout!")
            .getBytes(StandardCharsets.UTF_8);
    assertThat(WebhookSignature.verify(SECRET, timestamp, signature, tampered, NOW, tolerance))
        .isFalse();
    assertThat(
            WebhookSignature.verify(
                "another-secret-0123456789", timestamp, signature, lastBody, NOW, tolerance))
        .isFalse();
    assertThat(
            WebhookSignature.verify(
                SECRET, timestamp, signature, lastBody, NOW.plus(Duration.ofMinutes(6)), tolerance))
        .as("replayed six minutes later")
        .isFalse();
    assertThat(
            WebhookSignature.verify(
                SECRET,
                timestamp,
                signature,
                lastBody,
                NOW.minus(Duration.ofMinutes(6)),
                tolerance))
        .as("from the future")
        .isFalse();
    String movedTimestamp = Long.toString(NOW.getEpochSecond() + 60);
    assertThat(WebhookSignature.verify(SECRET, movedTimestamp, signature, lastBody, NOW, tolerance))
        .as("a timestamp moved without the secret")
        .isFalse();
    assertThat(WebhookSignature.verify(SECRET, null, signature, lastBody, NOW, tolerance))
        .isFalse();
    assertThat(WebhookSignature.verify(SECRET, timestamp, "v1=zz", lastBody, NOW, tolerance))
        .isFalse();
    assertThat(
            WebhookSignature.verify(
                SECRET, timestamp, "v1=00ff, " + signature, lastBody, NOW, tolerance))
        .as("one of several signatures (secret rotation)")
        .isTrue();
  }

  @ParameterizedTest(name = "HTTP {0} -> retryable {1}")
  @CsvSource({
    "500, true",
    "502, true",
    "503, true",
    "429, true",
    "408, true",
    "400, false",
    "401, false",
    "403, false",
    "404, false",
    "410, false",
    "302, false"
  })
  @DisplayName(
      "statuses are classified like the SMTP notifier: 429 and 5xx retryable, other 4xx permanent")
  void statusClassification(int status, boolean retryable) throws Exception {
    String url =
        stub(
            status,
            status == 302 ? Map.of("Location", "http://elsewhere/") : Map.of(),
            Duration.ZERO);

    assertThatThrownBy(() -> notifier(url, Clock.systemUTC()).send(assigned()))
        .isInstanceOf(NotificationFailedException.class)
        .hasMessageContaining("HTTP " + status)
        .hasMessageNotContaining(SECRET)
        .satisfies(
            thrown ->
                assertThat(((NotificationFailedException) thrown).retryable())
                    .isEqualTo(retryable));
  }

  @Test
  @DisplayName("a 429's Retry-After (seconds or HTTP date) is passed on to the engine")
  void retryAfter() throws Exception {
    String url = stub(429, Map.of("Retry-After", "120"), Duration.ZERO);
    assertThatThrownBy(() -> notifier(url, Clock.systemUTC()).send(assigned()))
        .isInstanceOfSatisfying(
            NotificationFailedException.class,
            thrown -> assertThat(thrown.retryAfter()).contains(Duration.ofSeconds(120)));
    stub.stop(0);

    MutableClock clock = MutableClock.startingMonday();
    String date =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(
            clock.instant().plusSeconds(90).atZone(ZoneOffset.UTC));
    String dated = stub(503, Map.of("Retry-After", date), Duration.ZERO);
    assertThatThrownBy(() -> notifier(dated, clock).send(assigned()))
        .isInstanceOfSatisfying(
            NotificationFailedException.class,
            thrown -> assertThat(thrown.retryAfter()).contains(Duration.ofSeconds(90)));
  }

  @Test
  @DisplayName("a receiver slower than the request timeout is a retryable failure, in time")
  void timeoutIsRetryable() throws Exception {
    String url = stub(204, Map.of(), Duration.ofSeconds(10));
    long started = System.nanoTime();

    assertThatThrownBy(() -> notifier(url, Clock.systemUTC()).send(assigned()))
        .isInstanceOfSatisfying(
            NotificationFailedException.class,
            thrown -> {
              assertThat(thrown.retryable()).isTrue();
              assertThat(thrown).hasMessageContaining("timeout");
            });
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  @DisplayName("the config names a bad field and never prints the secret")
  void configValidation() {
    assertThatThrownBy(() -> WebhookConfig.builder("ftp://example.com/hook", SECRET).build())
        .hasMessageContaining("WebhookConfig.url");
    assertThatThrownBy(() -> WebhookConfig.builder("https://example.com/hook", "short").build())
        .hasMessageContaining("WebhookConfig.secret");
    assertThatThrownBy(
            () ->
                WebhookConfig.builder("https://example.com/hook", SECRET)
                    .requestTimeout(Duration.ZERO)
                    .build())
        .hasMessageContaining("WebhookConfig.requestTimeout");
    assertThat(WebhookConfig.builder("https://example.com/hook", SECRET).build().toString())
        .doesNotContain(SECRET)
        .contains("****");
  }

  private String header(String name) {
    return lastHeaders.entrySet().stream()
        .filter(entry -> entry.getKey().equalsIgnoreCase(name))
        .map(Map.Entry::getValue)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no header " + name + " in " + lastHeaders));
  }

  private static String hmacHex(String secret, String message) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
  }
}
