package io.helpdesk.app.auth.oidc;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSetUnavailableException;
import com.nimbusds.jose.proc.SecurityContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The provider's JWKS, cached for as long as its {@code Cache-Control: max-age} (minus {@code Age})
 * says, but never longer than the configured time to live and never less than {@link
 * #MIN_CACHE_TIME}. When a token names a key the cached set lacks (the provider rotated its keys),
 * the set is fetched again, at most once per {@link #MIN_CACHE_TIME}, so forged key ids cannot make
 * us hammer the provider. Nimbus' {@code JWKSetBasedJWKSource} asks with a refresh evaluator for
 * exactly that case.
 */
final class CacheControlJwkSetSource implements JWKSetSource<SecurityContext> {

  static final Duration MIN_CACHE_TIME = Duration.ofSeconds(30);
  private static final int SIZE_LIMIT_BYTES = 512 * 1024;
  private static final Pattern MAX_AGE =
      Pattern.compile("(?:^|,)\\s*max-age\\s*=\\s*\"?(\\d+)\"?", Pattern.CASE_INSENSITIVE);

  private final URI jwksUri;
  private final Duration maxCacheTime;
  private final Duration readTimeout;
  private final HttpClient http;
  private final Clock clock;

  private JWKSet cached;
  private Instant fetchedAt = Instant.MIN;
  private Instant expiresAt = Instant.MIN;

  CacheControlJwkSetSource(URI jwksUri, OidcConfig config, Clock clock) {
    this.jwksUri = jwksUri;
    this.maxCacheTime = config.jwksCacheTimeToLive();
    this.readTimeout = config.readTimeout();
    this.clock = clock;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(config.connectTimeout())
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
  }

  @Override
  public synchronized JWKSet getJWKSet(
      JWKSetCacheRefreshEvaluator refreshEvaluator, long currentTime, SecurityContext context)
      throws KeySourceException {
    Instant now = clock.instant();
    boolean expired = cached == null || !now.isBefore(expiresAt);
    boolean rotated =
        cached != null
            && refreshEvaluator.requiresRefresh(cached)
            && !now.isBefore(fetchedAt.plus(MIN_CACHE_TIME));
    if (expired || rotated) {
      fetch(now);
    }
    return cached;
  }

  private void fetch(Instant now) throws KeySourceException {
    HttpResponse<InputStream> response;
    try {
      response =
          http.send(
              HttpRequest.newBuilder(jwksUri)
                  .timeout(readTimeout)
                  .header("Accept", "application/json")
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new JWKSetUnavailableException("JWKS fetch failed: " + e.getClass().getName(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JWKSetUnavailableException("JWKS fetch interrupted", e);
    }
    String body;
    try (InputStream in = response.body()) {
      byte[] bytes = in.readNBytes(SIZE_LIMIT_BYTES + 1);
      if (bytes.length > SIZE_LIMIT_BYTES) {
        throw new JWKSetUnavailableException("JWKS is larger than " + SIZE_LIMIT_BYTES + " bytes");
      }
      body = new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new JWKSetUnavailableException("JWKS read failed: " + e.getClass().getName(), e);
    }
    if (response.statusCode() != 200) {
      throw new JWKSetUnavailableException("JWKS endpoint answered " + response.statusCode());
    }
    try {
      cached = JWKSet.parse(body);
    } catch (java.text.ParseException e) {
      throw new JWKSetUnavailableException("JWKS is not a JSON Web Key set", e);
    }
    fetchedAt = now;
    expiresAt = now.plus(cacheTime(response));
  }

  private Duration cacheTime(HttpResponse<?> response) {
    Optional<String> cacheControl = response.headers().firstValue("Cache-Control");
    if (cacheControl.isEmpty()) {
      return maxCacheTime;
    }
    String directives = cacheControl.get().toLowerCase(Locale.ROOT);
    if (directives.contains("no-store") || directives.contains("no-cache")) {
      return MIN_CACHE_TIME;
    }
    Matcher maxAge = MAX_AGE.matcher(directives);
    if (!maxAge.find()) {
      return maxCacheTime;
    }
    long seconds;
    try {
      seconds = Long.parseLong(maxAge.group(1));
    } catch (NumberFormatException e) {
      return maxCacheTime;
    }
    seconds -= response.headers().firstValueAsLong("Age").orElse(0);
    Duration fromHeader = Duration.ofSeconds(Math.max(0, seconds));
    if (fromHeader.compareTo(MIN_CACHE_TIME) < 0) {
      return MIN_CACHE_TIME;
    }
    return fromHeader.compareTo(maxCacheTime) > 0 ? maxCacheTime : fromHeader;
  }

  @Override
  public void close() {
    // HttpClient has no close() before Java 21; its threads end when it is unreachable.
  }
}
