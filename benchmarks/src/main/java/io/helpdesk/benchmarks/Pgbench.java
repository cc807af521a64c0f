package io.helpdesk.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

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
    return tps(execute(databases, scenario, script, clients, window, List.of()));
  }

  /**
   * Latency of the script's transactions started on an open-loop schedule of {@code perSecond}
   * (pgbench {@code --rate}: Poisson arrivals) by up to {@code clients} clients: per transaction,
   * its time plus its schedule lag (how late it started because the clients were busy), so that
   * queueing counts as in the API's open loop. p50, p99 and max in ms, from pgbench's
   * per-transaction log.
   */
  static Map<String, Object> latencyAtRate(
      Databases databases,
      String scenario,
      Path script,
      int clients,
      double perSecond,
      Duration window)
      throws IOException, InterruptedException {
    Path logs = Files.createTempDirectory("hdbench-pgbench-log");
    try {
      String output =
          execute(
              databases,
              scenario,
              script,
              clients,
              window,
              List.of(
                  "--rate",
                  String.format(Locale.ROOT, "%.1f", perSecond),
                  "--log",
                  "--log-prefix",
                  logs.resolve("tx").toString()));
      List<Long> micros = new ArrayList<>();
      try (Stream<Path> files = Files.list(logs)) {
        for (Path file : files.toList()) {
          for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            // client_id transaction_no time script_no time_epoch time_us schedule_lag
            String[] fields = line.trim().split("\\s+");
            if (fields.length >= 7) {
              micros.add(Long.parseLong(fields[2]) + Long.parseLong(fields[6]));
            }
          }
        }
      }
      long[] nanos = micros.stream().mapToLong(us -> us * 1_000).toArray();
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("target_per_s", Stats.round(perSecond));
      result.put("clients", clients);
      result.put("transactions", nanos.length);
      result.put("transactions_per_s", Stats.round(tps(output)));
      result.put(
          "p50_ms", nanos.length == 0 ? null : Stats.round(Stats.percentileMillis(nanos, 50)));
      result.put(
          "p99_ms", nanos.length == 0 ? null : Stats.round(Stats.percentileMillis(nanos, 99)));
      result.put(
          "max_ms", nanos.length == 0 ? null : Stats.round(Stats.percentileMillis(nanos, 100)));
      return result;
    } finally {
      try (Stream<Path> files = Files.list(logs)) {
        for (Path file : files.toList()) {
          Files.deleteIfExists(file);
        }
      }
      Files.deleteIfExists(logs);
    }
  }

  private static String execute(
      Databases databases,
      String scenario,
      Path script,
      int clients,
      Duration window,
      List<String> extra)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(System.getenv().getOrDefault("PGBENCH", "/usr/bin/pgbench"));
    command.addAll(extra);
    command.addAll(
        List.of(
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
            databases.name(scenario)));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(window.toSeconds() + 60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("pgbench did not stop");
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException("pgbench failed: " + output);
    }
    return output;
  }

  private static double tps(String output) {
    Matcher tps = TPS.matcher(output);
    if (!tps.find()) {
      throw new IllegalStateException("pgbench reported no rate: " + output);
    }
    return Double.parseDouble(tps.group(1));
  }
}
