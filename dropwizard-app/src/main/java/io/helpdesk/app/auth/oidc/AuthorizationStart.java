package io.helpdesk.app.auth.oidc;

import java.net.URI;
import java.util.Objects;

/**
 * The start of one sign-in: redirect the browser to {@link #authorizationUrl()}, and keep {@code
 * state}, {@code nonce} and {@code codeVerifier} server-side (in the pre-login session, never in a
 * cookie the browser can read) until the callback. Use it once: drop it from the session before
 * calling {@link OidcClient#complete}. {@link #toString()} hides the code verifier.
 */
public record AuthorizationStart(
    URI authorizationUrl, String state, String nonce, String codeVerifier) {

  public AuthorizationStart {
    Objects.requireNonNull(authorizationUrl, "authorizationUrl");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(nonce, "nonce");
    Objects.requireNonNull(codeVerifier, "codeVerifier");
  }

  @Override
  public String toString() {
    return "AuthorizationStart[authorizationUrl="
        + authorizationUrl
        + ", state="
        + state
        + ", nonce="
        + nonce
        + ", codeVerifier=(redacted)]";
  }
}
