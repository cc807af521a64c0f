package io.helpdesk.app.auth.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSetBasedJWKSource;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.helpdesk.app.auth.oidc.OidcException.Reason;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Validates an ID token (OpenID Connect Core 3.1.3.7) and turns it into an {@link OidcIdentity}:
 * signature against the provider's keys, then issuer, audience, lifetime, nonce, email and domain.
 * The claims are checked here rather than by Nimbus' verifiers so that time comes from the injected
 * {@link Clock} and several issuer spellings (Google's) are accepted.
 */
final class IdTokenVerifier {

  private final OidcConfig config;
  private final Set<String> acceptedIssuers;
  private final DefaultJWTProcessor<SecurityContext> processor;
  private final Clock clock;

  IdTokenVerifier(
      OidcConfig config,
      Set<JWSAlgorithm> algorithms,
      JWKSource<SecurityContext> keys,
      Clock clock) {
    this.config = config;
    this.acceptedIssuers = config.acceptedIssuers();
    this.clock = clock;
    this.processor = new DefaultJWTProcessor<>();
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithms, keys));
    processor.setJWTClaimsSetVerifier((claims, context) -> {});
  }

  /** Keys from the provider's JWKS URL, cached per its Cache-Control and refetched on rotation. */
  static IdTokenVerifier remote(
      OidcConfig config, Set<JWSAlgorithm> algorithms, URI jwksUri, Clock clock) {
    JWKSource<SecurityContext> keys =
        new JWKSetBasedJWKSource<>(new CacheControlJwkSetSource(jwksUri, config, clock));
    return new IdTokenVerifier(config, algorithms, keys, clock);
  }

  OidcIdentity verify(JWT idToken, String expectedNonce) {
    if (!(idToken instanceof SignedJWT signed)) {
      throw invalid("ID token is not signed");
    }
    JWTClaimsSet claims = verifySignature(signed);
    String issuer = stringClaim(claims, "iss").orElseThrow(() -> invalid("ID token has no iss"));
    if (!acceptedIssuers.contains(issuer)) {
      throw invalid("ID token issuer is not the configured issuer");
    }
    verifyAudience(claims);
    verifyLifetime(claims);
    String subject =
        stringClaim(claims, "sub")
            .filter(value -> !value.isBlank())
            .orElseThrow(() -> invalid("ID token has no sub"));
    Optional<String> nonce = stringClaim(claims, "nonce");
    if (nonce.isEmpty() || !constantTimeEquals(nonce.get(), expectedNonce)) {
      throw new OidcException(
          Reason.NONCE_MISMATCH, "ID token nonce does not match the sign-in attempt");
    }
    String email =
        stringClaim(claims, "email")
            .filter(value -> value.indexOf('@') > 0)
            .orElseThrow(
                () -> new OidcException(Reason.MISSING_EMAIL, "ID token has no email address"));
    if (!isTrue(claims.getClaim("email_verified"))) {
      throw new OidcException(
          Reason.EMAIL_NOT_VERIFIED, "the provider has not verified the email address");
    }
    verifyDomain(claims, email);
    return new OidcIdentity(
        subject, email, true, stringClaim(claims, "name"), config.issuer().toString());
  }

  private JWTClaimsSet verifySignature(SignedJWT signed) {
    try {
      return processor.process(signed, null);
    } catch (KeySourceException e) {
      throw new OidcException(
          Reason.KEYS_UNAVAILABLE, "could not fetch the provider's signing keys", e);
    } catch (BadJOSEException | JOSEException e) {
      // Nimbus' messages name the check that failed, never the token itself.
      throw invalid("ID token rejected: " + e.getMessage());
    }
  }

  private void verifyAudience(JWTClaimsSet claims) {
    List<String> audience = claims.getAudience();
    if (!audience.contains(config.clientId())) {
      throw invalid("ID token was not issued for this client (aud)");
    }
    Optional<String> authorizedParty = stringClaim(claims, "azp");
    if (audience.size() > 1 && authorizedParty.isEmpty()) {
      throw invalid("ID token has several audiences but no azp");
    }
    if (authorizedParty.isPresent() && !authorizedParty.get().equals(config.clientId())) {
      throw invalid("ID token was not issued for this client (azp)");
    }
  }

  private void verifyLifetime(JWTClaimsSet claims) {
    Instant now = clock.instant();
    Instant expiry =
        toInstant(claims.getExpirationTime()).orElseThrow(() -> invalid("ID token has no exp"));
    Instant issuedAt =
        toInstant(claims.getIssueTime()).orElseThrow(() -> invalid("ID token has no iat"));
    if (now.isAfter(expiry.plus(config.clockSkew()))) {
      throw invalid("ID token has expired");
    }
    if (issuedAt.isAfter(now.plus(config.clockSkew()))) {
      throw invalid("ID token is issued in the future");
    }
    Optional<Instant> notBefore = toInstant(claims.getNotBeforeTime());
    if (notBefore.isPresent() && notBefore.get().isAfter(now.plus(config.clockSkew()))) {
      throw invalid("ID token is not valid yet");
    }
  }

  private void verifyDomain(JWTClaimsSet claims, String email) {
    Set<String> allowed = config.allowedEmailDomains();
    if (allowed.isEmpty()) {
      return;
    }
    String emailDomain = email.substring(email.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
    if (!allowed.contains(emailDomain)) {
      throw new OidcException(
          Reason.DOMAIN_NOT_ALLOWED, "email domain " + emailDomain + " is not allowed");
    }
    if (config.checkHostedDomain()) {
      String hostedDomain =
          stringClaim(claims, "hd")
              .map(value -> value.toLowerCase(Locale.ROOT))
              .orElseThrow(
                  () ->
                      new OidcException(
                          Reason.DOMAIN_NOT_ALLOWED, "account has no hosted domain (hd)"));
      if (!allowed.contains(hostedDomain)) {
        throw new OidcException(
            Reason.DOMAIN_NOT_ALLOWED, "hosted domain " + hostedDomain + " is not allowed");
      }
    }
  }

  private static Optional<String> stringClaim(JWTClaimsSet claims, String name) {
    try {
      return Optional.ofNullable(claims.getStringClaim(name));
    } catch (ParseException e) {
      throw invalid("ID token claim " + name + " is not a string");
    }
  }

  /** Google sends a boolean; some providers send the string "true". */
  private static boolean isTrue(Object claim) {
    return Boolean.TRUE.equals(claim) || "true".equals(claim);
  }

  private static Optional<Instant> toInstant(Date date) {
    return Optional.ofNullable(date).map(Date::toInstant);
  }

  static boolean constantTimeEquals(String actual, String expected) {
    return MessageDigest.isEqual(
        actual.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
  }

  private static OidcException invalid(String message) {
    return new OidcException(Reason.INVALID_ID_TOKEN, message);
  }
}
