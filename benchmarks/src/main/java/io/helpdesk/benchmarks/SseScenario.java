package io.helpdesk.benchmarks;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scenario 5: live updates fan-out. N subscribers hold {@code GET /api/v1/events} open on the real
 * server (a node with workers: every ticket also brings its ANALYSED, ASSIGNED and NOTIFIED events)
 * while tickets are created at a steady rate; latency is the time a subscriber receives the {@code
 * CREATED} event of a ticket minus the time that ticket's POST was sent (an upper bound of commit
 * to delivery). All subscribers are admins, who see every event: the most frames a node can have to
 * write. Heap used after a full GC is read before the subscribers connect and after the run.
 *
 * <p>The same window runs first with {@value #BASELINE_SUBSCRIBERS} subscribers: the difference in
 * machine CPU between the two, divided by the difference in frames written, is what one frame to
 * one subscriber costs, split by thread role (the benchmark's own subscribers and poster, the
 * server's event writers, publisher, Jetty and engine workers) and the rest of the machine. Reports
 * "not available" when the server has no such endpoint.
 */
final class SseScenario {
  static final int BASELINE_SUBSCRIBERS = 10;
  private static final int TICKETS_PER_SECOND = 10;
  private static final Pattern UUID_TEXT =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  /** The threads of this JVM by role, for {@link ThreadCpu}. */
  private static final Map<String, Predicate<String>> THREAD_ROLES = new LinkedHashMap<>();

  static {
    THREAD_ROLES.put("benchmark_subscribers", name -> name.equals("bench-sse-clients"));
    THREAD_ROLES.put("benchmark_poster", name -> name.startsWith("HttpClient-"));
    THREAD_ROLES.put("server_event_writers", name -> name.startsWith("helpdesk-events-writer-"));
    THREAD_ROLES.put("server_event_publisher", name -> name.matches("helpdesk-events-\\d+"));
    THREAD_ROLES.put("server_jetty", name -> name.startsWith("dw-"));
    THREAD_ROLES.put("server_engine_workers", name -> name.startsWith("helpdesk-worker-"));
  }

  private final Databases databases;
  private final Settings settings;

  SseScenario(Databases databases, Settings settings) {
    this.databases = databases;
    this.settings = settings;
  }

  Map<String, Object> run(Map<String, Object> figures) throws Exception {
    Map<String, Object> details = new LinkedHashMap<>();
    try (BenchServer server = new BenchServer(databases, "sse")) {
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      // headers only: an event stream never ends, so the body is closed unread
      HttpResponse<java.io.InputStream> probe =
          http.send(
              HttpRequest.newBuilder(URI.create(server.base() + "/api/v1/events"))
                  .header("Authorization", "Bearer " + server.adminToken)
                  .header("Accept", "text/event-stream")
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofInputStream());
      probe.body().close();
      if (probe.statusCode() != 200) {
        Log.info("sse: GET /api/v1/events answers %d: not available", probe.statusCode());
        details.put(
            "status",
            "not available: GET /api/v1/events answers " + probe.statusCode() + " in this build");
        figures.put("sse_p99_ms", null);
        return details;
      }
      int subscribers = Integer.getInteger("bench.sseSubscribers", settings.sseSubscribers());
      long heapBefore = heapAfterGc();
      Map<String, Object> baseline = pass(server, BASELINE_SUBSCRIBERS);
      Map<String, Object> full = pass(server, subscribers);
      long heapAfter = heapAfterGc();
      details.putAll(full);
      details.put("heap_mb_before", heapBefore / (1024 * 1024));
      details.put("heap_mb_after", heapAfter / (1024 * 1024));
      details.put("heap_note", "one JVM holds server and clients: an upper bound of the server's");
      details.put(
          "clients",
          "one selector thread over non-blocking sockets, chunked HTTP read by hand (SseClients)");
      details.put("baseline_" + BASELINE_SUBSCRIBERS + "_subscribers", baseline);
      long frames = (long) full.get("frames_written") - (long) baseline.get("frames_written");
      double cpuSeconds =
          (double) full.get("machine_cpu_s") - (double) baseline.get("machine_cpu_s");
      // With few subscribers the difference drowns in noise (the first pass also warms the JIT).
      if (frames > 0 && cpuSeconds > 0) {
        details.put("machine_cpu_us_per_frame", Stats.round(cpuSeconds * 1e6 / frames));
        details.put(
            "frames_per_s_on_all_cores",
            Stats.round(Runtime.getRuntime().availableProcessors() * frames / cpuSeconds));
      } else {
        details.put("machine_cpu_us_per_frame", null);
      }
      details.put("cpu_us_per_frame_by_thread", perFrameByThread(full));
      figures.put("sse_p99_ms", full.get("p99_ms"));
      Log.info("sse: %s", details);
    }
    return details;
  }

  /**
   * The full pass's CPU by thread role and outside this JVM (PostgreSQL, the kernel's work outside
   * these threads), per frame written. The writers and the subscribers' reader do nothing but
   * frames; the other roles are there for their share (their work does not grow with the frames).
   * Differences against the baseline pass would isolate the frames' cost, but drown in the
   * baseline's JIT warm-up.
   */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> perFrameByThread(Map<String, Object> pass) {
    Map<String, Object> byThread = (Map<String, Object>) pass.get("jvm_cpu_s_by_thread");
    long frames = Math.max(1, (long) pass.get("frames_written"));
    Map<String, Object> perFrame = new LinkedHashMap<>();
    double jvm = 0;
    for (var role : byThread.entrySet()) {
      double seconds = (double) role.getValue();
      jvm += seconds;
      perFrame.put(role.getKey(), Stats.round(seconds * 1e6 / frames));
    }
    double machine = (double) pass.get("machine_cpu_s");
    perFrame.put("outside_this_jvm", Stats.round(Math.max(0, machine - jvm) * 1e6 / frames));
    return perFrame;
  }

  /**
   * The latency split per ticket, over the window's tickets: the POST's round trip (the commit and
   * the event's numbering, ahead of any delivery), the first subscriber's delivery (commit to
   * publication and one frame), and the spread from the first subscriber's delivery to the last
   * (the fan-out to every subscriber). A delivery's latency is about the first plus its place in
   * the spread.
   */
  private static Map<String, Object> perTicket(
      Map<String, Long> sentAt, Map<String, long[]> firstAndLast, List<Long> postNanos) {
    long[] post = postNanos.stream().mapToLong(Long::longValue).toArray();
    long[] first =
        firstAndLast.entrySet().stream()
            .mapToLong(entry -> entry.getValue()[0] - sentAt.get(entry.getKey()))
            .toArray();
    long[] spread = firstAndLast.values().stream().mapToLong(span -> span[1] - span[0]).toArray();
    Map<String, Object> split = new LinkedHashMap<>();
    split.put("tickets", first.length);
    split.put("post_round_trip", percentiles(post));
    split.put("first_delivery", percentiles(first));
    split.put("first_to_last_delivery", percentiles(spread));
    return split;
  }

  private static Map<String, Object> percentiles(long[] nanos) {
    Map<String, Object> result = new LinkedHashMap<>();
    if (nanos.length > 0) {
      result.put("p50_ms", Stats.round(Stats.percentileMillis(nanos, 50)));
      result.put("p99_ms", Stats.round(Stats.percentileMillis(nanos, 99)));
      result.put("max_ms", Stats.round(Stats.percentileMillis(nanos, 100)));
    }
    return result;
  }

  /** One window of tickets at a steady rate with {@code subscribers} admin streams open. */
  private Map<String, Object> pass(BenchServer server, int subscribers) throws Exception {
    Map<String, Object> result = new LinkedHashMap<>();
    Map<String, Long> sentAt = new ConcurrentHashMap<>();
    List<Long> postNanos = new ArrayList<>();
    Log.info("sse: connecting %,d subscribers", subscribers);
    var framesMeter = server.metrics().meter("helpdesk.events.sent");
    try (SseClients clients =
        new SseClients(
            server.port(), Collections.nCopies(subscribers, "Bearer " + server.adminToken))) {
      long connectDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (clients.live() + clients.refused() < subscribers
          && System.nanoTime() < connectDeadline) {
        Thread.sleep(50);
      }
      int connected = clients.live();
      Log.info("sse: %,d subscribers connected; creating tickets", connected);
      HttpClient poster = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      long total = settings.sseWindow().toSeconds() * TICKETS_PER_SECOND;
      long framesBefore = framesMeter.getCount();
      CpuMeter cpu = new CpuMeter();
      ThreadCpu threadCpu = new ThreadCpu();
      long start = System.nanoTime();
      for (int i = 0; i < total; i++) {
        long wait = start + i * (1_000_000_000L / TICKETS_PER_SECOND) - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
        long sent = System.nanoTime();
        HttpResponse<String> created =
            poster.send(
                HttpRequest.newBuilder(URI.create(server.base() + "/api/v1/tickets"))
                    .header("Authorization", "Bearer " + server.requesterToken)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(TicketTexts.json(i)))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        long answered = System.nanoTime();
        Matcher id = UUID_TEXT.matcher(created.body());
        if (created.statusCode() == 201 && id.find()) {
          sentAt.put(id.group(), sent);
          postNanos.add(answered - sent);
        }
      }
      // The pipeline's last events and their frames.
      Thread.sleep(3_000);
      long frames = framesMeter.getCount() - framesBefore;
      double machineSeconds = cpu.machineSeconds();
      Map<String, Double> byThread = threadCpu.secondsByRole(THREAD_ROLES);
      Object busy = cpu.per(Math.max(1, frames), "frame").get("machine_busy_share");
      // Per subscriber: when the CREATED event of each ticket arrived, matched with the POST's send
      // time after the run (the event is published at commit, so it may arrive before the POST's
      // response has told the generator the ticket's id).
      List<Long> latencies = new ArrayList<>();
      Map<String, long[]> firstAndLast = new HashMap<>();
      for (Map<String, Long> arrivals : clients.arrivals()) {
        arrivals.forEach(
            (ticket, arrived) -> {
              Long sent = sentAt.get(ticket);
              if (sent != null) {
                latencies.add(arrived - sent);
                long[] span =
                    firstAndLast.computeIfAbsent(
                        ticket, t -> new long[] {Long.MAX_VALUE, Long.MIN_VALUE});
                span[0] = Math.min(span[0], arrived);
                span[1] = Math.max(span[1], arrived);
              }
            });
      }
      long[] all = latencies.stream().mapToLong(Long::longValue).toArray();
      result.put("subscribers", subscribers);
      result.put("connected", connected);
      result.put("tickets_created", sentAt.size());
      result.put("tickets_per_s", TICKETS_PER_SECOND);
      result.put("deliveries", all.length);
      result.put("deliveries_expected", (long) sentAt.size() * connected);
      result.put("frames_written", frames);
      result.put("machine_busy_share", busy);
      result.put("machine_cpu_s", Double.isNaN(machineSeconds) ? 0.0 : Stats.round(machineSeconds));
      Map<String, Object> jvmByThread = new LinkedHashMap<>();
      byThread.forEach((role, seconds) -> jvmByThread.put(role, Stats.round(seconds)));
      result.put("jvm_cpu_s_by_thread", jvmByThread);
      result.put("p50_ms", all.length == 0 ? null : Stats.round(Stats.percentileMillis(all, 50)));
      result.put("p99_ms", all.length == 0 ? null : Stats.round(Stats.percentileMillis(all, 99)));
      result.put("per_ticket", perTicket(sentAt, firstAndLast, postNanos));
      Log.info(
          "sse: %,d subscribers: p50 %s ms, p99 %s ms, %,d frames, machine busy %s",
          subscribers, result.get("p50_ms"), result.get("p99_ms"), frames, busy);
    }
    // Let the server notice the closed streams before the next pass.
    Thread.sleep(1_000);
    return result;
  }

  private static long heapAfterGc() throws InterruptedException {
    System.gc();
    Thread.sleep(200);
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
