package io.helpdesk.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The machine a run measured: CPU, cores, memory, OS, JDK, PostgreSQL. */
final class Machine {
  private Machine() {}

  static Map<String, Object> describe(String postgresVersion) {
    Map<String, Object> machine = new LinkedHashMap<>();
    machine.put("cpu", cpuModel().orElse(System.getProperty("os.arch")));
    machine.put("cores", Runtime.getRuntime().availableProcessors());
    machine.put("memory_mb", memoryMb().orElse(null));
    machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    machine.put(
        "jdk",
        System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    machine.put("postgresql", postgresVersion);
    machine.put("load_average_at_start", loadAverage().orElse(null));
    return machine;
  }

  private static Optional<String> cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(line -> line.startsWith("model name"))
          .map(line -> line.substring(line.indexOf(':') + 1).trim())
          .findFirst();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static Optional<Long> memoryMb() {
    try {
      return Files.readAllLines(Path.of("/proc/meminfo")).stream()
          .filter(line -> line.startsWith("MemTotal:"))
          .map(line -> Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024)
          .findFirst();
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  static Optional<String> loadAverage() {
    try {
      return Optional.of(Files.readString(Path.of("/proc/loadavg")).trim());
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
