package io.helpdesk.notifier.smtp;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Everything the {@link SmtpNotifier} needs, validated when built. The host application maps its
 * own configuration (YAML, environment) onto this record; the notifier reads nothing else.
 *
 * @param host the SMTP server's host name
 * @param port the SMTP server's port (default: {@link TlsMode#defaultPort()})
 * @param username the login, if the server requires authentication
 * @param password the password for {@code username}; never printed by {@link #toString()}
 * @param fromAddress the sender address (also the envelope sender)
 * @param fromName the sender's display name (default {@code Helpdesk})
 * @param replyTo where replies should go, if not to {@code fromAddress}
 * @param tlsMode how the connection is protected (default {@link TlsMode#STARTTLS_REQUIRED})
 * @param connectTimeout how long to wait for the TCP connection (default 10 s)
 * @param readTimeout how long to wait for each server reply (default 10 s)
 * @param writeTimeout how long a write to the server may block (default 10 s)
 * @param maxIdleConnections how many connected SMTP sessions may wait for the next mail (default
 *     4); 0 opens and closes one connection per mail
 * @param idleTimeout how long a connection may wait unused before it is closed instead of reused
 *     (default 30 s); servers hang up on idle clients
 * @param maxMessagesPerConnection how many mails one connection carries before it is closed
 *     (default 100); providers limit it
 * @param webBaseUrl the web UI's base URL; links in mails point below it
 * @param trustedHosts hosts whose certificate is trusted without validation against the JDK's trust
 *     store (for test servers with self-signed certificates); {@code "*"} trusts every host and is
 *     only honoured when set explicitly. Empty by default: normal certificate validation
 * @param checkServerIdentity whether the certificate must match the host name (default true)
 * @param messageIdDomain the right-hand side of generated Message-IDs (default: the domain of
 *     {@code fromAddress})
 */
public record SmtpConfig(
    String host,
    int port,
    Optional<String> username,
    Optional<String> password,
    String fromAddress,
    String fromName,
    Optional<String> replyTo,
    TlsMode tlsMode,
    Duration connectTimeout,
    Duration readTimeout,
    Duration writeTimeout,
    int maxIdleConnections,
    Duration idleTimeout,
    int maxMessagesPerConnection,
    URI webBaseUrl,
    Set<String> trustedHosts,
    boolean checkServerIdentity,
    String messageIdDomain) {

  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
  static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);
  static final String DEFAULT_FROM_NAME = "Helpdesk";
  static final int DEFAULT_MAX_IDLE_CONNECTIONS = 4;
  static final int MAX_IDLE_CONNECTIONS = 1_000;
  static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
  static final int DEFAULT_MAX_MESSAGES_PER_CONNECTION = 100;
  static final int MAX_MESSAGES_PER_CONNECTION = 100_000;

  /** Validates every field; use {@link #builder()} to get the defaults. */
  public SmtpConfig {
    host = requireToken("host", host);
    if (port < 1 || port > 65_535) {
      throw invalid("port", "must be between 1 and 65535 (got " + port + ")");
    }
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
    username.ifPresent(value -> requireToken("username", value));
    if (username.isPresent() != password.isPresent()) {
      throw invalid("password", "username and password must be given together");
    }
    password.ifPresent(
        value -> {
          if (value.isEmpty()) {
            throw invalid("password", "must not be empty");
          }
        });
    fromAddress = requireAddress("fromAddress", fromAddress);
    fromName = requireSingleLine("fromName", fromName);
    Objects.requireNonNull(replyTo, "replyTo");
    replyTo = replyTo.map(address -> requireAddress("replyTo", address));
    require("tlsMode", tlsMode);
    requireTimeout("connectTimeout", connectTimeout);
    requireTimeout("readTimeout", readTimeout);
    requireTimeout("writeTimeout", writeTimeout);
    requireBetween("maxIdleConnections", maxIdleConnections, 0, MAX_IDLE_CONNECTIONS);
    requireTimeout("idleTimeout", idleTimeout);
    requireBetween(
        "maxMessagesPerConnection", maxMessagesPerConnection, 1, MAX_MESSAGES_PER_CONNECTION);
    webBaseUrl = requireBaseUrl(webBaseUrl);
    require("trustedHosts", trustedHosts);
    trustedHosts = Set.copyOf(new TreeSet<>(trustedHosts));
    trustedHosts.forEach(trusted -> requireToken("trustedHosts", trusted));
    messageIdDomain = requireDomain(messageIdDomain);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The sender's domain: the part of {@code fromAddress} after the {@code @}. */
  static String domainOf(String address) {
    return address.substring(address.lastIndexOf('@') + 1);
  }

  /** The password stays out of logs and exception messages. */
  @Override
  public String toString() {
    return "SmtpConfig[host="
        + host
        + ", port="
        + port
        + ", username="
        + username.orElse("(none)")
        + ", password="
        + (password.isPresent() ? "****" : "(none)")
        + ", fromAddress="
        + fromAddress
        + ", fromName="
        + fromName
        + ", replyTo="
        + replyTo.orElse("(none)")
        + ", tlsMode="
        + tlsMode
        + ", connectTimeout="
        + connectTimeout
        + ", readTimeout="
        + readTimeout
        + ", writeTimeout="
        + writeTimeout
        + ", maxIdleConnections="
        + maxIdleConnections
        + ", idleTimeout="
        + idleTimeout
        + ", maxMessagesPerConnection="
        + maxMessagesPerConnection
        + ", webBaseUrl="
        + webBaseUrl
        + ", trustedHosts="
        + trustedHosts
        + ", checkServerIdentity="
        + checkServerIdentity
        + ", messageIdDomain="
        + messageIdDomain
        + "]";
  }

  private static IllegalArgumentException invalid(String field, String problem) {
    return new IllegalArgumentException("SmtpConfig." + field + ": " + problem);
  }

  private static <T> T require(String field, T value) {
    if (value == null) {
      throw invalid(field, "must not be empty");
    }
    return value;
  }

  private static String requireToken(String field, String value) {
    if (value == null || value.isBlank()) {
      throw invalid(field, "must not be empty");
    }
    String stripped = value.strip();
    for (int i = 0; i < stripped.length(); i++) {
      char c = stripped.charAt(i);
      if (Character.isWhitespace(c) || Character.isISOControl(c)) {
        throw invalid(field, "must not contain white space or control characters");
      }
    }
    return stripped;
  }

  private static String requireSingleLine(String field, String value) {
    if (value == null || value.isBlank()) {
      throw invalid(field, "must not be empty");
    }
    String stripped = value.strip();
    if (stripped.chars().anyMatch(Character::isISOControl)) {
      throw invalid(field, "must not contain control characters");
    }
    return stripped;
  }

  private static String requireAddress(String field, String value) {
    String token = requireToken(field, value);
    try {
      InternetAddress address = new InternetAddress(token, true);
      if (address.isGroup() || address.getPersonal() != null || !token.contains("@")) {
        throw invalid(field, "must be a plain address such as helpdesk@example.com");
      }
      return address.getAddress();
    } catch (AddressException e) {
      throw invalid(field, "is not an email address: " + e.getMessage());
    }
  }

  private static void requireTimeout(String field, Duration timeout) {
    if (timeout == null) {
      throw invalid(field, "must not be empty");
    }
    if (timeout.toMillis() < 1 || timeout.compareTo(MAX_TIMEOUT) > 0) {
      throw invalid(field, "must be between 1 ms and " + MAX_TIMEOUT + " (got " + timeout + ")");
    }
  }

  private static void requireBetween(String field, int value, int min, int max) {
    if (value < min || value > max) {
      throw invalid(field, "must be between " + min + " and " + max + " (got " + value + ")");
    }
  }

  private static URI requireBaseUrl(URI url) {
    if (url == null) {
      throw invalid("webBaseUrl", "must not be empty");
    }
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw invalid("webBaseUrl", "must be an absolute http or https URL (got " + url + ")");
    }
    if (url.getHost() == null || url.getQuery() != null || url.getFragment() != null) {
      throw invalid("webBaseUrl", "must have a host and no query or fragment (got " + url + ")");
    }
    String text = url.toString();
    while (text.endsWith("/")) {
      text = text.substring(0, text.length() - 1);
    }
    try {
      return new URI(text);
    } catch (URISyntaxException e) {
      throw invalid("webBaseUrl", e.getMessage());
    }
  }

  private static String requireDomain(String domain) {
    String token = requireToken("messageIdDomain", domain).toLowerCase(Locale.ROOT);
    if (!token.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*")) {
      throw invalid("messageIdDomain", "must be a domain name such as example.com");
    }
    return token;
  }

  /** Collects the settings; {@link #build()} fills in defaults and validates. */
  public static final class Builder {
    private String host;
    private Integer port;
    private String username;
    private String password;
    private String fromAddress;
    private String fromName = DEFAULT_FROM_NAME;
    private String replyTo;
    private TlsMode tlsMode = TlsMode.STARTTLS_REQUIRED;
    private Duration connectTimeout = DEFAULT_TIMEOUT;
    private Duration readTimeout = DEFAULT_TIMEOUT;
    private Duration writeTimeout = DEFAULT_TIMEOUT;
    private int maxIdleConnections = DEFAULT_MAX_IDLE_CONNECTIONS;
    private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
    private int maxMessagesPerConnection = DEFAULT_MAX_MESSAGES_PER_CONNECTION;
    private URI webBaseUrl;
    private Set<String> trustedHosts = Set.of();
    private boolean checkServerIdentity = true;
    private String messageIdDomain;

    private Builder() {}

    /** The SMTP server (required). */
    public Builder host(String host) {
      this.host = host;
      return this;
    }

    /** The port (default: 25, 587 or 465 by {@link #tlsMode}). */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** Log in with these credentials (default: no authentication). */
    public Builder credentials(String username, String password) {
      this.username = username;
      this.password = password;
      return this;
    }

    /** The sender address (required). */
    public Builder fromAddress(String fromAddress) {
      this.fromAddress = fromAddress;
      return this;
    }

    /** The sender's display name (default {@code Helpdesk}). */
    public Builder fromName(String fromName) {
      this.fromName = fromName;
      return this;
    }

    /** A Reply-To address (default: none). */
    public Builder replyTo(String replyTo) {
      this.replyTo = replyTo;
      return this;
    }

    /** How the connection is protected (default {@link TlsMode#STARTTLS_REQUIRED}). */
    public Builder tlsMode(TlsMode tlsMode) {
      this.tlsMode = tlsMode;
      return this;
    }

    /** Sets connect, read and write timeouts at once (default 10 s each). */
    public Builder timeouts(Duration timeout) {
      this.connectTimeout = timeout;
      this.readTimeout = timeout;
      this.writeTimeout = timeout;
      return this;
    }

    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
      return this;
    }

    public Builder readTimeout(Duration readTimeout) {
      this.readTimeout = readTimeout;
      return this;
    }

    public Builder writeTimeout(Duration writeTimeout) {
      this.writeTimeout = writeTimeout;
      return this;
    }

    /**
     * How many connected SMTP sessions may wait for the next mail (default 4, at most 1000). 0
     * opens and closes one connection per mail.
     */
    public Builder maxIdleConnections(int maxIdleConnections) {
      this.maxIdleConnections = maxIdleConnections;
      return this;
    }

    /** How long a connection may wait unused and still be reused (default 30 s). */
    public Builder idleTimeout(Duration idleTimeout) {
      this.idleTimeout = idleTimeout;
      return this;
    }

    /** How many mails one connection carries before it is closed (default 100). */
    public Builder maxMessagesPerConnection(int maxMessagesPerConnection) {
      this.maxMessagesPerConnection = maxMessagesPerConnection;
      return this;
    }

    /** The web UI's base URL, for links to tickets (required). */
    public Builder webBaseUrl(String webBaseUrl) {
      try {
        this.webBaseUrl = webBaseUrl == null ? null : new URI(webBaseUrl.strip());
      } catch (URISyntaxException e) {
        throw invalid("webBaseUrl", "is not a URL: " + e.getMessage());
      }
      return this;
    }

    public Builder webBaseUrl(URI webBaseUrl) {
      this.webBaseUrl = webBaseUrl;
      return this;
    }

    /**
     * Trust these hosts' certificates without validation (default: none). Meant for test servers;
     * {@code "*"} trusts every host.
     */
    public Builder trustedHosts(Set<String> trustedHosts) {
      this.trustedHosts = trustedHosts;
      return this;
    }

    /** Whether the certificate must match the host name (default true). */
    public Builder checkServerIdentity(boolean checkServerIdentity) {
      this.checkServerIdentity = checkServerIdentity;
      return this;
    }

    /** The domain of generated Message-IDs (default: the sender's domain). */
    public Builder messageIdDomain(String messageIdDomain) {
      this.messageIdDomain = messageIdDomain;
      return this;
    }

    public SmtpConfig build() {
      TlsMode mode = require("tlsMode", tlsMode);
      String from = requireAddress("fromAddress", fromAddress);
      return new SmtpConfig(
          host,
          port == null ? mode.defaultPort() : port,
          Optional.ofNullable(username),
          Optional.ofNullable(password),
          from,
          fromName,
          Optional.ofNullable(replyTo),
          mode,
          connectTimeout,
          readTimeout,
          writeTimeout,
          maxIdleConnections,
          idleTimeout,
          maxMessagesPerConnection,
          webBaseUrl,
          trustedHosts == null ? Set.of() : trustedHosts,
          checkServerIdentity,
          messageIdDomain == null ? domainOf(from) : messageIdDomain);
    }
  }
}
