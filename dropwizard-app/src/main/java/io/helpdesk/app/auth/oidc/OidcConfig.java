package io.helpdesk.app.auth.oidc;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How to reach one OpenID Connect provider and whom to let in. Build it with {@link #builder()} or
 * start from the {@link #google()} preset; both validate on {@code build()} and name the offending
 * field. {@link #toString()} never shows the client secret.
 *
 * @param issuer the provider's issuer; discovery reads {@code
 *     <issuer>/.well-known/openid-configuration}
 * @param additionalIssuers other {@code iss} values the provider is known to put in ID tokens
 *     (Google's legacy {@code accounts.google.com}); identities always report {@link #issuer()}
 * @param clientId the client id registered with the provider; ID tokens must be issued for it
 * @param clientSecret the client secret, sent to the token endpoint only
 * @param redirectUri the app's callback URL, exactly as registered with the provider
 * @param scopes requested scopes; always contains {@code openid}
 * @param allowedEmailDomains lower-case email domains allowed to sign in; empty allows any verified
 *     email
 * @param checkHostedDomain when domains are restricted, also require Google's {@code hd} claim to
 *     be one of them (a Workspace account, not a consumer account that happens to use that domain)
 * @param clockSkew tolerance for {@code exp}, {@code iat} and {@code nbf}
 * @param connectTimeout connect timeout for discovery, JWKS and token requests
 * @param readTimeout read timeout for discovery, JWKS and token requests
 * @param jwksCacheTimeToLive the longest time fetched signing keys are trusted before they are
 *     fetched again; a shorter {@code Cache-Control: max-age} from the provider wins. A token
 *     naming an unknown key id triggers a refetch (at most one per 30 seconds), so rotation works
 *     sooner
 */
public record OidcConfig(
    URI issuer,
    Set<String> additionalIssuers,
    String clientId,
    String clientSecret,
    URI redirectUri,
    List<String> scopes,
    Set<String> allowedEmailDomains,
    boolean checkHostedDomain,
    Duration clockSkew,
    Duration connectTimeout,
    Duration readTimeout,
    Duration jwksCacheTimeToLive) {

  public static final URI GOOGLE_ISSUER = URI.create("https://accounts.google.com");
  public static final String GOOGLE_LEGACY_ISSUER = "accounts.google.com";
  public static final List<String> DEFAULT_SCOPES = List.of("openid", "email", "profile");
  public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_JWKS_CACHE_TIME_TO_LIVE = Duration.ofMinutes(15);

  private static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);
  private static final Duration MAX_TIMEOUT = Duration.ofMinutes(1);
  private static final Duration MIN_JWKS_CACHE_TIME_TO_LIVE = Duration.ofMinutes(1);

  public OidcConfig {
    issuer = requireHttpUrl(issuer, "issuer");
    if (issuer.getRawQuery() != null) {
      throw invalid("issuer", "must not have a query");
    }
    for (String alias : requireNonNull(additionalIssuers, "additionalIssuers")) {
      if (alias == null || alias.isBlank()) {
        throw invalid("additionalIssuers", "must not contain blank values");
      }
    }
    additionalIssuers = Set.copyOf(additionalIssuers);
    clientId = requireText(clientId, "clientId");
    clientSecret = requireText(clientSecret, "clientSecret");
    redirectUri = requireHttpUrl(redirectUri, "redirectUri");
    for (String scope : requireNonNull(scopes, "scopes")) {
      if (scope == null || scope.isBlank() || scope.chars().anyMatch(Character::isWhitespace)) {
        throw invalid("scopes", "must not contain blank values or whitespace");
      }
    }
    scopes = List.copyOf(new LinkedHashSet<>(scopes));
    if (!scopes.contains("openid")) {
      throw invalid("scopes", "must contain openid");
    }
    allowedEmailDomains =
        normalizeDomains(requireNonNull(allowedEmailDomains, "allowedEmailDomains"));
    clockSkew = requireRange(clockSkew, "clockSkew", Duration.ZERO, MAX_CLOCK_SKEW);
    connectTimeout =
        requireRange(connectTimeout, "connectTimeout", Duration.ofMillis(1), MAX_TIMEOUT);
    readTimeout = requireRange(readTimeout, "readTimeout", Duration.ofMillis(1), MAX_TIMEOUT);
    jwksCacheTimeToLive =
        requireRange(
            jwksCacheTimeToLive,
            "jwksCacheTimeToLive",
            MIN_JWKS_CACHE_TIME_TO_LIVE,
            Duration.ofDays(1));
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Google as the provider: issuer {@code https://accounts.google.com}, the legacy issuer form
   * {@code accounts.google.com} accepted too, and the {@code hd} claim checked whenever {@link
   * Builder#allowedEmailDomains} is set. Add client id, secret and redirect URI.
   */
  public static Builder google() {
    return new Builder()
        .issuer(GOOGLE_ISSUER)
        .additionalIssuers(Set.of(GOOGLE_LEGACY_ISSUER))
        .checkHostedDomain(true);
  }

  /** Every {@code iss} value accepted in an ID token: {@link #issuer()} first. */
  public Set<String> acceptedIssuers() {
    Set<String> accepted = new LinkedHashSet<>();
    accepted.add(issuer.toString());
    accepted.addAll(additionalIssuers);
    return Set.copyOf(accepted);
  }

  @Override
  public String toString() {
    return "OidcConfig[issuer="
        + issuer
        + ", additionalIssuers="
        + additionalIssuers
        + ", clientId="
        + clientId
        + ", clientSecret=(redacted), redirectUri="
        + redirectUri
        + ", scopes="
        + scopes
        + ", allowedEmailDomains="
        + allowedEmailDomains
        + ", checkHostedDomain="
        + checkHostedDomain
        + ", clockSkew="
        + clockSkew
        + ", connectTimeout="
        + connectTimeout
        + ", readTimeout="
        + readTimeout
        + ", jwksCacheTimeToLive="
        + jwksCacheTimeToLive
        + "]";
  }

  private static IllegalArgumentException invalid(String field, String problem) {
    return new IllegalArgumentException("OidcConfig." + field + " " + problem);
  }

  private static <T> T requireNonNull(T value, String field) {
    if (value == null) {
      throw invalid(field, "is required");
    }
    return value;
  }

  private static String requireText(String value, String field) {
    if (requireNonNull(value, field).isBlank()) {
      throw invalid(field, "must not be blank");
    }
    return value;
  }

  /** https everywhere, http only on the loopback interface (local development and tests). */
  private static URI requireHttpUrl(URI value, String field) {
    requireNonNull(value, field);
    if (!value.isAbsolute() || value.getHost() == null) {
      throw invalid(field, "must be an absolute URL with a host");
    }
    String scheme = value.getScheme().toLowerCase(Locale.ROOT);
    boolean loopback =
        Set.of("localhost", "127.0.0.1", "[::1]")
            .contains(value.getHost().toLowerCase(Locale.ROOT));
    if (!scheme.equals("https") && !(scheme.equals("http") && loopback)) {
      throw invalid(field, "must use https (http is allowed for localhost only)");
    }
    if (value.getRawFragment() != null) {
      throw invalid(field, "must not have a fragment");
    }
    return value;
  }

  private static Duration requireRange(Duration value, String field, Duration min, Duration max) {
    requireNonNull(value, field);
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw invalid(field, "must be between " + min + " and " + max);
    }
    return value;
  }

  private static Set<String> normalizeDomains(Set<String> domains) {
    Set<String> normalized = new LinkedHashSet<>();
    for (String domain : domains) {
      if (domain == null || domain.isBlank() || domain.contains("@") || domain.contains(" ")) {
        throw invalid("allowedEmailDomains", "must contain bare domain names like example.com");
      }
      normalized.add(domain.strip().toLowerCase(Locale.ROOT));
    }
    return Set.copyOf(normalized);
  }

  /** Collects the fields; {@link #build()} validates them. */
  public static final class Builder {
    private URI issuer;
    private Set<String> additionalIssuers = Set.of();
    private String clientId;
    private String clientSecret;
    private URI redirectUri;
    private List<String> scopes = DEFAULT_SCOPES;
    private Set<String> allowedEmailDomains = Set.of();
    private boolean checkHostedDomain;
    private Duration clockSkew = DEFAULT_CLOCK_SKEW;
    private Duration connectTimeout = DEFAULT_TIMEOUT;
    private Duration readTimeout = DEFAULT_TIMEOUT;
    private Duration jwksCacheTimeToLive = DEFAULT_JWKS_CACHE_TIME_TO_LIVE;

    private Builder() {}

    public Builder issuer(URI issuer) {
      this.issuer = issuer;
      return this;
    }

    public Builder issuer(String issuer) {
      this.issuer = issuer == null ? null : URI.create(issuer);
      return this;
    }

    public Builder additionalIssuers(Set<String> additionalIssuers) {
      this.additionalIssuers = additionalIssuers;
      return this;
    }

    public Builder clientId(String clientId) {
      this.clientId = clientId;
      return this;
    }

    public Builder clientSecret(String clientSecret) {
      this.clientSecret = clientSecret;
      return this;
    }

    public Builder redirectUri(URI redirectUri) {
      this.redirectUri = redirectUri;
      return this;
    }

    public Builder redirectUri(String redirectUri) {
      this.redirectUri = redirectUri == null ? null : URI.create(redirectUri);
      return this;
    }

    public Builder scopes(List<String> scopes) {
      this.scopes = scopes == null ? null : new ArrayList<>(scopes);
      return this;
    }

    public Builder allowedEmailDomains(Set<String> allowedEmailDomains) {
      this.allowedEmailDomains = allowedEmailDomains;
      return this;
    }

    public Builder checkHostedDomain(boolean checkHostedDomain) {
      this.checkHostedDomain = checkHostedDomain;
      return this;
    }

    public Builder clockSkew(Duration clockSkew) {
      this.clockSkew = clockSkew;
      return this;
    }

    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
      return this;
    }

    public Builder readTimeout(Duration readTimeout) {
      this.readTimeout = readTimeout;
      return this;
    }

    public Builder jwksCacheTimeToLive(Duration jwksCacheTimeToLive) {
      this.jwksCacheTimeToLive = jwksCacheTimeToLive;
      return this;
    }

    /**
     * @throws IllegalArgumentException naming the first invalid field
     */
    public OidcConfig build() {
      return new OidcConfig(
          issuer,
          additionalIssuers,
          clientId,
          clientSecret,
          redirectUri,
          scopes,
          allowedEmailDomains,
          checkHostedDomain,
          clockSkew,
          connectTimeout,
          readTimeout,
          jwksCacheTimeToLive);
    }
  }
}
