package io.helpdesk.reliability;

import io.dropwizard.testing.DropwizardTestSupport;
import io.helpdesk.app.HelpdeskApplication;
import io.helpdesk.app.HelpdeskConfiguration;
import io.helpdesk.core.HelpdeskEngine;
import java.nio.file.Path;

/** The real application in this JVM, from a YAML file (ports 0: random). */
final class InProcessServer implements AutoCloseable {
  private final DropwizardTestSupport<HelpdeskConfiguration> support;

  InProcessServer(Path config) {
    support = new DropwizardTestSupport<>(HelpdeskApplication.class, config.toString());
    try {
      support.before();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  int port() {
    return support.getLocalPort();
  }

  /** The engine this server runs. */
  HelpdeskEngine engine() {
    return ((HelpdeskApplication) support.getApplication()).engine().orElseThrow();
  }

  @Override
  public void close() {
    support.after();
  }
}
