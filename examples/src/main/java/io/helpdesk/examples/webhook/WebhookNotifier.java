package io.helpdesk.examples.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helpdesk.core.NotificationFailedException;
import io.helpdesk.core.notifier.NotificationText;
import io.helpdesk.core.notifier.RenderedMessage;
import io.helpdesk.core.spi.Notification;
import io.helpdesk.core.spi.Notifier;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;

/**
 * A third-party {@link Notifier}: POSTs each notification as a signed JSON event to one URL, with
 * {@link HttpClient} from the JDK.
 *
 * <h2>The request</h2>
 *
 * <pre>
 * POST {url}
 * Content-Type: application/json
 * Helpdesk-Event: ticket-assigned
 * Idempotency-Key: {the notification's key, URL-encoded; the same on every retry}
 * Helpdesk-Timestamp: 1767603600
 * Helpdesk-Signature: v1={hex HMAC-SHA256 of "1767603600." + body}
 *
 * {"id": "...", "kind": "ticket-assigned", "sentAt": "2026-01-05T09:00:00Z",
 *  "recipient": {"memberId", "email", "displayName", "role"},
 *  "ticket": {"id", "title", "status", "priority", "url"?},
 *  "subject": "...", "text": "..."}
 * </pre>
 *
 * {@code subject} and {@code text} are {@link NotificationText}'s plain-text rendering (the subject
 * is one line). Ticket text travels only in the JSON body, never in a header; receivers must escape
 * it for wherever they show it. See {@link WebhookSignature} for the signature and replay defence.
 *
 * <h2>Failures</h2>
 *
 * Classified like the SMTP notifier, always as {@link NotificationFailedException}; the engine
 * retries, this class never does:
 *
 * <ul>
 *   <li>retryable: connection refused or reset, connect or request timeout, any other I/O failure,
 *       an interrupted call, HTTP 408, 429 and 5xx (a {@code Retry-After} of seconds or an HTTP
 *       date is passed on as {@link NotificationFailedException#retryAfter()});
 *   <li>permanent: every other status outside 2xx, including redirects (the client does not follow
 *       them: a moved endpoint is a configuration error an admin fixes before retrying the dead
 *       letter), and a notification that cannot be encoded.
 * </ul>
 *
 * <p>Immutable and safe for concurrent {@link #send} calls (one shared {@link HttpClient}). Each
 * call returns or fails within the configured timeouts.
 */
public final class WebhookNotifier implements Notifier {
  /** The header naming the notification's kind. */
  public static final String EVENT_HEADER = "Helpdesk-Event";

  /** The header carrying the notification's idempotency key. */
  public static final String IDEMPOTENCY_HEADER = "Idempotency-Key";

  private static final int MAX_QUOTED_BODY = 200;

  private final WebhookConfig config;
  private final HttpClient client;
  private final ObjectMapper json = new ObjectMapper();

  private WebhookNotifier(WebhookConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(config.connectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /**
   * Creates a notifier.
   *
   * @param config the validated settings
   * @return the notifier
   */
  public static WebhookNotifier create(WebhookConfig config) {
    return new WebhookNotifier(config);
  }

  @Override
  public void send(Notification notification) {
    byte[] body = body(notification);
    long timestamp = config.clock().instant().getEpochSecond();
    HttpRequest request =
        HttpRequest.newBuilder(config.url())
            .timeout(config.requestTimeout())
            .header("Content-Type", "application/json")
            .header(EVENT_HEADER, notification.kind())
            .header(
                IDEMPOTENCY_HEADER,
                URLEncoder.encode(notification.idempotencyKey(), StandardCharsets.UTF_8))
            .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
            .header(
                WebhookSignature.SIGNATURE_HEADER,
                WebhookSignature.sign(config.secret(), timestamp, body))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    HttpResponse<String> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (HttpConnectTimeoutException e) {
      throw NotificationFailedException.retryable(describe(notification, "connect timeout"), e);
    } catch (HttpTimeoutException e) {
      throw NotificationFailedException.retryable(describe(notification, "request timeout"), e);
    } catch (ConnectException e) {
      throw NotificationFailedException.retryable(describe(notification, "connection refused"), e);
    } catch (IOException e) {
      throw NotificationFailedException.retryable(
          describe(notification, "I/O failure: " + e.getClass().getSimpleName()), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw NotificationFailedException.retryable(describe(notification, "interrupted"), e);
    }
    classify(notification, response);
  }

  private void classify(Notification notification, HttpResponse<String> response) {
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return;
    }
    String quoted =
        "HTTP " + status + ": " + NotificationText.oneLine(response.body(), MAX_QUOTED_BODY);
    if (status == 408 || status == 429 || status >= 500) {
      Optional<Duration> retryAfter =
          response.headers().firstValue("Retry-After").flatMap(this::parseRetryAfter);
      String message = describe(notification, "rejected for now, " + quoted);
      throw retryAfter.isPresent()
          ? NotificationFailedException.retryable(message, retryAfter.get(), null)
          : NotificationFailedException.retryable(message, null);
    }
    throw NotificationFailedException.permanent(
        describe(notification, "rejected, " + quoted), null);
  }

  /** Seconds, or an HTTP date; anything else is ignored (the engine's backoff applies). */
  private Optional<Duration> parseRetryAfter(String value) {
    String trimmed = value.trim();
    try {
      long seconds = Long.parseLong(trimmed);
      return seconds >= 0 ? Optional.of(Duration.ofSeconds(seconds)) : Optional.empty();
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration wait = Duration.between(config.clock().instant(), at);
        return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
      } catch (DateTimeParseException notADate) {
        return Optional.empty();
      }
    }
  }

  private byte[] body(Notification notification) {
    RenderedMessage rendered = NotificationText.render(notification, config.webBaseUrl());
    ObjectNode event = json.createObjectNode();
    event.put("id", notification.idempotencyKey());
    event.put("kind", notification.kind());
    event.put("sentAt", config.clock().instant().toString());
    ObjectNode recipient = event.putObject("recipient");
    recipient.put("memberId", notification.recipient().memberId().toString());
    recipient.put("email", notification.recipient().email());
    recipient.put("displayName", notification.recipient().displayName());
    recipient.put("role", notification.recipient().role().name());
    ObjectNode ticket = event.putObject("ticket");
    ticket.put("id", notification.ticket().id().toString());
    ticket.put("title", notification.ticket().title());
    ticket.put("status", notification.ticket().status().name());
    ticket.put("priority", notification.ticket().effectivePriority().name());
    NotificationText.ticketLink(notification.ticket().id(), config.webBaseUrl())
        .ifPresent(link -> ticket.put("url", link.toString()));
    event.put("subject", rendered.subject());
    event.put("text", rendered.body());
    try {
      return json.writeValueAsBytes(event);
    } catch (JsonProcessingException e) {
      throw NotificationFailedException.permanent(
          describe(notification, "could not encode the event"), e);
    }
  }

  private String describe(Notification notification, String what) {
    return "Webhook delivery of "
        + notification.kind()
        + " to "
        + notification.recipient().email()
        + " via "
        + config.url()
        + " failed ("
        + what
        + ")";
  }
}
