package io.helpdesk.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a window's CPU went: the whole machine's busy time (Linux {@code /proc/stat}: everything
 * but idle and I/O wait, all cores) and this JVM's (server, engine and load generator together).
 * The rest is PostgreSQL, pgbench and the kernel. Divided by the work done, it says what one ticket
 * costs, and so what rate the machine's cores allow. Reports nothing where {@code /proc/stat} is
 * missing.
 */
final class CpuMeter {
  /** USER_HZ: the unit of {@code /proc/stat} (100 on every Linux this runs on). */
  private static final double TICKS_PER_SECOND = 100.0;

  private final long startWall = System.nanoTime();
  private final long startJvm = jvmCpuNanos();
  private final long startBusy = machineBusyTicks();

  /** Seconds of CPU all cores spent busy since this meter started; NaN when unknown. */
  double machineSeconds() {
    long busyTicks = machineBusyTicks();
    return startBusy < 0 || busyTicks < 0 ? Double.NaN : (busyTicks - startBusy) / TICKS_PER_SECOND;
  }

  /** The window's CPU per unit of work done in it, and the machine's busy share. */
  Map<String, Object> per(long units, String unit) {
    double wallSeconds = (System.nanoTime() - startWall) / 1e9;
    double jvmSeconds = (jvmCpuNanos() - startJvm) / 1e9;
    double machineSeconds = machineSeconds();
    Map<String, Object> result = new LinkedHashMap<>();
    if (Double.isNaN(machineSeconds) || units <= 0 || wallSeconds <= 0) {
      return result;
    }
    int cores = Runtime.getRuntime().availableProcessors();
    result.put("machine_busy_share", Stats.round(machineSeconds / (wallSeconds * cores)));
    result.put("machine_cpu_ms_per_" + unit, Stats.round(machineSeconds * 1000 / units));
    result.put("jvm_cpu_ms_per_" + unit, Stats.round(jvmSeconds * 1000 / units));
    result.put(
        "other_cpu_ms_per_" + unit,
        Stats.round(Math.max(0, machineSeconds - jvmSeconds) * 1000 / units));
    result.put(
        "max_" + unit + "s_per_s_on_all_cores",
        Stats.round(cores * units / Math.max(machineSeconds, 1e-9)));
    return result;
  }

  private static long jvmCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return 0;
  }

  /** Ticks all cores spent neither idle nor waiting for I/O; -1 when unknown. */
  private static long machineBusyTicks() {
    try {
      String line = Files.readAllLines(Path.of("/proc/stat")).get(0);
      String[] fields = line.trim().split("\\s+");
      long total = 0;
      for (int i = 1; i < fields.length && i <= 8; i++) {
        total += Long.parseLong(fields[i]);
      }
      long idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]);
      return total - idle;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
