package io.helpdesk.notifier.smtp;

import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;

/** The tests' GreenMail server setups: dynamic ports and a startup timeout for busy machines. */
final class MailServers {
  /**
   * How long GreenMail may take to open its port. Its default (2 s) is too short on a busy two-core
   * machine, where a test then fails before it has tried anything.
   */
  private static final long STARTUP_MS = 30_000;

  private MailServers() {}

  /** Plain SMTP on a free port. */
  static ServerSetup smtp() {
    return patient(ServerSetupTest.SMTP.dynamicPort());
  }

  /** SMTP over implicit TLS on a free port. */
  static ServerSetup smtps() {
    return patient(ServerSetupTest.SMTPS.dynamicPort());
  }

  private static ServerSetup patient(ServerSetup setup) {
    setup.setServerStartupTimeout(STARTUP_MS);
    return setup;
  }
}
