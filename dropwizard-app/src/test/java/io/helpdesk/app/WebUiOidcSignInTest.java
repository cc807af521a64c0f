package io.helpdesk.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.jetty.HttpConnectorFactory;
import io.helpdesk.app.config.OidcSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The sign-in page with OIDC configured and dev sign-in off: only the "Sign in with <provider>"
 * button, and a click on it goes through the provider (mock-oauth2-server) and back into the UI,
 * signed in, on the page the user started from.
 */
class WebUiOidcSignInTest {
  private static final String ISSUER_ID = "helpdesk-idp";
  private static final String CLIENT_ID = "helpdesk-web";

  @TempDir static Path directory;
  static MockOAuth2Server provider;
  static TestServer server;

  @BeforeAll
  static void start() throws IOException {
    Browser.requireChromium();
    provider = new MockOAuth2Server();
    provider.start(InetAddress.getByName("127.0.0.1"), 0);
    // the provider sends the browser back to publicBaseUrl, so the port is chosen up front
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    HelpdeskConfiguration config = TestServer.config(TestDatabases.h2(directory).url());
    ((HttpConnectorFactory)
            ((DefaultServerFactory) config.getServerFactory()).getApplicationConnectors().get(0))
        .setPort(port);
    config.setPublicBaseUrl("http://localhost:" + port);
    config.getAuth().setDevSignIn(false);
    OidcSettings oidc = new OidcSettings();
    oidc.setIssuer(provider.issuerUrl(ISSUER_ID).toString());
    oidc.setProviderName("Example IdP");
    oidc.setClientId(CLIENT_ID);
    oidc.setClientSecret("client-secret-value");
    config.getAuth().setOidc(oidc);
    server = TestServer.start(config, Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (provider != null) {
      provider.shutdown();
    }
  }

  @Test
  @DisplayName("Sign in with the provider: through the IdP and back, signed in where one started")
  void signInWithTheProvider() {
    provider.enqueueCallback(
        new DefaultOAuth2TokenCallback(
            ISSUER_ID,
            "subject-1",
            "JWT",
            List.of(CLIENT_ID),
            Map.of("email", "casey@example.com", "email_verified", true, "name", "Casey Newcomer"),
            3600));
    try (Browser browser = Browser.open(server.base(), 1280, 800)) {
      browser.go("/#/new");
      WebElement button = browser.waitFor(By.id("oidc-sign-in"));
      assertThat(button.getText()).isEqualTo("Sign in with Example IdP");
      assertThat(button.getAttribute("href"))
          .endsWith("/api/v1/auth/oidc/start?returnTo=%2F%23%2Fnew");
      assertThat(browser.driver.findElements(By.cssSelector("button.member-button")))
          .as("no demo picker without dev sign-in")
          .isEmpty();
      browser.screenshot("desktop-sign-in-oidc");

      button.click();
      browser.waitForText(By.id("me-name"), "Casey Newcomer");
      browser.waitUntilReady();
      assertThat(browser.driver.getCurrentUrl()).endsWith("/#/new");
      browser.waitFor(By.id("new-ticket-form"));
      assertThat(browser.consoleErrors()).isEmpty();
    }
  }
}
