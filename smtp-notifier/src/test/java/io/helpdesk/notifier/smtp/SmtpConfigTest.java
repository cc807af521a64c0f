package io.helpdesk.notifier.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("SmtpConfig: defaults and validation")
class SmtpConfigTest {

  private static SmtpConfig.Builder minimal() {
    return SmtpConfig.builder()
        .host("smtp.example.com")
        .fromAddress("helpdesk@example.com")
        .webBaseUrl("https://helpdesk.example.com/");
  }

  @Test
  @DisplayName(
      "defaults: STARTTLS on 587, 10 s timeouts, 4 idle connections for 30 s and 100 mails each,"
          + " no credentials, the sender's domain")
  void defaults() {
    SmtpConfig config = minimal().build();

    assertThat(config.tlsMode()).isEqualTo(TlsMode.STARTTLS_REQUIRED);
    assertThat(config.port()).isEqualTo(587);
    assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.readTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.writeTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.maxIdleConnections()).isEqualTo(4);
    assertThat(config.idleTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.maxMessagesPerConnection()).isEqualTo(100);
    assertThat(config.username()).isEmpty();
    assertThat(config.password()).isEmpty();
    assertThat(config.fromName()).isEqualTo("Helpdesk");
    assertThat(config.replyTo()).isEmpty();
    assertThat(config.trustedHosts()).isEmpty();
    assertThat(config.checkServerIdentity()).isTrue();
    assertThat(config.messageIdDomain()).isEqualTo("example.com");
    assertThat(config.webBaseUrl()).hasToString("https://helpdesk.example.com");
  }

  @Test
  @DisplayName("the port follows the TLS mode unless set")
  void portByMode() {
    assertThat(minimal().tlsMode(TlsMode.NONE).build().port()).isEqualTo(25);
    assertThat(minimal().tlsMode(TlsMode.IMPLICIT_TLS).build().port()).isEqualTo(465);
    assertThat(minimal().tlsMode(TlsMode.IMPLICIT_TLS).port(2465).build().port()).isEqualTo(2465);
  }

  @Test
  @DisplayName("the password never shows in toString")
  void passwordHidden() {
    SmtpConfig config = minimal().credentials("mailer", "top-secret-42").build();

    assertThat(config.toString()).contains("mailer").contains("****").doesNotContain("top-secret");
  }

  @Test
  @DisplayName("each invalid field is named in the error")
  void validation() {
    assertInvalid(minimal().host(null), "SmtpConfig.host");
    assertInvalid(minimal().host("smtp example.com"), "SmtpConfig.host");
    assertInvalid(minimal().port(0), "SmtpConfig.port");
    assertInvalid(minimal().port(70_000), "SmtpConfig.port");
    assertInvalid(minimal().credentials("mailer", null), "SmtpConfig.password");
    assertInvalid(minimal().credentials("mailer", ""), "SmtpConfig.password");
    assertInvalid(minimal().fromAddress(null), "SmtpConfig.fromAddress");
    assertInvalid(minimal().fromAddress("not an address"), "SmtpConfig.fromAddress");
    assertInvalid(minimal().fromAddress("Desk <desk@example.com>"), "SmtpConfig.fromAddress");
    assertInvalid(minimal().fromName("Help\r\nBcc: x@example.com"), "SmtpConfig.fromName");
    assertInvalid(minimal().replyTo("nope"), "SmtpConfig.replyTo");
    assertInvalid(minimal().tlsMode(null), "SmtpConfig.tlsMode");
    assertInvalid(minimal().connectTimeout(Duration.ZERO), "SmtpConfig.connectTimeout");
    assertInvalid(minimal().readTimeout(Duration.ofHours(1)), "SmtpConfig.readTimeout");
    assertInvalid(minimal().writeTimeout(null), "SmtpConfig.writeTimeout");
    assertInvalid(minimal().maxIdleConnections(-1), "SmtpConfig.maxIdleConnections");
    assertInvalid(minimal().maxIdleConnections(1_001), "SmtpConfig.maxIdleConnections");
    assertInvalid(minimal().idleTimeout(null), "SmtpConfig.idleTimeout");
    assertInvalid(minimal().idleTimeout(Duration.ZERO), "SmtpConfig.idleTimeout");
    assertInvalid(minimal().idleTimeout(Duration.ofSeconds(-1)), "SmtpConfig.idleTimeout");
    assertInvalid(minimal().idleTimeout(Duration.ofHours(1)), "SmtpConfig.idleTimeout");
    assertInvalid(minimal().maxMessagesPerConnection(0), "SmtpConfig.maxMessagesPerConnection");
    assertInvalid(
        minimal().maxMessagesPerConnection(100_001), "SmtpConfig.maxMessagesPerConnection");
    assertInvalid(minimal().webBaseUrl((String) null), "SmtpConfig.webBaseUrl");
    assertInvalid(minimal().webBaseUrl("ftp://example.com"), "SmtpConfig.webBaseUrl");
    assertInvalid(minimal().webBaseUrl("/relative"), "SmtpConfig.webBaseUrl");
    assertInvalid(minimal().webBaseUrl("https://example.com/?q=1"), "SmtpConfig.webBaseUrl");
    assertInvalid(minimal().trustedHosts(Set.of("a b")), "SmtpConfig.trustedHosts");
    assertInvalid(minimal().messageIdDomain("not a domain"), "SmtpConfig.messageIdDomain");
  }

  @Test
  @DisplayName("the connection-reuse errors say the allowed range and the value given")
  void reuseMessages() {
    assertThatThrownBy(() -> minimal().maxIdleConnections(-1).build())
        .hasMessage("SmtpConfig.maxIdleConnections: must be between 0 and 1000 (got -1)");
    assertThatThrownBy(() -> minimal().maxMessagesPerConnection(0).build())
        .hasMessage("SmtpConfig.maxMessagesPerConnection: must be between 1 and 100000 (got 0)");
    assertThatThrownBy(() -> minimal().idleTimeout(Duration.ZERO).build())
        .hasMessage("SmtpConfig.idleTimeout: must be between 1 ms and PT10M (got PT0S)");
    assertThat(minimal().maxIdleConnections(0).build().maxIdleConnections()).isZero();
  }

  private static void assertInvalid(SmtpConfig.Builder builder, String field) {
    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(field + ":");
  }

  @Test
  @DisplayName("session properties: timeouts, STARTTLS required, trust only when configured")
  void sessionProperties() {
    SmtpConfig startTls = minimal().timeouts(Duration.ofSeconds(3)).build();
    Properties properties =
        SmtpNotifier.properties(
            startTls, startTls.connectTimeout(), startTls.readTimeout(), startTls.writeTimeout());

    assertThat(properties)
        .containsEntry("mail.smtp.connectiontimeout", "3000")
        .containsEntry("mail.smtp.timeout", "3000")
        .containsEntry("mail.smtp.writetimeout", "3000")
        .containsEntry("mail.smtp.starttls.enable", "true")
        .containsEntry("mail.smtp.starttls.required", "true")
        .containsEntry("mail.smtp.ssl.checkserveridentity", "true")
        .containsEntry("mail.smtp.auth", "false")
        .doesNotContainKey("mail.smtp.ssl.trust");

    SmtpConfig implicit =
        minimal()
            .tlsMode(TlsMode.IMPLICIT_TLS)
            .credentials("mailer", "pw")
            .trustedHosts(Set.of("*"))
            .build();
    Properties smtps =
        SmtpNotifier.properties(
            implicit, implicit.connectTimeout(), implicit.readTimeout(), implicit.writeTimeout());
    assertThat(smtps)
        .containsEntry("mail.transport.protocol", "smtps")
        .containsEntry("mail.smtps.ssl.enable", "true")
        .containsEntry("mail.smtps.ssl.trust", "*")
        .containsEntry("mail.smtps.auth", "true")
        .containsEntry("mail.smtps.connectiontimeout", "10000");
    assertThat(smtps.toString()).doesNotContain("pw");
  }

  @Test
  @DisplayName("Message-IDs keep safe keys and digest anything else, deterministically")
  void messageIds() {
    assertThat(MessageIds.of("helpdesk-12-abc", "example.com"))
        .isEqualTo("<helpdesk-12-abc@example.com>");
    String odd = MessageIds.of("key with <spaces>@and\r\nbreaks", "example.com");
    assertThat(odd)
        .matches("<key-with--spaces--and--breaks\\.[0-9a-f]{16}@example\\.com>")
        .isEqualTo(MessageIds.of("key with <spaces>@and\r\nbreaks", "example.com"))
        .isNotEqualTo(MessageIds.of("key with <spaces>@and\r\nbreakz", "example.com"));
    assertThat(MessageIds.left("x".repeat(100))).hasSizeLessThanOrEqualTo(64);
  }
}
