package io.helpdesk.benchmarks;

import java.time.LocalTime;
import java.time.temporal.ChronoUnit;

/** Progress on stderr, one timestamped line each. */
final class Log {
  private Log() {}

  static void info(String format, Object... args) {
    System.err.println(
        "[bench "
            + LocalTime.now().truncatedTo(ChronoUnit.SECONDS)
            + "] "
            + format.formatted(args));
    System.err.flush();
  }
}
