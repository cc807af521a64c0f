package io.helpdesk.app.auth.oidc;

import java.util.Objects;

/**
 * Sign-in through OpenID Connect failed. The message is safe to log: it never contains a token, an
 * authorization code, a code verifier or the client secret.
 */
public final class OidcException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Why sign-in failed; the app maps these to what the user is shown. */
  public enum Reason {
    /** The provider's discovery document could not be fetched or is unusable. */
    DISCOVERY_FAILED,
    /** The callback's state is missing or does not match the one stored at {@code begin()}. */
    STATE_MISMATCH,
    /** The callback carries {@code error=} (for example the user denied access). */
    PROVIDER_ERROR,
    /** The callback is malformed: no code, repeated parameters, or an unexpected {@code iss}. */
    INVALID_CALLBACK,
    /** The token endpoint rejected the code (wrong PKCE verifier, reused code) or was down. */
    TOKEN_EXCHANGE_FAILED,
    /** The provider's signing keys (JWKS) could not be fetched. */
    KEYS_UNAVAILABLE,
    /** The ID token's signature, issuer, audience or lifetime is wrong. */
    INVALID_ID_TOKEN,
    /** The ID token's nonce is missing or does not match the one stored at {@code begin()}. */
    NONCE_MISMATCH,
    /** The ID token has no email address. */
    MISSING_EMAIL,
    /** The provider does not vouch for the email address. */
    EMAIL_NOT_VERIFIED,
    /** The email domain (or Google's {@code hd} claim) is not among the allowed domains. */
    DOMAIN_NOT_ALLOWED
  }

  private final Reason reason;

  OidcException(Reason reason, String message) {
    super(reason + ": " + message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  OidcException(Reason reason, String message, Throwable cause) {
    super(reason + ": " + message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public Reason reason() {
    return reason;
  }
}
