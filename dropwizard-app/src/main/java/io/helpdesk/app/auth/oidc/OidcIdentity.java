package io.helpdesk.app.auth.oidc;

import java.util.Objects;
import java.util.Optional;

/**
 * Who signed in, taken from a fully validated ID token. Key accounts by ({@code issuer}, {@code
 * subject}); the email can change at the provider.
 *
 * @param subject the provider's stable user id ({@code sub})
 * @param email the email address, which the provider has verified
 * @param emailVerified always {@code true}: unverified emails are rejected before this is built
 * @param name the display name, when the provider sent one
 * @param issuer the configured issuer, also when the token used an accepted alias (Google's legacy
 *     {@code accounts.google.com})
 */
public record OidcIdentity(
    String subject, String email, boolean emailVerified, Optional<String> name, String issuer) {

  public OidcIdentity {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(email, "email");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(issuer, "issuer");
  }
}
