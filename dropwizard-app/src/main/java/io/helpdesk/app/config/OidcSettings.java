package io.helpdesk.app.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import io.helpdesk.app.auth.oidc.OidcConfig;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The {@code auth.oidc} block: OpenID Connect sign-in, mapped onto {@link OidcConfig}. Google is
 * the preset (its issuer is the default, its legacy issuer spelling is accepted and its {@code hd}
 * claim checked when {@code auth.allowedEmailDomains} is set); any issuer with a discovery document
 * works. The client secret comes from the environment ({@code ${OIDC_CLIENT_SECRET}}).
 */
public class OidcSettings {
  /** The path of the callback under the public base URL, the default redirect URI. */
  public static final String CALLBACK_PATH = "/api/v1/auth/oidc/callback";

  @JsonProperty
  @NotNull
  @Pattern(regexp = "https?://[^\\s]+", message = "must be an http(s) URL")
  private String issuer = OidcConfig.GOOGLE_ISSUER.toString();

  /** Shown on the sign-in button; defaults to "Google" for Google, else the issuer's host. */
  @JsonProperty
  @Size(min = 1, max = 60)
  private String providerName;

  @JsonProperty @NotBlank private String clientId;
  @JsonProperty @NotBlank private String clientSecret;

  /** Defaults to {@code publicBaseUrl + /api/v1/auth/oidc/callback}. */
  @JsonProperty
  @Pattern(regexp = "https?://[^\\s]+", message = "must be an http(s) URL")
  private String redirectUri;

  @JsonProperty @NotEmpty private List<String> scopes = OidcConfig.DEFAULT_SCOPES;

  /** Other {@code iss} spellings the provider uses; Google's legacy one is added by the preset. */
  @JsonProperty @NotNull private List<String> additionalIssuers = List.of();

  /** With allowed domains, also require Google's {@code hd} claim; default: on for Google only. */
  @JsonProperty private Boolean checkHostedDomain;

  @JsonProperty
  @NotNull
  @MaxDuration(value = 5, unit = TimeUnit.MINUTES)
  private Duration clockSkew = Duration.seconds(60);

  @JsonProperty
  @NotNull
  @MinDuration(value = 1, unit = TimeUnit.MILLISECONDS)
  @MaxDuration(value = 1, unit = TimeUnit.MINUTES)
  private Duration connectTimeout = Duration.seconds(5);

  @JsonProperty
  @NotNull
  @MinDuration(value = 1, unit = TimeUnit.MILLISECONDS)
  @MaxDuration(value = 1, unit = TimeUnit.MINUTES)
  private Duration readTimeout = Duration.seconds(5);

  @JsonProperty
  @NotNull
  @MinDuration(value = 1, unit = TimeUnit.MINUTES)
  @MaxDuration(value = 1, unit = TimeUnit.DAYS)
  private Duration jwksCacheTimeToLive = Duration.minutes(15);

  /** How long a started sign-in may take until the provider sends the browser back. */
  @JsonProperty
  @NotNull
  @MinDuration(value = 1, unit = TimeUnit.MINUTES)
  @MaxDuration(value = 1, unit = TimeUnit.HOURS)
  private Duration signInTimeout = Duration.minutes(10);

  /** Sets the issuer (any provider with discovery). */
  public void setIssuer(String issuer) {
    this.issuer = issuer;
  }

  /** Sets the client id registered with the provider. */
  public void setClientId(String clientId) {
    this.clientId = clientId;
  }

  /** Sets the client secret. */
  public void setClientSecret(String clientSecret) {
    this.clientSecret = clientSecret;
  }

  /** Sets the redirect URI registered with the provider. */
  public void setRedirectUri(String redirectUri) {
    this.redirectUri = redirectUri;
  }

  /** Sets the display name of the provider. */
  public void setProviderName(String providerName) {
    this.providerName = providerName;
  }

  /** Sets the tolerance for the ID token's times. */
  public void setClockSkew(Duration clockSkew) {
    this.clockSkew = clockSkew;
  }

  /** How long a started sign-in stays usable. */
  public java.time.Duration getSignInTimeout() {
    return signInTimeout.toJavaDuration();
  }

  /** True when the issuer is Google's, so the Google preset applies. */
  public boolean isGoogle() {
    return OidcConfig.GOOGLE_ISSUER.toString().equals(stripSlash(issuer));
  }

  /** The name for the sign-in button. */
  public String getProviderName() {
    if (providerName != null) {
      return providerName;
    }
    if (isGoogle()) {
      return "Google";
    }
    return Optional.ofNullable(URI.create(issuer).getHost()).orElse(issuer);
  }

  /**
   * The client's config; its own validation errors are reported against the YAML path.
   *
   * @param publicBaseUrl the server's public URL, for the default redirect URI
   * @param allowedEmailDomains {@code auth.allowedEmailDomains}
   * @throws IllegalArgumentException naming the field
   */
  public OidcConfig toOidcConfig(String publicBaseUrl, List<String> allowedEmailDomains) {
    try {
      boolean google = isGoogle();
      Set<String> aliases = new HashSet<>(additionalIssuers);
      if (google) {
        aliases.add(OidcConfig.GOOGLE_LEGACY_ISSUER);
      }
      return OidcConfig.builder()
          .issuer(google ? OidcConfig.GOOGLE_ISSUER.toString() : issuer)
          .additionalIssuers(aliases)
          .clientId(clientId)
          .clientSecret(clientSecret)
          .redirectUri(
              redirectUri != null ? redirectUri : stripSlash(publicBaseUrl) + CALLBACK_PATH)
          .scopes(scopes)
          .allowedEmailDomains(Set.copyOf(allowedEmailDomains))
          .checkHostedDomain(checkHostedDomain != null ? checkHostedDomain : google)
          .clockSkew(clockSkew.toJavaDuration())
          .connectTimeout(connectTimeout.toJavaDuration())
          .readTimeout(readTimeout.toJavaDuration())
          .jwksCacheTimeToLive(jwksCacheTimeToLive.toJavaDuration())
          .build();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("auth.oidc: " + e.getMessage(), e);
    }
  }

  private static String stripSlash(String url) {
    return url != null && url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
