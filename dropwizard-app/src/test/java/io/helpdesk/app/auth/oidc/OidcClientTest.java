package io.helpdesk.app.auth.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import io.helpdesk.app.auth.oidc.OidcException.Reason;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The whole authorization code flow against mock-oauth2-server on a loopback port. */
class OidcClientTest {

  private static final String ISSUER_ID = "default";
  private static final String CLIENT_ID = "helpdesk";
  private static final String REDIRECT_URI = "http://localhost:8080/auth/callback";

  private final HttpClient browser =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private MockOAuth2Server server;

  @BeforeEach
  void startProvider() throws IOException {
    server = new MockOAuth2Server();
    server.start(InetAddress.getByName("127.0.0.1"), 0);
  }

  @AfterEach
  void stopProvider() {
    server.shutdown();
  }

  @Test
  @DisplayName("code + PKCE + state + nonce: the identity comes back from a validated ID token")
  void signsIn() throws Exception {
    OidcClient client = OidcClient.create(config().build());
    AuthorizationStart start = client.begin();
    enqueueUser(Map.of("email", "ada@example.com", "email_verified", true, "name", "Ada"));

    OidcIdentity identity = client.complete(authorize(start), start);

    assertThat(identity.subject()).isEqualTo("user-1");
    assertThat(identity.email()).isEqualTo("ada@example.com");
    assertThat(identity.emailVerified()).isTrue();
    assertThat(identity.name()).contains("Ada");
    assertThat(identity.issuer()).isEqualTo(issuer());
  }

  @Test
  @DisplayName("the authorization URL carries state, nonce and an S256 code challenge")
  void authorizationUrl() {
    AuthorizationStart start = OidcClient.create(config().build()).begin();

    Map<String, String> query = query(start.authorizationUrl());
    assertThat(start.authorizationUrl().toString())
        .startsWith(server.authorizationEndpointUrl(ISSUER_ID).toString());
    assertThat(query)
        .containsEntry("response_type", "code")
        .containsEntry("client_id", CLIENT_ID)
        .containsEntry("redirect_uri", REDIRECT_URI)
        .containsEntry("scope", "openid email profile")
        .containsEntry("state", start.state())
        .containsEntry("nonce", start.nonce())
        .containsEntry("code_challenge_method", "S256")
        .containsKey("code_challenge")
        .doesNotContainKey("hd");
    assertThat(query.get("code_challenge")).isNotEqualTo(start.codeVerifier());
    assertThat(start.toString()).doesNotContain(start.codeVerifier());
  }

  @Test
  @DisplayName("with hd checking and one allowed domain, the URL asks Google for that domain")
  void hostedDomainHint() {
    AuthorizationStart start =
        OidcClient.create(
                config().checkHostedDomain(true).allowedEmailDomains(Set.of("example.com")).build())
            .begin();

    assertThat(query(start.authorizationUrl())).containsEntry("hd", "example.com");
  }

  @Test
  @DisplayName("the discovery document is fetched once and cached")
  void discoveryCached() {
    try (FakeProvider provider = new FakeProvider()) {
      OidcClient client = OidcClient.create(config().issuer(provider.issuer()).build());
      client.discover();
      client.begin();
      client.begin();

      assertThat(provider.discoveryFetches()).isEqualTo(1);
    }
  }

  @Test
  @DisplayName("error codes from the callback URL are made printable before they reach a log")
  void errorCodeSanitised() {
    OidcClient client = OidcClient.create(config().build());
    AuthorizationStart start = client.begin();
    Map<String, List<String>> callback =
        Map.of("error", List.of("evil\nFAKE LOG LINE"), "state", List.of(start.state()));

    OidcException failure =
        assertReason(() -> client.complete(callback, start), Reason.PROVIDER_ERROR);
    assertThat(failure.getMessage()).doesNotContain("\n").doesNotContain(" LOG");
  }

  @Test
  @DisplayName("each begin() has its own state, nonce and verifier")
  void freshSecrets() {
    OidcClient client = OidcClient.create(config().build());
    AuthorizationStart first = client.begin();
    AuthorizationStart second = client.begin();

    assertThat(second.state()).isNotEqualTo(first.state());
    assertThat(second.nonce()).isNotEqualTo(first.nonce());
    assertThat(second.codeVerifier()).isNotEqualTo(first.codeVerifier());
  }

  @Test
  @DisplayName("a callback with another state is rejected before the code is used")
  void wrongState() throws Exception {
    OidcClient client = OidcClient.create(config().build());
    AuthorizationStart start = client.begin();
    Map<String, List<String>> callback = new HashMap<>(authorize(start));
    callback.put("state", List.of("forged"));

    assertReason(() -> client.complete(callback, start), Reason.STATE_MISMATCH);
    assertReason(
        () -> client.complete(Map.of("code", callback.get("code")), start), Reason.STATE_MISMATCH);
  }

  @Test
  @DisplayName("an ID token with another sign-in attempt's nonce is rejected")
  void wrongNonce() throws Exception {
    OidcClient client = OidcClient.create(config().build());
    AuthorizationStart start = client.begin();
    AuthorizationStart other = client.begin();
    enqueueVerifiedUser();
    Map<String, List<String>> callback = authorize(start);

    AuthorizationStart withOtherNonce =
        new AuthorizationStart(
            start.authorizationUrl(), start.state(), other.nonce(), start.codeVerifier());
    assertReason(() -> client.complete(callback, withOtherNonce), Reason.NONCE_MISMATCH);
  }

  @Test
  @DisplayName("an ID token issued for another client is rejected")
  void wrongAudience() throws Exception {
    OidcClient client = OidcClient.create(config().build());
    AuthorizationStart start = client.begin();
    server.enqueueCallback(
        new DefaultOAuth2TokenCallback(
            ISSUER_ID,
            "user-1",
            "JWT",
            List.of(CLIENT_ID),
            Map.of("aud", "another-client", "email", "ada@example.com", "email_verified", true),
            3600));

    OidcException failure =
        assertReason(() -> client.complete(authorize(start), start), Reason.INVALID_ID_TOKEN);
    assertThat(failure).hasMessageContaining("aud");
  }

  @Test
  @DisplayName("an expired ID token is rejected (clock two hours ahead, no skew)")
  void expired() throws Exception {
    OidcClient client =
        OidcClient.create(
            config().clockSkew(Duration.ZERO).build(),
            Clock.offset(Clock.systemUTC(), Duration.ofHours(2)));
    AuthorizationStart start = client.begin();
    enqueueVerifiedUser();

    OidcException failure =
        assertReason(() -> client.complete(authorize(start), start), Reason.INVALID_ID_TOKEN);
    assertThat(failure).hasMessageContaining("expired");
  }

  @Test
  @DisplayName("an unverified email is rejected")
  void emailNotVerified() throws Exception {
    OidcClient client = OidcClient.create(config().build());
    AuthorizationStart start = client.begin();
    enqueueUser(Map.of("email", "ada@example.com", "email_verified", false));

    assertReason(() -> client.complete(authorize(start), start), Reason.EMAIL_NOT_VERIFIED);
  }

  @Test
  @DisplayName("an ID token without email is rejected")
  void missingEmail() throws Exception {
    OidcClient client = OidcClient.create(config().build());
    AuthorizationStart start = client.begin();
    enqueueUser(Map.of("email_verified", true));

    assertReason(() -> client.complete(authorize(start), start), Reason.MISSING_EMAIL);
  }

  @Test
  @DisplayName("an email outside the allowed domains is rejected")
  void domainNotAllowed() throws Exception {
    OidcClient client =
        OidcClient.create(config().allowedEmailDomains(Set.of("example.org")).build());
    AuthorizationStart start = client.begin();
    enqueueVerifiedUser();

    assertReason(() -> client.complete(authorize(start), start), Reason.DOMAIN_NOT_ALLOWED);
  }

  @Test
  @DisplayName("an email inside the allowed domains signs in")
  void domainAllowed() throws Exception {
    OidcClient client =
        OidcClient.create(config().allowedEmailDomains(Set.of("Example.com")).build());
    AuthorizationStart start = client.begin();
    enqueueVerifiedUser();

    assertThat(client.complete(authorize(start), start).email()).isEqualTo("ada@example.com");
  }

  @Test
  @DisplayName("the provider refuses the code for a wrong PKCE verifier")
  void wrongVerifier() throws Exception {
    OidcClient client = OidcClient.create(config().build());
    AuthorizationStart start = client.begin();
    enqueueVerifiedUser();
    Map<String, List<String>> callback = authorize(start);

    AuthorizationStart withOtherVerifier =
        new AuthorizationStart(
            start.authorizationUrl(), start.state(), start.nonce(), new CodeVerifier().getValue());
    OidcException failure =
        assertReason(
            () -> client.complete(callback, withOtherVerifier), Reason.TOKEN_EXCHANGE_FAILED);
    assertThat(failure.getMessage()).doesNotContain(callback.get("code").get(0));
  }

  @Test
  @DisplayName("a code is good for one sign-in only")
  void codeReplay() throws Exception {
    OidcClient client = OidcClient.create(config().build());
    AuthorizationStart start = client.begin();
    enqueueVerifiedUser();
    Map<String, List<String>> callback = authorize(start);
    client.complete(callback, start);

    // The mock hands out a second token for a replayed code (a real provider refuses it), but
    // without the sign-in's nonce, so the replay still yields no identity.
    assertThatThrownBy(() -> client.complete(callback, start)).isInstanceOf(OidcException.class);
  }

  @Test
  @DisplayName("error=access_denied in the callback is a provider error")
  void userDenied() {
    OidcClient client = OidcClient.create(config().build());
    AuthorizationStart start = client.begin();
    Map<String, List<String>> callback =
        Map.of(
            "error", List.of("access_denied"),
            "error_description", List.of("The user said no"),
            "state", List.of(start.state()));

    OidcException failure =
        assertReason(() -> client.complete(callback, start), Reason.PROVIDER_ERROR);
    assertThat(failure).hasMessageContaining("access_denied");
  }

  @Test
  @DisplayName("a callback without code, or with a repeated parameter, is rejected")
  void malformedCallback() {
    OidcClient client = OidcClient.create(config().build());
    AuthorizationStart start = client.begin();

    assertReason(() -> client.complete(null, start.state(), start), Reason.INVALID_CALLBACK);
    assertReason(
        () ->
            client.complete(
                Map.of("code", List.of("a", "b"), "state", List.of(start.state())), start),
        Reason.INVALID_CALLBACK);
    assertReason(
        () ->
            client.complete(
                Map.of(
                    "code", List.of("a"),
                    "state", List.of(start.state()),
                    "iss", List.of("https://evil.example")),
                start),
        Reason.INVALID_CALLBACK);
  }

  @Test
  @DisplayName("an unreachable discovery URL fails with DISCOVERY_FAILED, and is retried later")
  void discoveryUnreachable() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      closedPort = socket.getLocalPort();
    }
    OidcClient client =
        OidcClient.create(
            config()
                .issuer("http://127.0.0.1:" + closedPort + "/nowhere")
                .connectTimeout(Duration.ofSeconds(1))
                .build());

    assertReason(client::begin, Reason.DISCOVERY_FAILED);
    assertReason(client::discover, Reason.DISCOVERY_FAILED);
  }

  @Test
  @DisplayName("a discovery document that names another issuer is refused")
  void discoveryIssuerMismatch() {
    try (FakeProvider provider = new FakeProvider()) {
      OidcClient client =
          OidcClient.create(
              config().issuer(provider.issuer().replace("127.0.0.1", "localhost")).build());

      assertReason(client::begin, Reason.DISCOVERY_FAILED);
    }
  }

  @Test
  @DisplayName("an ID token signed by another key is rejected, even under the provider's key id")
  void foreignSignature() {
    try (FakeProvider provider = new FakeProvider()) {
      RSAKey providerKey = FakeProvider.newKey("k1");
      provider.publish(providerKey);
      OidcClient client = OidcClient.create(config().issuer(provider.issuer()).build());
      AuthorizationStart start = client.begin();
      RSAKey attackerKey = FakeProvider.newKey("k1");
      provider.answerTokenRequestsWith(
          FakeProvider.sign(attackerKey, claimsFor(provider.issuer(), start.nonce())));

      assertReason(() -> client.complete("code", start.state(), start), Reason.INVALID_ID_TOKEN);

      provider.answerTokenRequestsWith(
          FakeProvider.sign(providerKey, claimsFor(provider.issuer(), start.nonce())));
      assertThat(client.complete("code", start.state(), start).subject()).isEqualTo("user-1");
    }
  }

  @Test
  @DisplayName("a token response without an ID token fails the exchange")
  void noIdToken() {
    try (FakeProvider provider = new FakeProvider()) {
      OidcClient client = OidcClient.create(config().issuer(provider.issuer()).build());
      AuthorizationStart start = client.begin();
      provider.answerTokenRequestsWith(null);

      assertReason(
          () -> client.complete("code", start.state(), start), Reason.TOKEN_EXCHANGE_FAILED);
    }
  }

  private static JWTClaimsSet claimsFor(String issuer, String nonce) {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder()
        .issuer(issuer)
        .subject("user-1")
        .audience(CLIENT_ID)
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plusSeconds(300)))
        .claim("nonce", nonce)
        .claim("email", "ada@example.com")
        .claim("email_verified", true)
        .build();
  }

  private OidcConfig.Builder config() {
    return OidcConfig.builder()
        .issuer(issuer())
        .clientId(CLIENT_ID)
        .clientSecret("s3cret")
        .redirectUri(REDIRECT_URI);
  }

  private String issuer() {
    return server.issuerUrl(ISSUER_ID).toString();
  }

  private void enqueueVerifiedUser() {
    enqueueUser(Map.of("email", "ada@example.com", "email_verified", true));
  }

  private void enqueueUser(Map<String, Object> claims) {
    server.enqueueCallback(
        new DefaultOAuth2TokenCallback(
            ISSUER_ID, "user-1", "JWT", List.of(CLIENT_ID), claims, 3600));
  }

  /** The browser's part: follow the authorization URL and read code and state off the redirect. */
  private Map<String, List<String>> authorize(AuthorizationStart start) throws Exception {
    HttpResponse<Void> response =
        browser.send(
            HttpRequest.newBuilder(start.authorizationUrl()).GET().build(),
            HttpResponse.BodyHandlers.discarding());
    assertThat(response.statusCode()).isEqualTo(302);
    URI location = URI.create(response.headers().firstValue("Location").orElseThrow());
    assertThat(location.toString()).startsWith(REDIRECT_URI);
    Map<String, List<String>> parameters = new HashMap<>();
    query(location).forEach((name, value) -> parameters.put(name, List.of(value)));
    return parameters;
  }

  private static Map<String, String> query(URI uri) {
    Map<String, String> parameters = new HashMap<>();
    for (String pair : uri.getRawQuery().split("&")) {
      String[] nameAndValue = pair.split("=", 2);
      parameters.put(
          URLDecoder.decode(nameAndValue[0], StandardCharsets.UTF_8),
          nameAndValue.length > 1
              ? URLDecoder.decode(nameAndValue[1], StandardCharsets.UTF_8)
              : "");
    }
    return parameters;
  }

  static OidcException assertReason(ThrowingCall call, Reason reason) {
    try {
      call.run();
    } catch (OidcException e) {
      assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason);
      return e;
    } catch (Exception e) {
      throw new AssertionError("expected OidcException " + reason + " but got " + e, e);
    }
    throw new AssertionError("expected OidcException " + reason);
  }

  interface ThrowingCall {
    void run() throws Exception;
  }
}
