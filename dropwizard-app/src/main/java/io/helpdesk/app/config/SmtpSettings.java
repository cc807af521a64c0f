package io.helpdesk.app.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.helpdesk.notifier.smtp.SmtpConfig;
import io.helpdesk.notifier.smtp.TlsMode;
import jakarta.validation.constraints.NotBlank;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code smtp} block, mapped onto {@link SmtpConfig}. Without it the server keeps emails in the
 * dev mailbox. Credentials come from the environment.
 */
public class SmtpSettings {
  @JsonProperty @NotBlank private String host;
  @JsonProperty private Integer port;
  @JsonProperty private String username;
  @JsonProperty private String password;
  @JsonProperty @NotBlank private String fromAddress;
  @JsonProperty private String fromName;
  @JsonProperty private String replyTo;
  @JsonProperty private TlsMode tlsMode;
  @JsonProperty private Duration timeout;
  @JsonProperty private Set<String> trustedHosts;
  @JsonProperty private Integer maxIdleConnections;
  @JsonProperty private Duration idleTimeout;
  @JsonProperty private Integer maxMessagesPerConnection;

  public void setHost(String host) {
    this.host = host;
  }

  public void setPort(Integer port) {
    this.port = port;
  }

  public void setFromAddress(String fromAddress) {
    this.fromAddress = fromAddress;
  }

  public void setTlsMode(TlsMode tlsMode) {
    this.tlsMode = tlsMode;
  }

  /**
   * The adapter's config; its own validation errors are reported against the YAML path.
   *
   * @throws IllegalArgumentException naming the field
   */
  public SmtpConfig toSmtpConfig(String webBaseUrl) {
    try {
      SmtpConfig.Builder builder =
          SmtpConfig.builder().host(host).fromAddress(fromAddress).webBaseUrl(webBaseUrl);
      Optional.ofNullable(tlsMode).ifPresent(builder::tlsMode);
      Optional.ofNullable(port).ifPresent(builder::port);
      boolean hasUser = username != null && !username.isBlank();
      boolean hasPassword = password != null && !password.isBlank();
      if (hasUser != hasPassword) {
        throw new IllegalArgumentException("username and password must be given together");
      }
      if (hasUser) {
        builder.credentials(username, password);
      }
      Optional.ofNullable(fromName).ifPresent(builder::fromName);
      Optional.ofNullable(replyTo).ifPresent(builder::replyTo);
      Optional.ofNullable(timeout).map(Duration::toJavaDuration).ifPresent(builder::timeouts);
      Optional.ofNullable(trustedHosts).ifPresent(builder::trustedHosts);
      Optional.ofNullable(maxIdleConnections).ifPresent(builder::maxIdleConnections);
      Optional.ofNullable(idleTimeout)
          .map(Duration::toJavaDuration)
          .ifPresent(builder::idleTimeout);
      Optional.ofNullable(maxMessagesPerConnection).ifPresent(builder::maxMessagesPerConnection);
      return builder.build();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("smtp: " + e.getMessage(), e);
    }
  }
}
