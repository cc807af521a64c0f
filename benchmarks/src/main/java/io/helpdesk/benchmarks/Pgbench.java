package io.helpdesk.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs PostgreSQL's {@code pgbench} with a custom script against one scenario's database. */
final class Pgbench {
  private static final Pattern TPS =
      Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");

  private Pgbench() {}

  /**
   * Transactions per second of {@code clients} pgbench clients running the script (prepared
   * statements) for the window; fails on a pgbench error.
   */
  static double run(Databases databases, String scenario, Path script, int clients, Duration window)
      throws IOException, InterruptedException {
    List<String> command =
        List.of(
            System.getenv().getOrDefault("PGBENCH", "/usr/bin/pgbench"),
            "-h",
            databases.host(),
            "-p",
            Integer.toString(databases.port()),
            "-U",
            databases.user(),
            "-n",
            "-M",
            "prepared",
            "-f",
            script.toString(),
            "-c",
            Integer.toString(clients),
            "-j",
            Integer.toString(Math.min(clients, 4)),
            "-T",
            Long.toString(Math.max(1, window.toSeconds())),
            databases.name(scenario));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(window.toSeconds() + 60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("pgbench did not stop");
    }
    Matcher tps = TPS.matcher(output);
    if (process.exitValue() != 0 || !tps.find()) {
      throw new IllegalStateException("pgbench failed: " + output);
    }
    return Double.parseDouble(tps.group(1));
  }
}
