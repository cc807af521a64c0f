package io.helpdesk.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A production-shaped server configuration for fault tests, written as YAML: PostgreSQL, SMTP to a
 * local GreenMail (no TLS), the keyword analyzer or a fake Gemini, dev sign-in off, short polls,
 * leases and retry delays so that a fault test runs in seconds, not hours.
 */
final class ServerConfig {
  private final String databaseUrl;
  private int port;
  private int adminPort;
  private int smtpPort;
  private String geminiBaseUrl;
  private String lease = "5 seconds";
  private String analysisRetry = "{maxAttempts: 3, initialDelay: 200ms, maxDelay: 1s}";
  private String deliveryRetry = "{maxAttempts: 10, initialDelay: 200ms, maxDelay: 2s}";
  private String connectionTimeout = "2 seconds";
  private boolean devSignIn;

  ServerConfig(String databaseUrl) {
    this.databaseUrl = databaseUrl;
  }

  ServerConfig ports(int port, int adminPort) {
    this.port = port;
    this.adminPort = adminPort;
    return this;
  }

  ServerConfig smtpPort(int smtpPort) {
    this.smtpPort = smtpPort;
    return this;
  }

  ServerConfig gemini(String baseUrl) {
    this.geminiBaseUrl = baseUrl;
    return this;
  }

  ServerConfig lease(String lease) {
    this.lease = lease;
    return this;
  }

  ServerConfig analysisRetry(String yamlFlowMap) {
    this.analysisRetry = yamlFlowMap;
    return this;
  }

  ServerConfig deliveryRetry(String yamlFlowMap) {
    this.deliveryRetry = yamlFlowMap;
    return this;
  }

  ServerConfig connectionTimeout(String connectionTimeout) {
    this.connectionTimeout = connectionTimeout;
    return this;
  }

  /** Turns the dev sign-in endpoints on (a session for any existing member, by email). */
  ServerConfig devSignIn(boolean devSignIn) {
    this.devSignIn = devSignIn;
    return this;
  }

  String yaml() {
    StringBuilder yaml = new StringBuilder();
    yaml.append("server:\n")
        .append("  applicationConnectors:\n    - type: http\n      bindHost: 127.0.0.1\n")
        .append("      port: ")
        .append(port)
        .append("\n  adminConnectors:\n    - type: http\n      bindHost: 127.0.0.1\n")
        .append("      port: ")
        .append(adminPort)
        .append("\n  requestLog:\n    appenders: []\n")
        .append("database:\n  url: \"")
        .append(databaseUrl)
        .append("\"\n  maxPoolSize: 10\n  connectionTimeout: ")
        .append(connectionTimeout)
        .append('\n');
    if (geminiBaseUrl == null) {
      yaml.append("analyzer:\n  type: KEYWORD\n");
    } else {
      yaml.append("analyzer:\n  type: GEMINI\n  gemini:\n    apiKey: fake-key\n")
          .append("    baseUrl: ")
          .append(geminiBaseUrl)
          .append("\n    callDeadline: 2 seconds\n    maxConcurrentCalls: 8\n")
          .append("    requestsPerMinute: 100000\n");
    }
    yaml.append("smtp:\n  host: 127.0.0.1\n  port: ")
        .append(smtpPort)
        .append("\n  tlsMode: NONE\n  fromAddress: helpdesk@example.com\n  timeout: 2 seconds\n")
        .append("auth:\n  devSignIn: ")
        .append(devSignIn)
        .append("\n  secureCookies: false\n")
        .append("engine:\n  workerConcurrency: 4\n  lease: ")
        .append(lease)
        .append("\n  pollInterval: 100ms\n  shutdownTimeout: 5 seconds\n")
        .append("  analysisRetry: ")
        .append(analysisRetry)
        .append("\n  deliveryRetry: ")
        .append(deliveryRetry)
        .append("\npublicBaseUrl: http://localhost:8080\n")
        .append("logging:\n  level: WARN\n  loggers:\n    io.helpdesk: INFO\n");
    return yaml.toString();
  }

  Path write(Path directory, String name) {
    try {
      Path file = directory.resolve(name);
      Files.writeString(file, yaml());
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
