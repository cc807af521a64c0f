package io.helpdesk.app.auth.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A hand-made provider on a loopback port for what mock-oauth2-server cannot do: serve a JWKS whose
 * keys we rotate and count, and answer the token endpoint with an ID token we signed.
 */
final class FakeProvider implements AutoCloseable {

  private final HttpServer server;
  private final AtomicReference<JWKSet> published = new AtomicReference<>(new JWKSet());
  private final AtomicReference<String> tokenResponse = new AtomicReference<>("{}");
  private final AtomicInteger jwksFetches = new AtomicInteger();
  private final AtomicInteger discoveryFetches = new AtomicInteger();
  private final AtomicReference<String> jwksCacheControl = new AtomicReference<>();

  FakeProvider() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/.well-known/openid-configuration",
        exchange -> {
          discoveryFetches.incrementAndGet();
          respond(
              exchange,
              200,
              """
                {"issuer":"%1$s","authorization_endpoint":"%1$s/authorize",
                 "token_endpoint":"%1$s/token","jwks_uri":"%1$s/jwks",
                 "response_types_supported":["code"],"subject_types_supported":["public"],
                 "id_token_signing_alg_values_supported":["RS256"]}
                """
                  .formatted(issuer()));
        });
    server.createContext(
        "/jwks",
        exchange -> {
          jwksFetches.incrementAndGet();
          if (jwksCacheControl.get() != null) {
            exchange.getResponseHeaders().set("Cache-Control", jwksCacheControl.get());
          }
          respond(exchange, 200, published.get().toString());
        });
    server.createContext("/token", exchange -> respond(exchange, 200, tokenResponse.get()));
    server.start();
  }

  String issuer() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  URI jwksUri() {
    return URI.create(issuer() + "/jwks");
  }

  /** The Cache-Control header of the next JWKS responses (none when null). */
  void jwksCacheControl(String value) {
    jwksCacheControl.set(value);
  }

  int discoveryFetches() {
    return discoveryFetches.get();
  }

  int jwksFetches() {
    return jwksFetches.get();
  }

  /** Publishes the public halves of these keys (replacing the previous set, as rotation does). */
  void publish(RSAKey... keys) {
    published.set(new JWKSet(Arrays.stream(keys).<JWK>map(RSAKey::toPublicJWK).toList()));
  }

  /** The next token responses carry this ID token (or none, when it is null). */
  void answerTokenRequestsWith(SignedJWT idToken) {
    tokenResponse.set(
        "{\"access_token\":\"at\",\"token_type\":\"Bearer\",\"expires_in\":300"
            + (idToken == null ? "" : ",\"id_token\":\"" + idToken.serialize() + "\"")
            + "}");
  }

  static RSAKey newKey(String keyId) {
    try {
      return new RSAKeyGenerator(2048).keyID(keyId).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  static SignedJWT sign(RSAKey key, JWTClaimsSet claims) {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID(key.getKeyID())
                .type(JOSEObjectType.JWT)
                .build(),
            claims);
    try {
      jwt.sign(new RSASSASigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jwt;
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (var out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
