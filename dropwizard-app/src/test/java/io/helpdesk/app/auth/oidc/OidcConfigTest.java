package io.helpdesk.app.auth.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class OidcConfigTest {

  @Test
  @DisplayName("defaults: openid email profile, 60 s skew, 5 s timeouts, no domain restriction")
  void defaults() {
    OidcConfig config = valid().build();

    assertThat(config.scopes()).containsExactly("openid", "email", "profile");
    assertThat(config.clockSkew()).isEqualTo(Duration.ofSeconds(60));
    assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.readTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.allowedEmailDomains()).isEmpty();
    assertThat(config.checkHostedDomain()).isFalse();
    assertThat(config.acceptedIssuers()).containsExactly("https://login.example.com");
  }

  @Test
  @DisplayName("the Google preset accepts both issuer forms and checks hd")
  void googlePreset() {
    OidcConfig config =
        OidcConfig.google()
            .clientId("id")
            .clientSecret("secret")
            .redirectUri("https://helpdesk.example.com/auth/callback")
            .build();

    assertThat(config.issuer()).isEqualTo(URI.create("https://accounts.google.com"));
    assertThat(config.acceptedIssuers())
        .containsExactlyInAnyOrder("https://accounts.google.com", "accounts.google.com");
    assertThat(config.checkHostedDomain()).isTrue();
  }

  @Test
  @DisplayName("toString never shows the client secret")
  void secretHidden() {
    assertThat(valid().clientSecret("hunter2-very-secret").build().toString())
        .doesNotContain("hunter2-very-secret")
        .contains("clientId=helpdesk");
  }

  @Test
  @DisplayName("allowed domains are normalised to lower case")
  void domainsNormalised() {
    assertThat(valid().allowedEmailDomains(Set.of("Example.COM")).build().allowedEmailDomains())
        .containsExactly("example.com");
  }

  @Test
  @DisplayName("each invalid field is named in the message")
  void invalidFields() {
    assertInvalid(builder -> builder.issuer((URI) null), "OidcConfig.issuer is required");
    assertInvalid(
        builder -> builder.issuer("http://login.example.com"), "OidcConfig.issuer must use https");
    assertInvalid(
        builder -> builder.issuer("login.example.com"),
        "OidcConfig.issuer must be an absolute URL");
    assertInvalid(
        builder -> builder.issuer("https://login.example.com?x=1"),
        "OidcConfig.issuer must not have a query");
    assertInvalid(builder -> builder.clientId(" "), "OidcConfig.clientId must not be blank");
    assertInvalid(builder -> builder.clientSecret(null), "OidcConfig.clientSecret is required");
    assertInvalid(builder -> builder.redirectUri((URI) null), "OidcConfig.redirectUri is required");
    assertInvalid(
        builder -> builder.redirectUri("http://helpdesk.example.com/cb"),
        "OidcConfig.redirectUri must use https");
    assertInvalid(
        builder -> builder.scopes(List.of("email")), "OidcConfig.scopes must contain openid");
    assertInvalid(builder -> builder.scopes(List.of("openid", "a b")), "OidcConfig.scopes");
    assertInvalid(
        builder -> builder.allowedEmailDomains(Set.of("ada@example.com")),
        "OidcConfig.allowedEmailDomains");
    assertInvalid(builder -> builder.clockSkew(Duration.ofSeconds(-1)), "OidcConfig.clockSkew");
    assertInvalid(builder -> builder.clockSkew(Duration.ofHours(1)), "OidcConfig.clockSkew");
    assertInvalid(builder -> builder.connectTimeout(Duration.ZERO), "OidcConfig.connectTimeout");
    assertInvalid(builder -> builder.readTimeout(null), "OidcConfig.readTimeout is required");
    assertInvalid(
        builder -> builder.jwksCacheTimeToLive(Duration.ofSeconds(1)),
        "OidcConfig.jwksCacheTimeToLive");
    assertInvalid(
        builder -> builder.additionalIssuers(Set.of(" ")), "OidcConfig.additionalIssuers");
  }

  @Test
  @DisplayName("http is allowed on localhost for development")
  void localhostHttp() {
    OidcConfig config =
        valid()
            .issuer("http://127.0.0.1:8081/default")
            .redirectUri("http://localhost:8080/cb")
            .build();

    assertThat(config.issuer().toString()).isEqualTo("http://127.0.0.1:8081/default");
  }

  private static OidcConfig.Builder valid() {
    return OidcConfig.builder()
        .issuer("https://login.example.com")
        .clientId("helpdesk")
        .clientSecret("secret")
        .redirectUri("https://helpdesk.example.com/auth/callback");
  }

  private static void assertInvalid(UnaryOperator<OidcConfig.Builder> change, String message) {
    assertThatThrownBy(() -> change.apply(valid()).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }
}
