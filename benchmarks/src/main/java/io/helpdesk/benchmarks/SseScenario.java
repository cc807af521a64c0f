package io.helpdesk.benchmarks;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scenario 5: live updates fan-out. N subscribers hold {@code GET /api/v1/events} open on the real
 * server while tickets are created at a steady rate; latency is the time a subscriber receives an
 * event naming a ticket minus the time that ticket's POST was sent (an upper bound of commit to
 * delivery). Heap used after a full GC is read before the subscribers connect and after the run.
 * Reports "not available" when the server has no such endpoint.
 */
final class SseScenario {
  private static final Pattern CREATED_TICKET = Pattern.compile("\"ticketId\":\"([0-9a-f-]{36})\"");
  private static final Pattern UUID_TEXT =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

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
              events(server).timeout(Duration.ofSeconds(10)).build(),
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
      return measure(server, figures, details);
    }
  }

  private static HttpRequest.Builder events(BenchServer server) {
    return HttpRequest.newBuilder(URI.create(server.base() + "/api/v1/events"))
        .header("Authorization", "Bearer " + server.adminToken)
        .header("Accept", "text/event-stream");
  }

  private Map<String, Object> measure(
      BenchServer server, Map<String, Object> figures, Map<String, Object> details)
      throws Exception {
    {
      long heapBefore = heapAfterGc();
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      Map<String, Long> sentAt = new ConcurrentHashMap<>();
      // Per subscriber: when the CREATED event of each ticket arrived. Matched with the POST's send
      // time after the run: the event is published at commit, so it may arrive before the POST's
      // response has told the generator the ticket's id.
      List<Map<String, Long>> createdArrivals = new ArrayList<>();
      AtomicInteger connected = new AtomicInteger();
      List<Flow.Subscription> subscriptions = new ArrayList<>();
      List<CompletableFuture<?>> streams = new ArrayList<>();
      int subscribers = settings.sseSubscribers();
      Log.info("sse: connecting %,d subscribers", subscribers);
      for (int i = 0; i < subscribers; i++) {
        Flow.Subscriber<String> lines =
            new Flow.Subscriber<>() {
              private final Map<String, Long> arrivals = new ConcurrentHashMap<>();

              {
                synchronized (createdArrivals) {
                  createdArrivals.add(arrivals);
                }
              }

              @Override
              public void onSubscribe(Flow.Subscription subscription) {
                synchronized (subscriptions) {
                  subscriptions.add(subscription);
                }
                connected.incrementAndGet();
                subscription.request(Long.MAX_VALUE);
              }

              @Override
              public void onNext(String line) {
                long now = System.nanoTime();
                if (!line.startsWith("data:") || !line.contains("\"type\":\"CREATED\"")) {
                  return;
                }
                Matcher ticketId = CREATED_TICKET.matcher(line);
                if (ticketId.find()) {
                  arrivals.putIfAbsent(ticketId.group(1), now);
                }
              }

              @Override
              public void onError(Throwable throwable) {}

              @Override
              public void onComplete() {}
            };
        streams.add(
            http.sendAsync(
                events(server).build(), HttpResponse.BodyHandlers.fromLineSubscriber(lines)));
      }
      long connectDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (connected.get() < subscribers && System.nanoTime() < connectDeadline) {
        Thread.sleep(50);
      }
      Log.info("sse: %,d subscribers connected; creating tickets", connected.get());
      HttpClient poster = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      int perSecond = 10;
      long total = settings.sseWindow().toSeconds() * perSecond;
      long start = System.nanoTime();
      for (int i = 0; i < total; i++) {
        long wait = start + i * (1_000_000_000L / perSecond) - System.nanoTime();
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
        Matcher id = UUID_TEXT.matcher(created.body());
        if (created.statusCode() == 201 && id.find()) {
          sentAt.put(id.group(), sent);
        }
      }
      Thread.sleep(3_000);
      long heapAfter = heapAfterGc();
      synchronized (subscriptions) {
        subscriptions.forEach(Flow.Subscription::cancel);
      }
      streams.forEach(stream -> stream.cancel(true));
      List<Long> latencies = new ArrayList<>();
      synchronized (createdArrivals) {
        for (Map<String, Long> arrivals : createdArrivals) {
          arrivals.forEach(
              (ticket, arrived) -> {
                Long sent = sentAt.get(ticket);
                if (sent != null) {
                  latencies.add(arrived - sent);
                }
              });
        }
      }
      long[] all = latencies.stream().mapToLong(Long::longValue).toArray();
      details.put("subscribers", subscribers);
      details.put("connected", connected.get());
      details.put("tickets_created", sentAt.size());
      details.put("deliveries", all.length);
      details.put("deliveries_expected", (long) sentAt.size() * connected.get());
      details.put("heap_mb_before", heapBefore / (1024 * 1024));
      details.put("heap_mb_after", heapAfter / (1024 * 1024));
      details.put("heap_note", "one JVM holds server and clients: an upper bound of the server's");
      if (all.length > 0) {
        details.put("p50_ms", Stats.round(Stats.percentileMillis(all, 50)));
        details.put("p99_ms", Stats.round(Stats.percentileMillis(all, 99)));
        figures.put("sse_p99_ms", details.get("p99_ms"));
      } else {
        figures.put("sse_p99_ms", null);
      }
      Log.info("sse: %s", details);
    }
    return details;
  }

  private static long heapAfterGc() throws InterruptedException {
    System.gc();
    Thread.sleep(200);
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
