package io.helpdesk.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.configuration.ConfigurationFactory;
import io.dropwizard.core.setup.Bootstrap;
import io.helpdesk.app.HelpdeskApplication;
import io.helpdesk.app.HelpdeskConfiguration;
import io.helpdesk.app.config.AnalyzerConfig;
import io.helpdesk.core.model.SkillTaxonomy;
import io.helpdesk.notifier.smtp.SmtpConfig;
import io.helpdesk.notifier.smtp.TlsMode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.text.StringSubstitutor;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The production deployment under {@code examples/deploy}: the YAML is read by the server's own
 * configuration factory (the object mapper, validator and strict unknown-field check the server
 * uses at start), the environment template lists every variable the YAML needs, and the systemd
 * unit points at the files the README describes.
 */
class DeployConfigTest {
  private static final Path DEPLOY = Path.of("deploy");
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z0-9_]+)(:-[^}]*)?}");

  @Test
  @DisplayName("helpdesk.yml loads and validates through the server's configuration classes")
  void loadsThroughTheServersConfiguration() throws Exception {
    Map<String, String> env = filledTemplate();
    String yaml =
        new StringSubstitutor(env)
            .setEnableUndefinedVariableException(true)
            .setEnableSubstitutionInVariables(false)
            .replace(Files.readString(DEPLOY.resolve("helpdesk.yml")));

    HelpdeskConfiguration config =
        applicationFactory()
            .build(
                path -> new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)),
                "helpdesk.yml");

    assertThat(config.getDatabase().getUrl())
        .isEqualTo("jdbc:postgresql://db.internal:5432/helpdesk");
    assertThat(config.getDatabase().getPassword()).isEqualTo("from-env-HELPDESK_DB_PASSWORD");
    assertThat(config.getAnalyzer().getType()).isEqualTo(AnalyzerConfig.Type.GEMINI);
    assertThat(config.getAnalyzer().getGemini().toGeminiConfig(SkillTaxonomy.defaults()).model())
        .isEqualTo("gemini-3.8-flash");
    SmtpConfig smtp = config.getSmtp().orElseThrow().toSmtpConfig(config.getPublicBaseUrl());
    assertThat(smtp.host()).isEqualTo("smtp.example.com");
    assertThat(smtp.port()).isEqualTo(587);
    assertThat(smtp.tlsMode()).isEqualTo(TlsMode.STARTTLS_REQUIRED);
    assertThat(config.getAuth().isDevSignIn()).isFalse();
    assertThat(config.getAuth().isSecureCookies()).isTrue();
    assertThat(config.getAuth().getBootstrapAdminEmails()).containsExactly("you@example.com");
    assertThat(config.getAuth().getAllowedEmailDomains()).containsExactly("example.com");
    assertThat(config.getAuth().getOidc().orElseThrow().path("redirectUri").asText())
        .isEqualTo("https://help.example.com/api/v1/auth/oidc/callback");
    assertThat(config.getAuth().getOidc().orElseThrow().path("clientSecret").asText())
        .isEqualTo("from-env-OIDC_CLIENT_SECRET");
    assertThat(config.isSeedDemoData()).isFalse();
    assertThat(config.getPublicBaseUrl()).isEqualTo("https://help.example.com");
  }

  @Test
  @DisplayName("every secret comes from the environment, and the env template lists every variable")
  void everyVariableInTheTemplate() throws Exception {
    String yaml = Files.readString(DEPLOY.resolve("helpdesk.yml"));
    Set<String> required = new TreeSet<>();
    Set<String> all = new TreeSet<>();
    Matcher matcher = VARIABLE.matcher(yaml);
    while (matcher.find()) {
      all.add(matcher.group(1));
      if (matcher.group(2) == null) {
        required.add(matcher.group(1));
      }
    }
    Map<String, String> template = template(true);

    assertThat(template.keySet()).as("variables set in helpdesk.env.example").containsAll(required);
    assertThat(template(false).keySet()).as("every variable at least mentioned").containsAll(all);
    assertThat(template(false).keySet()).as("no variable the YAML does not use").isSubsetOf(all);
    for (String secret : List.of("password:", "apiKey:", "clientSecret:")) {
      assertThat(yaml.lines().filter(line -> line.trim().startsWith(secret)))
          .as(secret + " comes from the environment")
          .isNotEmpty()
          .allMatch(line -> VARIABLE.matcher(line).find());
    }
  }

  @Test
  @DisplayName("the systemd unit runs the server with the env file and the config the README names")
  void systemdUnit() throws Exception {
    String unit = Files.readString(DEPLOY.resolve("helpdesk.service"));
    assertThat(unit)
        .contains("EnvironmentFile=/etc/helpdesk/helpdesk.env")
        .containsPattern(
            "ExecStart=/usr/bin/java .*-jar /opt/helpdesk/helpdesk-dropwizard-app.jar server /etc/helpdesk/helpdesk.yml")
        .contains("User=helpdesk")
        .contains("[Install]");
  }

  /** The template's variables with its example values, and a recognisable value for each secret. */
  private static Map<String, String> filledTemplate() throws Exception {
    Map<String, String> env = new LinkedHashMap<>(template(true));
    env.replaceAll((name, value) -> value.isEmpty() ? "from-env-" + name : value);
    return env;
  }

  /** KEY=value lines of helpdesk.env.example; with {@code setOnly}, without the commented ones. */
  private static Map<String, String> template(boolean setOnly) throws Exception {
    Map<String, String> values = new LinkedHashMap<>();
    Pattern line = Pattern.compile(setOnly ? "^([A-Z0-9_]+)=(.*)$" : "^#?\\s?([A-Z0-9_]+)=(.*)$");
    for (String text : Files.readAllLines(DEPLOY.resolve("helpdesk.env.example"))) {
      Matcher matcher = line.matcher(text);
      if (matcher.matches()) {
        values.put(matcher.group(1), matcher.group(2).trim());
      }
    }
    return values;
  }

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
}
