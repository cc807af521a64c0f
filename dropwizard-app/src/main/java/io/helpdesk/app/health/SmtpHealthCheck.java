package io.helpdesk.app.health;

import com.codahale.metrics.health.HealthCheck;
import io.helpdesk.notifier.smtp.SmtpHealth;
import io.helpdesk.notifier.smtp.SmtpNotifier;
import java.util.Optional;

/** The SMTP server accepts a connection (and the credentials); the dev mailbox always works. */
public final class SmtpHealthCheck extends HealthCheck {
  private final Optional<SmtpNotifier> smtp;

  public SmtpHealthCheck(Optional<SmtpNotifier> smtp) {
    this.smtp = smtp;
  }

  @Override
  protected Result check() {
    if (smtp.isEmpty()) {
      return Result.healthy("dev mailbox (no SMTP configured)");
    }
    SmtpHealth health = smtp.get().checkHealth();
    String message = health.status() + ": " + health.detail();
    return health.healthy() ? Result.healthy(message) : Result.unhealthy(message);
  }
}
