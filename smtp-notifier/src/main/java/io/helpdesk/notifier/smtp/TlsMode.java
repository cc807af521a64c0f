package io.helpdesk.notifier.smtp;

/** How the connection to the SMTP server is protected. */
public enum TlsMode {
  /** Plain SMTP, no TLS at all. Only for a relay on localhost or a test server. */
  NONE(25),
  /**
   * Plain connection upgraded with STARTTLS before anything else is said; a server that does not
   * offer STARTTLS is refused, so credentials and mail never travel in clear text.
   */
  STARTTLS_REQUIRED(587),
  /** TLS from the first byte ("SMTPS", RFC 8314 implicit TLS). */
  IMPLICIT_TLS(465);

  private final int defaultPort;

  TlsMode(int defaultPort) {
    this.defaultPort = defaultPort;
  }

  /** The usual port for this mode: 25, 587 or 465. */
  public int defaultPort() {
    return defaultPort;
  }
}
