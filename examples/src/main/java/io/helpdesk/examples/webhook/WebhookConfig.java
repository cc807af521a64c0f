package io.helpdesk.examples.webhook;

import io.helpdesk.core.notifier.NotificationText;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings of a {@link WebhookNotifier}, validated on {@link Builder#build()} with a message that
 * names the field. The notifier reads no environment and no files: the host maps its own
 * configuration onto this record.
 *
 * @param url where events are POSTed (absolute http or https)
 * @param secret the shared HMAC-SHA256 key, at least {@link #MIN_SECRET_LENGTH} characters (32
 *     random bytes, hex or base64 encoded, are a good choice); {@link #toString()} hides it
 * @param connectTimeout TCP and TLS connect
 * @param requestTimeout the whole exchange, from sending the request to the response headers
 * @param webBaseUrl where the web UI lives; when present, events carry a link to the ticket
 * @param clock stamps {@code Helpdesk-Timestamp}
 */
public record WebhookConfig(
    URI url,
    String secret,
    Duration connectTimeout,
    Duration requestTimeout,
    Optional<URI> webBaseUrl,
    Clock clock) {

  /** The shortest secret accepted. */
  public static final int MIN_SECRET_LENGTH = 16;

  /** Validates every field. */
  public WebhookConfig {
    Objects.requireNonNull(url, "WebhookConfig.url: required");
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!url.isAbsolute() || !(scheme.equals("http") || scheme.equals("https"))) {
      throw new IllegalArgumentException(
          "WebhookConfig.url: must be an absolute http(s) URL (got " + url + ")");
    }
    Objects.requireNonNull(secret, "WebhookConfig.secret: required");
    if (secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_LENGTH) {
      throw new IllegalArgumentException(
          "WebhookConfig.secret: must be at least " + MIN_SECRET_LENGTH + " characters");
    }
    requirePositive("connectTimeout", connectTimeout);
    requirePositive("requestTimeout", requestTimeout);
    Objects.requireNonNull(webBaseUrl, "WebhookConfig.webBaseUrl");
    webBaseUrl.ifPresent(NotificationText::requireWebAddress);
    Objects.requireNonNull(clock, "WebhookConfig.clock: required");
  }

  private static void requirePositive(String field, Duration value) {
    if (value == null || value.isZero() || value.isNegative() || value.toMinutes() > 5) {
      throw new IllegalArgumentException(
          "WebhookConfig." + field + ": must be between 1 ms and 5 minutes (got " + value + ")");
    }
  }

  /**
   * A builder with the defaults: 5 s to connect, 10 s for the exchange, no web link, system UTC.
   *
   * @param url where events are POSTed
   * @param secret the shared HMAC key
   * @return a builder
   */
  public static Builder builder(String url, String secret) {
    return new Builder(url, secret);
  }

  /** Hides the secret. */
  @Override
  public String toString() {
    return "WebhookConfig[url="
        + url
        + ", secret=****, connectTimeout="
        + connectTimeout
        + ", requestTimeout="
        + requestTimeout
        + ", webBaseUrl="
        + webBaseUrl
        + "]";
  }

  /** Builds a {@link WebhookConfig}. */
  public static final class Builder {
    private final String url;
    private final String secret;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration requestTimeout = Duration.ofSeconds(10);
    private Optional<URI> webBaseUrl = Optional.empty();
    private Clock clock = Clock.systemUTC();

    private Builder(String url, String secret) {
      this.url = url;
      this.secret = secret;
    }

    /**
     * Sets the connect timeout.
     *
     * @param connectTimeout at most 5 minutes
     * @return this builder
     */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
      return this;
    }

    /**
     * Sets the timeout of the whole exchange.
     *
     * @param requestTimeout at most 5 minutes; keep it well under the engine's lease
     * @return this builder
     */
    public Builder requestTimeout(Duration requestTimeout) {
      this.requestTimeout = requestTimeout;
      return this;
    }

    /**
     * Sets where the web UI lives, for links to tickets.
     *
     * @param webBaseUrl for example {@code https://help.example.com}
     * @return this builder
     */
    public Builder webBaseUrl(String webBaseUrl) {
      this.webBaseUrl = Optional.of(URI.create(webBaseUrl));
      return this;
    }

    /**
     * Sets the clock that stamps each delivery.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @return the config
     * @throws IllegalArgumentException naming the bad field
     */
    public WebhookConfig build() {
      URI parsed;
      try {
        parsed = URI.create(Objects.requireNonNull(url, "WebhookConfig.url: required"));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("WebhookConfig.url: not a URL (" + url + ")", e);
      }
      return new WebhookConfig(parsed, secret, connectTimeout, requestTimeout, webBaseUrl, clock);
    }
  }
}
