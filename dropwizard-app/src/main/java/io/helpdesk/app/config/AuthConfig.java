package io.helpdesk.app.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Sign-in and sessions. */
public class AuthConfig {
  /** Dev sign-in: anyone can become any member. Only for the embedded default and local work. */
  @JsonProperty private boolean devSignIn = false;

  /** Members with these emails are made admins when they sign in (and at start). */
  @JsonProperty @NotNull private List<String> bootstrapAdminEmails = List.of();

  @JsonProperty
  @NotNull
  @MinDuration(value = 1, unit = TimeUnit.MINUTES)
  private Duration sessionIdleTimeout = Duration.hours(2);

  @JsonProperty
  @NotNull
  @MinDuration(value = 1, unit = TimeUnit.MINUTES)
  private Duration sessionAbsoluteTimeout = Duration.hours(12);

  /** The session cookie carries {@code Secure}: set false only for plain-HTTP local runs. */
  @JsonProperty private boolean secureCookies = true;

  /** When not empty, only emails in these domains may sign in. */
  @JsonProperty @NotNull private List<String> allowedEmailDomains = List.of();

  /** OpenID Connect sign-in; absent: no OIDC sign-in (see the README). */
  @JsonProperty @Valid private OidcSettings oidc;

  public boolean isDevSignIn() {
    return devSignIn;
  }

  public void setDevSignIn(boolean devSignIn) {
    this.devSignIn = devSignIn;
  }

  public List<String> getBootstrapAdminEmails() {
    return bootstrapAdminEmails;
  }

  public void setBootstrapAdminEmails(List<String> bootstrapAdminEmails) {
    this.bootstrapAdminEmails = List.copyOf(bootstrapAdminEmails);
  }

  public Duration getSessionIdleTimeout() {
    return sessionIdleTimeout;
  }

  public void setSessionIdleTimeout(Duration sessionIdleTimeout) {
    this.sessionIdleTimeout = sessionIdleTimeout;
  }

  public Duration getSessionAbsoluteTimeout() {
    return sessionAbsoluteTimeout;
  }

  public void setSessionAbsoluteTimeout(Duration sessionAbsoluteTimeout) {
    this.sessionAbsoluteTimeout = sessionAbsoluteTimeout;
  }

  public boolean isSecureCookies() {
    return secureCookies;
  }

  public void setSecureCookies(boolean secureCookies) {
    this.secureCookies = secureCookies;
  }

  public List<String> getAllowedEmailDomains() {
    return allowedEmailDomains;
  }

  public void setAllowedEmailDomains(List<String> allowedEmailDomains) {
    this.allowedEmailDomains = List.copyOf(allowedEmailDomains);
  }

  /** The OIDC sign-in settings, when OIDC sign-in is configured. */
  public Optional<OidcSettings> getOidc() {
    return Optional.ofNullable(oidc);
  }

  /** Configures OIDC sign-in (or removes it with {@code null}). */
  public void setOidc(OidcSettings oidc) {
    this.oidc = oidc;
  }

  /** True when this email may sign in under {@link #allowedEmailDomains}. */
  public boolean isEmailAllowed(String email) {
    if (allowedEmailDomains.isEmpty()) {
      return true;
    }
    String lower = email.toLowerCase(Locale.ROOT);
    return allowedEmailDomains.stream()
        .map(domain -> domain.toLowerCase(Locale.ROOT))
        .anyMatch(domain -> lower.endsWith("@" + domain));
  }

  @ValidationMethod(
      message = "auth.sessionAbsoluteTimeout must not be shorter than auth.sessionIdleTimeout")
  @JsonProperty(access = JsonProperty.Access.READ_ONLY)
  public boolean isTimeoutOrderValid() {
    return sessionIdleTimeout == null
        || sessionAbsoluteTimeout == null
        || sessionAbsoluteTimeout.toMilliseconds() >= sessionIdleTimeout.toMilliseconds();
  }
}
