package io.helpdesk.reliability;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polling with a bound. */
final class Waits {
  private Waits() {}

  /** Polls until true; false if the timeout passed first. */
  static boolean until(Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      sleep(250);
    }
    return condition.getAsBoolean();
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
