package io.helpdesk.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropwizard.configuration.ConfigurationException;
import io.dropwizard.configuration.ConfigurationFactory;
import io.dropwizard.core.setup.Bootstrap;
import io.helpdesk.app.auth.oidc.OidcConfig;
import io.helpdesk.app.config.AnalyzerConfig;
import io.helpdesk.app.core.Components;
import io.helpdesk.core.model.SkillTaxonomy;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.text.StringSubstitutor;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The configuration: embedded default, the production example, and failing fast on bad input. */
class ConfigurationTest {
  /** The factory exactly as the application sets it up (object mapper and validator included). */
  private final ConfigurationFactory<HelpdeskConfiguration> factory = applicationFactory();

  private static ConfigurationFactory<HelpdeskConfiguration> applicationFactory() {
    HelpdeskApplication application = new HelpdeskApplication();
    Bootstrap<HelpdeskConfiguration> bootstrap = new Bootstrap<>(application);
    application.initialize(bootstrap);
    return bootstrap
        .getConfigurationFactoryFactory()
        .create(
            HelpdeskConfiguration.class,
            bootstrap.getValidatorFactory().getValidator(),
            bootstrap.getObjectMapper(),
            "dw");
  }

  private HelpdeskConfiguration parse(String yaml) throws Exception {
    return factory.build(
        path -> new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yml");
  }

  @Test
  @DisplayName(
      "no file: the embedded default (H2 under ./data, keyword analyzer, mailbox, dev sign-in)")
  void embeddedDefault() throws Exception {
    HelpdeskConfiguration config = factory.build();
    assertThat(config.getDatabase().getUrl()).startsWith("jdbc:h2:file:./data/helpdesk");
    assertThat(config.getAnalyzer().getType()).isEqualTo(AnalyzerConfig.Type.KEYWORD);
    assertThat(config.getSmtp()).isEmpty();
    assertThat(config.getAuth().isDevSignIn()).isTrue();
    assertThat(config.isSeedDemoData()).isTrue();
  }

  @Test
  @DisplayName("a config file leaves dev sign-in off and cookies Secure unless it says otherwise")
  void productionSafeDefaults() throws Exception {
    HelpdeskConfiguration config = parse("publicBaseUrl: https://help.example.com\n");
    assertThat(config.getAuth().isDevSignIn()).isFalse();
    assertThat(config.getAuth().isSecureCookies()).isTrue();
    assertThat(config.isSeedDemoData()).isFalse();
  }

  @Test
  @DisplayName("the production example parses and validates with its environment variables set")
  void productionExample() throws Exception {
    Map<String, String> env = new HashMap<>();
    for (String name :
        List.of(
            "HELPDESK_DB_URL",
            "HELPDESK_DB_USER",
            "HELPDESK_DB_PASSWORD",
            "GEMINI_API_KEY",
            "SMTP_HOST",
            "SMTP_USERNAME",
            "SMTP_PASSWORD",
            "OIDC_CLIENT_ID",
            "OIDC_CLIENT_SECRET",
            "HELPDESK_ADMIN_EMAIL")) {
      env.put(name, "value-of-" + name.toLowerCase());
    }
    env.put("HELPDESK_DB_URL", "jdbc:postgresql://db:5432/helpdesk");
    env.put("HELPDESK_PUBLIC_URL", "https://help.example.com");
    env.put("HELPDESK_ADMIN_EMAIL", "boss@example.com");
    String yaml =
        new StringSubstitutor(env)
            .setEnableSubstitutionInVariables(false)
            .replace(Files.readString(Path.of("config/production.yml")));
    HelpdeskConfiguration config = parse(yaml);
    assertThat(config.getAnalyzer().getType()).isEqualTo(AnalyzerConfig.Type.GEMINI);
    assertThat(config.getSmtp()).isPresent();
    assertThat(config.getAuth().getOidc()).isPresent();
    OidcConfig oidc =
        config
            .getAuth()
            .getOidc()
            .get()
            .toOidcConfig(config.getPublicBaseUrl(), config.getAuth().getAllowedEmailDomains());
    assertThat(oidc.issuer()).isEqualTo(OidcConfig.GOOGLE_ISSUER);
    assertThat(oidc.clientSecret()).isEqualTo("value-of-oidc_client_secret");
    assertThat(oidc.redirectUri())
        .hasToString("https://help.example.com/api/v1/auth/oidc/callback");
    assertThat(config.getAuth().getOidc().get().getProviderName()).isEqualTo("Google");
    assertThat(config.getAuth().getBootstrapAdminEmails()).containsExactly("boss@example.com");
    assertThat(config.getSmtp().get().toSmtpConfig(config.getPublicBaseUrl()).host())
        .isEqualTo("value-of-smtp_host");
    assertThat(config.getAnalyzer().getGemini().toGeminiConfig(SkillTaxonomy.defaults()).model())
        .isEqualTo("gemini-3.8-flash");
  }

  @Test
  @DisplayName("wrong config fails fast with a message that names the field")
  void wrongConfigNamesTheField() {
    assertFailsNaming("auth:\n  sessionIdleTimeout: 10 seconds\n", "auth.sessionIdleTimeout");
    assertFailsNaming("database:\n  url: jdbc:mysql://db/helpdesk\n", "database");
    assertFailsNaming("database:\n  maxPoolSize: 0\n", "database.maxPoolSize");
    assertFailsNaming("analyzer:\n  type: GEMINI\n", "analyzer.gemini");
    assertFailsNaming("analyzer:\n  type: CLEVER\n", "analyzer.type");
    assertFailsNaming("analyzer:\n  type: GEMINI\n  gemini: {}\n", "analyzer.gemini.apiKey");
    assertFailsNaming("publicBaseUrl: localhost\n", "publicBaseUrl");
    assertFailsNaming("smtp:\n  host: mail\n", "smtp.fromAddress");
    assertFailsNaming("engine:\n  workerConcurrency: -1\n", "engine.workerConcurrency");
    assertFailsNaming(
        "engine:\n  deliveryRetry:\n    maxAttempts: 0\n", "engine.deliveryRetry.maxAttempts");
    assertFailsNaming("engine:\n  analysisRetry:\n    jitter: 2\n", "engine.analysisRetry.jitter");
    assertFailsNaming("auth:\n  devSignin: true\n", "devSignin");
    assertFailsNaming("auth:\n  oidc:\n    clientSecret: s\n", "auth.oidc.clientId");
    assertFailsNaming("auth:\n  oidc:\n    clientId: c\n", "auth.oidc.clientSecret");
    assertFailsNaming(
        "auth:\n  oidc:\n    clientId: c\n    clientSecret: s\n    issuer: accounts.google.com\n",
        "auth.oidc.issuer");
    assertFailsNaming(
        "auth:\n  oidc:\n    clientId: c\n    clientSecret: s\n    signInTimeout: 5 seconds\n",
        "auth.oidc.signInTimeout");
    assertFailsNaming(
        "auth:\n  oidc:\n    clientId: c\n    clientSecret: s\n    scopes: []\n",
        "auth.oidc.scopes");
    assertFailsNaming(
        "events:\n  heartbeatInterval: 10 milliseconds\n", "events.heartbeatInterval");
    assertFailsNaming("events:\n  queueCapacity: 1\n", "events.queueCapacity");
    // The default connector closes a connection after 30 idle seconds.
    assertFailsNaming("events:\n  heartbeatInterval: 45 seconds\n", "events.heartbeatInterval");
  }

  @Test
  @DisplayName("retry policies come from engine.analysisRetry/deliveryRetry, defaulting to core's")
  void retryPolicies() throws Exception {
    HelpdeskConfiguration config =
        parse(
            "engine:\n  deliveryRetry:\n    maxAttempts: 3\n    initialDelay: 1s\n    maxDelay: 2s\n");
    assertThat(config.getEngine().getDeliveryRetry().toRetryPolicy())
        .isEqualTo(
            new io.helpdesk.core.RetryPolicy(
                3, java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(2), 2, 0.2));
    assertThat(config.getEngine().getAnalysisRetry().toRetryPolicy())
        .isEqualTo(io.helpdesk.core.RetryPolicy.analysisDefaults());
    // fields not given keep the defaults of their own policy (analysis: multiplier 3)
    assertThat(
            parse("engine:\n  analysisRetry:\n    maxAttempts: 2\n")
                .getEngine()
                .getAnalysisRetry()
                .toRetryPolicy())
        .isEqualTo(
            new io.helpdesk.core.RetryPolicy(
                2, java.time.Duration.ofSeconds(5), java.time.Duration.ofMinutes(2), 3, 0.2));
  }

  @Test
  @DisplayName("the adapters' own checks are reported against the YAML block")
  void adapterChecksNameTheBlock() throws Exception {
    HelpdeskConfiguration config =
        parse("analyzer:\n  type: GEMINI\n  gemini:\n    apiKey: k\n    callDeadline: 1 hour\n");
    assertThatThrownBy(() -> Components.analyzer(config.getAnalyzer(), SkillTaxonomy.defaults()))
        .hasMessageContaining("analyzer.gemini")
        .hasMessageContaining("callDeadline");
    HelpdeskConfiguration smtp =
        parse("smtp:\n  host: mail\n  fromAddress: helpdesk@example.com\n  port: 0\n");
    assertThatThrownBy(() -> smtp.getSmtp().get().toSmtpConfig("https://help.example.com"))
        .hasMessageContaining("smtp")
        .hasMessageContaining("port");
  }

  @Test
  @DisplayName(
      "auth.oidc: Google is the preset (legacy issuer, hd with domains, redirect URI from the"
          + " public URL); any issuer works; the client's own checks name auth.oidc")
  void oidcBlock() throws Exception {
    HelpdeskConfiguration google =
        parse(
            "publicBaseUrl: https://help.example.com/\n"
                + "auth:\n  allowedEmailDomains: [Example.com]\n"
                + "  oidc:\n    clientId: web\n    clientSecret: s3cret\n");
    OidcConfig preset =
        google
            .getAuth()
            .getOidc()
            .get()
            .toOidcConfig(google.getPublicBaseUrl(), google.getAuth().getAllowedEmailDomains());
    assertThat(preset.acceptedIssuers())
        .containsExactlyInAnyOrder("https://accounts.google.com", "accounts.google.com");
    assertThat(preset.redirectUri())
        .hasToString("https://help.example.com/api/v1/auth/oidc/callback");
    assertThat(preset.checkHostedDomain()).isTrue();
    assertThat(preset.allowedEmailDomains()).containsExactly("example.com");
    assertThat(preset.scopes()).containsExactly("openid", "email", "profile");
    assertThat(preset.toString()).doesNotContain("s3cret");

    HelpdeskConfiguration other =
        parse(
            "auth:\n  oidc:\n    issuer: https://login.example.org/realms/staff\n"
                + "    clientId: web\n    clientSecret: s\n"
                + "    redirectUri: https://help.example.org/api/v1/auth/oidc/callback\n"
                + "    scopes: [openid, email]\n");
    OidcConfig generic =
        other.getAuth().getOidc().get().toOidcConfig(other.getPublicBaseUrl(), List.of());
    assertThat(generic.acceptedIssuers()).containsExactly("https://login.example.org/realms/staff");
    assertThat(generic.checkHostedDomain()).isFalse();
    assertThat(generic.scopes()).containsExactly("openid", "email");
    assertThat(other.getAuth().getOidc().get().getProviderName()).isEqualTo("login.example.org");

    HelpdeskConfiguration noOpenid =
        parse("auth:\n  oidc:\n    clientId: c\n    clientSecret: s\n    scopes: [email]\n");
    assertThatThrownBy(
            () ->
                noOpenid
                    .getAuth()
                    .getOidc()
                    .get()
                    .toOidcConfig(noOpenid.getPublicBaseUrl(), List.of()))
        .hasMessageContaining("auth.oidc")
        .hasMessageContaining("scopes");
    HelpdeskConfiguration plainHttp =
        parse(
            "publicBaseUrl: http://help.example.com\n"
                + "auth:\n  oidc:\n    clientId: c\n    clientSecret: s\n");
    assertThatThrownBy(
            () ->
                plainHttp
                    .getAuth()
                    .getOidc()
                    .get()
                    .toOidcConfig(plainHttp.getPublicBaseUrl(), List.of()))
        .hasMessageContaining("auth.oidc")
        .hasMessageContaining("redirectUri");
  }

  private void assertFailsNaming(String yaml, String field) {
    assertThatThrownBy(() -> parse(yaml))
        .as(yaml)
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(field);
  }

  @Test
  @DisplayName("triage-eval runs the configured analyzer and ends with the summary line")
  void triageEval() throws Exception {
    Path input = Files.createTempFile("eval", ".jsonl");
    try (InputStream sample = getClass().getResourceAsStream("/eval-sample.jsonl")) {
      Files.write(input, sample.readAllBytes());
    }
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      new HelpdeskApplication().run("triage-eval", input.toString());
    } finally {
      System.setOut(original);
    }
    String[] lines = captured.toString(StandardCharsets.UTF_8).strip().split("\n");
    assertThat(lines[lines.length - 1])
        .matches(
            "skills_f1=\\d\\.\\d{3} priority_accuracy=\\d\\.\\d{3} priority_kappa=-?\\d\\.\\d{3}");
  }
}
