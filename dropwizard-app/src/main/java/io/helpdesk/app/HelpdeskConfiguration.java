package io.helpdesk.app;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.Configuration;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.core.server.SimpleServerFactory;
import io.dropwizard.jetty.ConnectorFactory;
import io.dropwizard.jetty.HttpConnectorFactory;
import io.dropwizard.validation.ValidationMethod;
import io.helpdesk.app.config.AnalyzerConfig;
import io.helpdesk.app.config.AuthConfig;
import io.helpdesk.app.config.DatabaseConfig;
import io.helpdesk.app.config.EngineConfig;
import io.helpdesk.app.config.EventsConfig;
import io.helpdesk.app.config.SmtpSettings;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The server's configuration. Field defaults are the production-safe ones; the embedded default
 * ({@code embedded-default.yml}, used when no file is given) turns on dev sign-in and demo data.
 */
public class HelpdeskConfiguration extends Configuration {
  @JsonProperty @Valid @NotNull private DatabaseConfig database = new DatabaseConfig();
  @JsonProperty @Valid @NotNull private AnalyzerConfig analyzer = new AnalyzerConfig();

  /** Absent: emails go to the dev mailbox. */
  @JsonProperty @Valid private SmtpSettings smtp;

  @JsonProperty @Valid @NotNull private AuthConfig auth = new AuthConfig();
  @JsonProperty @Valid @NotNull private EngineConfig engine = new EngineConfig();
  @JsonProperty @Valid @NotNull private EventsConfig events = new EventsConfig();

  /** Where people open the web UI; links in emails point here. */
  @JsonProperty
  @NotNull
  @Pattern(regexp = "https?://[^\\s]+", message = "must be an http(s) URL")
  private String publicBaseUrl = "http://localhost:8080";

  /** Seed demo members and tickets into an empty database at start. */
  @JsonProperty private boolean seedDemoData = false;

  /** The largest request body accepted; larger ones get 413. */
  @JsonProperty
  @Min(1024)
  @Max(10 * 1024 * 1024)
  private int maxRequestBodyBytes = 64 * 1024;

  public DatabaseConfig getDatabase() {
    return database;
  }

  public AnalyzerConfig getAnalyzer() {
    return analyzer;
  }

  public Optional<SmtpSettings> getSmtp() {
    return Optional.ofNullable(smtp);
  }

  public void setSmtp(SmtpSettings smtp) {
    this.smtp = smtp;
  }

  public AuthConfig getAuth() {
    return auth;
  }

  public EngineConfig getEngine() {
    return engine;
  }

  /**
   * An idle event stream must get its ping before the connector's idle timeout closes it. Checked
   * with the rest of the configuration, so a wrong pair fails at start.
   */
  @ValidationMethod(
      message =
          "events.heartbeatInterval must be shorter than the idleTimeout of every application"
              + " connector (server.applicationConnectors[*].idleTimeout), or idle streams are cut")
  @JsonIgnore
  public boolean isHeartbeatShorterThanIdleTimeout() {
    List<ConnectorFactory> connectors = new ArrayList<>();
    if (getServerFactory() instanceof DefaultServerFactory server) {
      connectors.addAll(server.getApplicationConnectors());
    } else if (getServerFactory() instanceof SimpleServerFactory server) {
      connectors.add(server.getConnector());
    }
    long heartbeat = events.getHeartbeatInterval().toMilliseconds();
    return connectors.stream()
        .filter(HttpConnectorFactory.class::isInstance)
        .map(HttpConnectorFactory.class::cast)
        .allMatch(connector -> heartbeat < connector.getIdleTimeout().toMilliseconds());
  }

  public EventsConfig getEvents() {
    return events;
  }

  public String getPublicBaseUrl() {
    return publicBaseUrl;
  }

  public void setPublicBaseUrl(String publicBaseUrl) {
    this.publicBaseUrl = publicBaseUrl;
  }

  public boolean isSeedDemoData() {
    return seedDemoData;
  }

  public void setSeedDemoData(boolean seedDemoData) {
    this.seedDemoData = seedDemoData;
  }

  public int getMaxRequestBodyBytes() {
    return maxRequestBodyBytes;
  }

  public void setMaxRequestBodyBytes(int maxRequestBodyBytes) {
    this.maxRequestBodyBytes = maxRequestBodyBytes;
  }
}
