package io.helpdesk.app.auth.oidc;

import static io.helpdesk.app.auth.oidc.OidcClientTest.assertReason;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.helpdesk.app.auth.oidc.OidcException.Reason;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** ID token checks on locally signed tokens, with keys served from a loopback JWKS endpoint. */
class IdTokenVerifierTest {

  private static final String CLIENT_ID = "helpdesk.apps.googleusercontent.com";
  private static final String NONCE = "n-0S6_WzA2Mj";
  private static final String SECRET = "a-client-secret-long-enough-for-hs256-signing!!";
  private static final Instant NOW = Instant.parse("2026-01-15T10:00:00Z");

  private final FakeProvider jwks = new FakeProvider();
  private final RSAKey key = FakeProvider.newKey("google-1");
  private final MutableClock clock = new MutableClock(NOW);

  @AfterEach
  void stopJwks() {
    jwks.close();
  }

  @ParameterizedTest(name = "iss = {0}")
  @ValueSource(strings = {"https://accounts.google.com", "accounts.google.com"})
  @DisplayName("the Google preset accepts both issuer forms and reports the canonical one")
  void googleIssuers(String issuer) {
    jwks.publish(key);

    OidcIdentity identity =
        verifier(google().build()).verify(token(claims -> claims.issuer(issuer)), NONCE);

    assertThat(identity.issuer()).isEqualTo("https://accounts.google.com");
    assertThat(identity.subject()).isEqualTo("1234567890");
    assertThat(identity.email()).isEqualTo("ada@example.com");
    assertThat(identity.name()).contains("Ada Lovelace");
  }

  @ParameterizedTest(name = "iss = {0}")
  @ValueSource(strings = {"https://evil.example", "https://accounts.google.com/", "google.com"})
  @DisplayName("any other issuer is rejected")
  void otherIssuers(String issuer) {
    jwks.publish(key);

    assertReason(
        () -> verifier(google().build()).verify(token(claims -> claims.issuer(issuer)), NONCE),
        Reason.INVALID_ID_TOKEN);
  }

  @Test
  @DisplayName("a generic provider accepts only its own issuer, not Google's legacy form")
  void genericIssuerOnly() {
    jwks.publish(key);
    OidcConfig config =
        google().issuer("https://login.example.com").additionalIssuers(Set.of()).build();

    assertReason(
        () -> verifier(config).verify(token(claims -> claims.issuer("accounts.google.com")), NONCE),
        Reason.INVALID_ID_TOKEN);
    assertThat(
            verifier(config)
                .verify(token(claims -> claims.issuer("https://login.example.com")), NONCE)
                .issuer())
        .isEqualTo("https://login.example.com");
  }

  @Test
  @DisplayName("with allowed domains, Google's hd claim must be one of them")
  void hostedDomain() {
    jwks.publish(key);
    IdTokenVerifier verifier =
        verifier(google().allowedEmailDomains(Set.of("example.com")).build());

    assertThat(verifier.verify(token(claims -> claims.claim("hd", "example.com")), NONCE).email())
        .isEqualTo("ada@example.com");
    assertReason(() -> verifier.verify(token(claims -> claims), NONCE), Reason.DOMAIN_NOT_ALLOWED);
    assertReason(
        () -> verifier.verify(token(claims -> claims.claim("hd", "example.org")), NONCE),
        Reason.DOMAIN_NOT_ALLOWED);
    assertReason(
        () ->
            verifier.verify(
                token(
                    claims -> claims.claim("email", "ada@example.org").claim("hd", "example.com")),
                NONCE),
        Reason.DOMAIN_NOT_ALLOWED);
  }

  @Test
  @DisplayName("without allowed domains, hd is not required")
  void noDomainRestriction() {
    jwks.publish(key);

    assertThat(verifier(google().build()).verify(token(claims -> claims), NONCE).email())
        .isEqualTo("ada@example.com");
  }

  @Test
  @DisplayName("exp is checked against the injected clock, with the configured skew")
  void expiry() {
    jwks.publish(key);
    UnaryOperator<JWTClaimsSet.Builder> expiredTenSecondsAgo =
        claims -> claims.expirationTime(Date.from(NOW.minusSeconds(10)));

    assertReason(
        () ->
            verifier(google().clockSkew(Duration.ZERO).build())
                .verify(token(expiredTenSecondsAgo), NONCE),
        Reason.INVALID_ID_TOKEN);
    assertThat(
            verifier(google().clockSkew(Duration.ofSeconds(30)).build())
                .verify(token(expiredTenSecondsAgo), NONCE)
                .subject())
        .isEqualTo("1234567890");
  }

  @Test
  @DisplayName("a token issued in the future, or not valid yet, is rejected")
  void notYetValid() {
    jwks.publish(key);
    IdTokenVerifier verifier = verifier(google().clockSkew(Duration.ofSeconds(30)).build());

    assertReason(
        () ->
            verifier.verify(
                token(
                    claims ->
                        claims
                            .issueTime(Date.from(NOW.plusSeconds(120)))
                            .expirationTime(Date.from(NOW.plusSeconds(3600)))),
                NONCE),
        Reason.INVALID_ID_TOKEN);
    assertReason(
        () ->
            verifier.verify(
                token(claims -> claims.notBeforeTime(Date.from(NOW.plusSeconds(120)))), NONCE),
        Reason.INVALID_ID_TOKEN);
  }

  @Test
  @DisplayName("aud must contain the client id; with several audiences azp must be the client id")
  void audience() {
    jwks.publish(key);
    IdTokenVerifier verifier = verifier(google().build());

    assertReason(
        () -> verifier.verify(token(claims -> claims.audience("someone-else")), NONCE),
        Reason.INVALID_ID_TOKEN);
    assertReason(
        () -> verifier.verify(token(claims -> claims.audience(List.of(CLIENT_ID, "other"))), NONCE),
        Reason.INVALID_ID_TOKEN);
    assertReason(
        () -> verifier.verify(token(claims -> claims.claim("azp", "other")), NONCE),
        Reason.INVALID_ID_TOKEN);
    assertThat(
            verifier
                .verify(
                    token(
                        claims ->
                            claims.audience(List.of(CLIENT_ID, "other")).claim("azp", CLIENT_ID)),
                    NONCE)
                .subject())
        .isEqualTo("1234567890");
  }

  @Test
  @DisplayName("a missing or different nonce is a nonce mismatch")
  void nonce() {
    jwks.publish(key);
    IdTokenVerifier verifier = verifier(google().build());

    assertReason(
        () -> verifier.verify(token(claims -> claims), "another-nonce"), Reason.NONCE_MISMATCH);
    assertReason(
        () -> verifier.verify(token(claims -> claims.claim("nonce", null)), NONCE),
        Reason.NONCE_MISMATCH);
  }

  @Test
  @DisplayName("email must be present and verified; the string \"true\" counts as verified")
  void email() {
    jwks.publish(key);
    IdTokenVerifier verifier = verifier(google().build());

    assertReason(
        () -> verifier.verify(token(claims -> claims.claim("email", null)), NONCE),
        Reason.MISSING_EMAIL);
    assertReason(
        () -> verifier.verify(token(claims -> claims.claim("email_verified", null)), NONCE),
        Reason.EMAIL_NOT_VERIFIED);
    assertReason(
        () -> verifier.verify(token(claims -> claims.claim("email_verified", "false")), NONCE),
        Reason.EMAIL_NOT_VERIFIED);
    assertThat(
            verifier
                .verify(token(claims -> claims.claim("email_verified", "true")), NONCE)
                .emailVerified())
        .isTrue();
  }

  @Test
  @DisplayName("a token signed by a key the provider does not publish is rejected")
  void foreignKey() {
    jwks.publish(key);
    RSAKey stranger = FakeProvider.newKey("stranger");
    IdTokenVerifier verifier = verifier(google().build());

    assertReason(
        () -> verifier.verify(FakeProvider.sign(stranger, claims().build()), NONCE),
        Reason.INVALID_ID_TOKEN);
  }

  @Test
  @DisplayName("unsigned tokens and tokens MACed with the client secret are rejected")
  void algorithmConfusion() throws JOSEException {
    jwks.publish(key);
    IdTokenVerifier verifier = verifier(google().build());
    SignedJWT macked = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims().build());
    macked.sign(new MACSigner(SECRET));

    assertReason(
        () -> verifier.verify(new PlainJWT(claims().build()), NONCE), Reason.INVALID_ID_TOKEN);
    assertReason(() -> verifier.verify(macked, NONCE), Reason.INVALID_ID_TOKEN);
  }

  @Test
  @DisplayName("a rotated key is fetched when a token names it")
  void keyRotation() {
    RSAKey next = FakeProvider.newKey("google-2");
    jwks.publish(key);
    IdTokenVerifier verifier = verifier(google().build());
    verifier.verify(token(claims -> claims), NONCE);

    jwks.publish(next, key);
    clock.advance(Duration.ofSeconds(31));
    assertThat(verifier.verify(FakeProvider.sign(next, claims().build()), NONCE).subject())
        .isEqualTo("1234567890");
    assertThat(jwks.jwksFetches()).isEqualTo(2);
  }

  @Test
  @DisplayName("unknown key ids trigger at most one refetch per 30 seconds")
  void refetchRateLimited() {
    jwks.publish(key);
    IdTokenVerifier verifier = verifier(google().build());
    SignedJWT strangers = FakeProvider.sign(FakeProvider.newKey("stranger"), claims().build());
    verifier.verify(token(claims -> claims), NONCE);

    assertReason(() -> verifier.verify(strangers, NONCE), Reason.INVALID_ID_TOKEN);
    assertThat(jwks.jwksFetches()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(31));
    assertReason(() -> verifier.verify(strangers, NONCE), Reason.INVALID_ID_TOKEN);
    assertReason(() -> verifier.verify(strangers, NONCE), Reason.INVALID_ID_TOKEN);
    assertThat(jwks.jwksFetches()).isEqualTo(2);
  }

  @Test
  @DisplayName("keys are cached for the Cache-Control max-age, then fetched again")
  void cacheControlMaxAge() {
    jwks.publish(key);
    jwks.jwksCacheControl("public, max-age=120, must-revalidate, no-transform");
    IdTokenVerifier verifier = verifier(google().build());

    verifier.verify(token(claims -> claims), NONCE);
    clock.advance(Duration.ofSeconds(119));
    verifier.verify(token(claims -> claims), NONCE);
    assertThat(jwks.jwksFetches()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(1));
    verifier.verify(token(claims -> claims), NONCE);
    assertThat(jwks.jwksFetches()).isEqualTo(2);
  }

  @Test
  @DisplayName(
      "without Cache-Control, or with a longer max-age, the configured time to live applies")
  void configuredTimeToLive() {
    jwks.publish(key);
    jwks.jwksCacheControl("public, max-age=86400");
    IdTokenVerifier verifier =
        verifier(google().jwksCacheTimeToLive(Duration.ofMinutes(10)).build());

    verifier.verify(token(claims -> claims), NONCE);
    clock.advance(Duration.ofMinutes(9));
    verifier.verify(token(claims -> claims), NONCE);
    assertThat(jwks.jwksFetches()).isEqualTo(1);
    jwks.jwksCacheControl(null);
    clock.advance(Duration.ofMinutes(1));
    verifier.verify(token(claims -> claims), NONCE);
    assertThat(jwks.jwksFetches()).isEqualTo(2);
    clock.advance(Duration.ofMinutes(9));
    verifier.verify(token(claims -> claims), NONCE);
    assertThat(jwks.jwksFetches()).isEqualTo(2);
    clock.advance(Duration.ofMinutes(1));
    verifier.verify(token(claims -> claims), NONCE);
    assertThat(jwks.jwksFetches()).isEqualTo(3);
  }

  @Test
  @DisplayName("no-cache still caches for 30 seconds, so logins cannot hammer the provider")
  void noCacheFloor() {
    jwks.publish(key);
    jwks.jwksCacheControl("no-cache, no-store");
    IdTokenVerifier verifier = verifier(google().build());

    verifier.verify(token(claims -> claims), NONCE);
    verifier.verify(token(claims -> claims), NONCE);
    assertThat(jwks.jwksFetches()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(30));
    verifier.verify(token(claims -> claims), NONCE);
    assertThat(jwks.jwksFetches()).isEqualTo(2);
  }

  @Test
  @DisplayName("an unreachable JWKS endpoint is KEYS_UNAVAILABLE, not a bad token")
  void keysUnavailable() {
    IdTokenVerifier verifier = verifier(google().build());
    jwks.close();

    assertReason(() -> verifier.verify(token(claims -> claims), NONCE), Reason.KEYS_UNAVAILABLE);
  }

  private OidcConfig.Builder google() {
    return OidcConfig.google()
        .clientId(CLIENT_ID)
        .clientSecret(SECRET)
        .redirectUri(URI.create("https://helpdesk.example.com/auth/callback"));
  }

  private IdTokenVerifier verifier(OidcConfig config) {
    return IdTokenVerifier.remote(config, Set.of(JWSAlgorithm.RS256), jwks.jwksUri(), clock);
  }

  private SignedJWT token(UnaryOperator<JWTClaimsSet.Builder> customize) {
    return FakeProvider.sign(key, customize.apply(claims()).build());
  }

  /** What Google puts in an ID token for a verified user, issued a minute before NOW. */
  private static JWTClaimsSet.Builder claims() {
    return new JWTClaimsSet.Builder()
        .issuer("https://accounts.google.com")
        .subject("1234567890")
        .audience(CLIENT_ID)
        .issueTime(Date.from(NOW.minusSeconds(60)))
        .expirationTime(Date.from(NOW.plusSeconds(3540)))
        .claim("nonce", NONCE)
        .claim("email", "ada@example.com")
        .claim("email_verified", true)
        .claim("name", "Ada Lovelace");
  }
}
