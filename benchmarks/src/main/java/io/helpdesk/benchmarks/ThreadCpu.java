package io.helpdesk.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * CPU time of this JVM's threads over a window, summed by role (thread name), user and system time
 * together ({@link ThreadMXBean#getThreadCpuTime}, which includes the kernel's work in the threads'
 * system calls). Threads that end during the window are missed; threads that start are counted from
 * zero. Reports nothing where the JVM cannot measure thread CPU time.
 */
final class ThreadCpu {
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final Map<Long, Long> start;

  ThreadCpu() {
    start = threads.isThreadCpuTimeSupported() ? snapshot() : Map.of();
  }

  /**
   * Seconds of CPU per role since this was created; a thread counts in the first role it matches,
   * {@code other} takes the rest.
   */
  Map<String, Double> secondsByRole(Map<String, Predicate<String>> roles) {
    Map<String, Double> seconds = new LinkedHashMap<>();
    if (!threads.isThreadCpuTimeSupported()) {
      return seconds;
    }
    roles.keySet().forEach(role -> seconds.put(role, 0.0));
    seconds.put("other", 0.0);
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info == null) {
        continue;
      }
      long now = threads.getThreadCpuTime(info.getThreadId());
      if (now < 0) {
        continue;
      }
      double used = (now - start.getOrDefault(info.getThreadId(), 0L)) / 1e9;
      String role =
          roles.entrySet().stream()
              .filter(entry -> entry.getValue().test(info.getThreadName()))
              .map(Map.Entry::getKey)
              .findFirst()
              .orElse("other");
      seconds.merge(role, used, Double::sum);
    }
    return seconds;
  }

  private Map<Long, Long> snapshot() {
    Map<Long, Long> cpu = new HashMap<>();
    for (long id : threads.getAllThreadIds()) {
      long nanos = threads.getThreadCpuTime(id);
      if (nanos >= 0) {
        cpu.put(id, nanos);
      }
    }
    return cpu;
  }
}
