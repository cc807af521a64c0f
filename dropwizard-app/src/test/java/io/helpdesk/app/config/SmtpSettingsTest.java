package io.helpdesk.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.dropwizard.jackson.Jackson;
import io.helpdesk.notifier.smtp.SmtpConfig;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("smtp block: connection reuse settings reach SmtpConfig")
class SmtpSettingsTest {
  private static final ObjectMapper YAML = Jackson.newObjectMapper(new YAMLFactory());
  private static final String BLOCK = "host: mail\nfromAddress: helpdesk@example.com\n";

  private static SmtpConfig map(String yaml) throws Exception {
    return YAML.readValue(yaml, SmtpSettings.class).toSmtpConfig("https://help.example.com");
  }

  @Test
  @DisplayName("absent: the adapter's defaults (4 idle connections, 30 s, 100 mails each)")
  void defaults() throws Exception {
    SmtpConfig config = map(BLOCK);

    assertThat(config.maxIdleConnections()).isEqualTo(4);
    assertThat(config.idleTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.maxMessagesPerConnection()).isEqualTo(100);
  }

  @Test
  @DisplayName("maxIdleConnections, idleTimeout and maxMessagesPerConnection are mapped")
  void mapped() throws Exception {
    SmtpConfig config =
        map(
            BLOCK
                + "maxIdleConnections: 0\nidleTimeout: 10 seconds\nmaxMessagesPerConnection: 20\n");

    assertThat(config.maxIdleConnections()).isZero();
    assertThat(config.idleTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.maxMessagesPerConnection()).isEqualTo(20);
  }

  @Test
  @DisplayName("the adapter's range checks name the smtp block and the field")
  void invalid() {
    assertThatThrownBy(() -> map(BLOCK + "maxIdleConnections: -1\n"))
        .hasMessageStartingWith("smtp: SmtpConfig.maxIdleConnections:");
    assertThatThrownBy(() -> map(BLOCK + "maxMessagesPerConnection: 0\n"))
        .hasMessageStartingWith("smtp: SmtpConfig.maxMessagesPerConnection:");
  }
}
