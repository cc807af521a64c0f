package io.helpdesk.app.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.util.concurrent.TimeUnit;

/** Where the tables live: an H2 file (the embedded default) or PostgreSQL, by JDBC URL. */
public class DatabaseConfig {
  public static final String EMBEDDED_URL =
      "jdbc:h2:file:./data/helpdesk;MODE=PostgreSQL;LOCK_TIMEOUT=10000";

  @NotBlank private String url = EMBEDDED_URL;
  @NotNull private String user = "";
  @NotNull private String password = "";

  @Min(2)
  @Max(500)
  private int maxPoolSize = 10;

  @NotNull
  @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS)
  private Duration connectionTimeout = Duration.seconds(10);

  @JsonProperty
  public String getUrl() {
    return url;
  }

  @JsonProperty
  public void setUrl(String url) {
    this.url = url;
  }

  @JsonProperty
  public String getUser() {
    return user;
  }

  @JsonProperty
  public void setUser(String user) {
    this.user = user;
  }

  @JsonProperty
  public String getPassword() {
    return password;
  }

  @JsonProperty
  public void setPassword(String password) {
    this.password = password;
  }

  @JsonProperty
  public int getMaxPoolSize() {
    return maxPoolSize;
  }

  @JsonProperty
  public void setMaxPoolSize(int maxPoolSize) {
    this.maxPoolSize = maxPoolSize;
  }

  @JsonProperty
  public Duration getConnectionTimeout() {
    return connectionTimeout;
  }

  @JsonProperty
  public void setConnectionTimeout(Duration connectionTimeout) {
    this.connectionTimeout = connectionTimeout;
  }

  public boolean isH2() {
    return url != null && url.startsWith("jdbc:h2:");
  }

  @ValidationMethod(message = "database.url must start with jdbc:postgresql: or jdbc:h2:")
  @JsonProperty(access = JsonProperty.Access.READ_ONLY)
  public boolean isUrlSupported() {
    return url == null || url.startsWith("jdbc:postgresql:") || isH2();
  }
}
