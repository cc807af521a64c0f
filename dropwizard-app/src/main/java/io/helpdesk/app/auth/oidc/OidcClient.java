package io.helpdesk.app.auth.oidc;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.GeneralException;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import io.helpdesk.app.auth.oidc.OidcException.Reason;
import java.io.IOException;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Signs users in with the OpenID Connect authorization code flow (PKCE S256, state and nonce).
 *
 * <p>{@link #begin()} gives the URL to redirect the browser to and the secrets to keep server-side;
 * {@link #complete(Map, AuthorizationStart)} takes the callback's query parameters and those
 * secrets, exchanges the code and returns the validated identity. Every failure is an {@link
 * OidcException}. The discovery document is fetched once, on first use (or by {@link #discover()});
 * signing keys are cached and refetched when the provider rotates them.
 *
 * <p>Thread-safe: one instance per provider for the life of the app.
 */
public final class OidcClient {

  private static final Set<JWSAlgorithm> ASYMMETRIC =
      Stream.of(JWSAlgorithm.Family.RSA, JWSAlgorithm.Family.EC, JWSAlgorithm.Family.ED)
          .flatMap(Set::stream)
          .collect(Collectors.toUnmodifiableSet());

  private final OidcConfig config;
  private final Clock clock;
  private volatile Provider provider;

  private OidcClient(OidcConfig config, Clock clock) {
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public static OidcClient create(OidcConfig config) {
    return new OidcClient(config, Clock.systemUTC());
  }

  /** With the clock used to check the ID token's {@code exp}, {@code iat} and {@code nbf}. */
  public static OidcClient create(OidcConfig config, Clock clock) {
    return new OidcClient(config, clock);
  }

  public OidcConfig config() {
    return config;
  }

  /**
   * Fetches the discovery document now unless it is cached, so the app can fail fast at startup or
   * report the provider in a health check.
   *
   * @throws OidcException {@link Reason#DISCOVERY_FAILED}
   */
  public void discover() {
    provider();
  }

  /**
   * Starts a sign-in with a fresh state, nonce and PKCE verifier.
   *
   * @throws OidcException {@link Reason#DISCOVERY_FAILED}
   */
  public AuthorizationStart begin() {
    Provider current = provider();
    State state = new State();
    Nonce nonce = new Nonce();
    CodeVerifier verifier = new CodeVerifier();
    AuthenticationRequest.Builder request =
        new AuthenticationRequest.Builder(
                ResponseType.CODE,
                new Scope(config.scopes().toArray(String[]::new)),
                new ClientID(config.clientId()),
                config.redirectUri())
            .endpointURI(current.metadata.getAuthorizationEndpointURI())
            .state(state)
            .nonce(nonce)
            .codeChallenge(verifier, CodeChallengeMethod.S256);
    if (config.checkHostedDomain() && !config.allowedEmailDomains().isEmpty()) {
      // Google's account chooser hint; the hd claim is still checked on the way back.
      String hint =
          config.allowedEmailDomains().size() == 1
              ? config.allowedEmailDomains().iterator().next()
              : "*";
      request.customParameter("hd", hint);
    }
    return new AuthorizationStart(
        request.build().toURI(), state.getValue(), nonce.getValue(), verifier.getValue());
  }

  /**
   * Finishes a sign-in from the callback's query parameters ({@code code} and {@code state}, or
   * {@code error} and {@code state}).
   *
   * @param callbackParameters the callback's query parameters, each name with its values
   * @param expected what {@link #begin()} returned for this browser, from the server-side session
   * @throws OidcException for every failure; see {@link OidcException#reason()}
   */
  public OidcIdentity complete(
      Map<String, List<String>> callbackParameters, AuthorizationStart expected) {
    Objects.requireNonNull(callbackParameters, "callbackParameters");
    Objects.requireNonNull(expected, "expected");
    String state =
        single(callbackParameters, "state")
            .orElseThrow(() -> new OidcException(Reason.STATE_MISMATCH, "callback has no state"));
    if (!IdTokenVerifier.constantTimeEquals(state, expected.state())) {
      throw new OidcException(
          Reason.STATE_MISMATCH, "callback state does not match the sign-in attempt");
    }
    Optional<String> error = single(callbackParameters, "error");
    if (error.isPresent()) {
      throw new OidcException(
          Reason.PROVIDER_ERROR, "provider returned error " + safeErrorCode(error.get()));
    }
    Optional<String> callbackIssuer = single(callbackParameters, "iss");
    if (callbackIssuer.isPresent() && !config.acceptedIssuers().contains(callbackIssuer.get())) {
      throw new OidcException(Reason.INVALID_CALLBACK, "callback iss is not the configured issuer");
    }
    String code =
        single(callbackParameters, "code")
            .filter(value -> !value.isBlank())
            .orElseThrow(() -> new OidcException(Reason.INVALID_CALLBACK, "callback has no code"));
    Provider current = provider();
    JWT idToken = exchange(current, code, expected.codeVerifier());
    return current.verifier.verify(idToken, expected.nonce());
  }

  /** {@link #complete(Map, AuthorizationStart)} for an app that has already read the two values. */
  public OidcIdentity complete(String code, String state, AuthorizationStart expected) {
    Map<String, List<String>> parameters = new HashMap<>();
    if (code != null) {
      parameters.put("code", List.of(code));
    }
    if (state != null) {
      parameters.put("state", List.of(state));
    }
    return complete(parameters, expected);
  }

  private JWT exchange(Provider current, String code, String codeVerifier) {
    CodeVerifier verifier;
    try {
      verifier = new CodeVerifier(codeVerifier);
    } catch (IllegalArgumentException e) {
      throw new OidcException(Reason.TOKEN_EXCHANGE_FAILED, "stored code verifier is malformed");
    }
    TokenRequest request =
        new TokenRequest.Builder(
                current.metadata.getTokenEndpointURI(),
                current.clientAuthentication,
                new AuthorizationCodeGrant(
                    new AuthorizationCode(code), config.redirectUri(), verifier))
            .build();
    HTTPRequest httpRequest = request.toHTTPRequest();
    httpRequest.setConnectTimeout((int) config.connectTimeout().toMillis());
    httpRequest.setReadTimeout((int) config.readTimeout().toMillis());
    httpRequest.setFollowRedirects(false);
    TokenResponse response;
    try {
      response = OIDCTokenResponseParser.parse(httpRequest.send());
    } catch (IOException e) {
      throw new OidcException(
          Reason.TOKEN_EXCHANGE_FAILED, "token endpoint unreachable: " + e.getClass().getName());
    } catch (ParseException e) {
      throw new OidcException(Reason.TOKEN_EXCHANGE_FAILED, "token response is malformed");
    }
    if (!response.indicatesSuccess()) {
      ErrorObject error = response.toErrorResponse().getErrorObject();
      throw new OidcException(
          Reason.TOKEN_EXCHANGE_FAILED,
          "token endpoint returned "
              + error.getHTTPStatusCode()
              + " "
              + safeErrorCode(String.valueOf(error.getCode())));
    }
    if (!(response instanceof OIDCTokenResponse oidcResponse)
        || oidcResponse.getOIDCTokens().getIDToken() == null) {
      throw new OidcException(Reason.TOKEN_EXCHANGE_FAILED, "token response has no ID token");
    }
    return oidcResponse.getOIDCTokens().getIDToken();
  }

  private Provider provider() {
    Provider current = provider;
    if (current == null) {
      synchronized (this) {
        current = provider;
        if (current == null) {
          current = discoverProvider();
          provider = current;
        }
      }
    }
    return current;
  }

  private Provider discoverProvider() {
    int connectTimeout = (int) config.connectTimeout().toMillis();
    int readTimeout = (int) config.readTimeout().toMillis();
    OIDCProviderMetadata metadata;
    try {
      metadata =
          OIDCProviderMetadata.resolve(
              new Issuer(config.issuer().toString()), connectTimeout, readTimeout);
    } catch (GeneralException | IOException e) {
      throw new OidcException(
          Reason.DISCOVERY_FAILED,
          "could not read the discovery document of " + config.issuer() + ": " + e.getMessage(),
          e);
    }
    if (metadata.getAuthorizationEndpointURI() == null
        || metadata.getTokenEndpointURI() == null
        || metadata.getJWKSetURI() == null) {
      throw new OidcException(
          Reason.DISCOVERY_FAILED,
          "discovery document lacks the authorization, token or jwks endpoint");
    }
    Set<JWSAlgorithm> algorithms = new LinkedHashSet<>();
    if (metadata.getIDTokenJWSAlgs() != null) {
      algorithms.addAll(metadata.getIDTokenJWSAlgs());
    }
    algorithms.retainAll(ASYMMETRIC);
    if (algorithms.isEmpty()) {
      throw new OidcException(
          Reason.DISCOVERY_FAILED, "provider offers no asymmetric ID token signing algorithm");
    }
    IdTokenVerifier verifier =
        IdTokenVerifier.remote(config, algorithms, metadata.getJWKSetURI(), clock);
    return new Provider(metadata, clientAuthentication(metadata), verifier);
  }

  /** client_secret_basic unless the provider only takes client_secret_post. */
  private ClientAuthentication clientAuthentication(OIDCProviderMetadata metadata) {
    ClientID clientId = new ClientID(config.clientId());
    Secret secret = new Secret(config.clientSecret());
    List<ClientAuthenticationMethod> supported = metadata.getTokenEndpointAuthMethods();
    boolean postOnly =
        supported != null
            && !supported.contains(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
            && supported.contains(ClientAuthenticationMethod.CLIENT_SECRET_POST);
    return postOnly
        ? new ClientSecretPost(clientId, secret)
        : new ClientSecretBasic(clientId, secret);
  }

  private static Optional<String> single(Map<String, List<String>> parameters, String name) {
    List<String> values = parameters.get(name);
    if (values == null || values.isEmpty()) {
      return Optional.empty();
    }
    if (values.size() > 1) {
      throw new OidcException(Reason.INVALID_CALLBACK, "callback repeats parameter " + name);
    }
    return Optional.ofNullable(values.get(0));
  }

  /** Error codes come from the browser's URL: keep them short and printable before logging. */
  private static String safeErrorCode(String code) {
    String printable = code.replaceAll("[^A-Za-z0-9_.\\-]", "?");
    return printable.length() > 64 ? printable.substring(0, 64) : printable;
  }

  private record Provider(
      OIDCProviderMetadata metadata,
      ClientAuthentication clientAuthentication,
      IdTokenVerifier verifier) {}
}
