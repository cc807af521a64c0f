package io.helpdesk.reliability;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.function.IntSupplier;

/**
 * Files tickets through the API like a well-behaved client under faults: every ticket has its own
 * {@code Idempotency-Key} and a unique title; a request that fails (server away, 5xx, key still in
 * progress) is retried later with the same key and body, so a ticket is never filed twice by the
 * client. Counts what it saw.
 */
final class TicketFiler {
  private final IntSupplier port;
  private final String token;
  private final String runId;
  private final ConcurrentLinkedQueue<Integer> pending = new ConcurrentLinkedQueue<>();
  private final Map<Integer, Api> clients = new ConcurrentHashMap<>();
  private final Map<Integer, String> ticketIds = new ConcurrentHashMap<>();
  private final Map<Integer, Integer> statusCounts = new ConcurrentHashMap<>();
  private final AtomicInteger connectionFailures = new AtomicInteger();
  private final int total;
  private IntFunction<String> describe =
      number -> PROBLEMS[number % PROBLEMS.length] + " (report " + number + ")";

  TicketFiler(IntSupplier port, String token, String runId, int total) {
    this.port = port;
    this.token = token;
    this.runId = runId;
    this.total = total;
    for (int i = 0; i < total; i++) {
      pending.add(i);
    }
  }

  /** Describes ticket {@code number} with this function instead of the default texts. */
  TicketFiler describedBy(IntFunction<String> describe) {
    this.describe = describe;
    return this;
  }

  static String title(String runId, int number) {
    return "Ticket " + number + " of run " + runId;
  }

  private static final String[] PROBLEMS = {
    "Pods crash-loop after the helm upgrade, kubernetes shows OOMKilled",
    "The postgres database refuses connections since this morning",
    "Google SSO login fails with an error page",
    "The React dashboard is blank after the last deploy",
    "Invoices are missing in the billing export",
    "Printer on floor 2 does not work",
  };

  /** Files everything, with {@code threads} clients, giving up after {@code timeout}. */
  void run(int threads, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    ExecutorService clients = Executors.newFixedThreadPool(threads);
    for (int t = 0; t < threads; t++) {
      clients.execute(
          () -> {
            while (System.nanoTime() < deadline) {
              Integer number = pending.poll();
              if (number == null) {
                if (ticketIds.size() == total) {
                  return;
                }
                pause(50);
                continue;
              }
              if (!file(number)) {
                pending.add(number);
                pause(100);
              }
            }
          });
    }
    clients.shutdown();
    try {
      clients.awaitTermination(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    clients.shutdownNow();
  }

  private boolean file(int number) {
    Api api = clients.computeIfAbsent(port.getAsInt(), p -> new Api(p, token));
    try {
      Api.Reply reply =
          api.fileTicket(runId + "-" + number, title(runId, number), describe.apply(number));
      statusCounts.merge(reply.status(), 1, Integer::sum);
      if (reply.status() == 201) {
        ticketIds.put(number, reply.json().get("id").asText());
        return true;
      }
      return false;
    } catch (IOException e) {
      connectionFailures.incrementAndGet();
      return false;
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  int filed() {
    return ticketIds.size();
  }

  List<String> ticketIds() {
    return new ArrayList<>(ticketIds.values());
  }

  Map<Integer, Integer> statusCounts() {
    return Map.copyOf(statusCounts);
  }

  int connectionFailures() {
    return connectionFailures.get();
  }
}
