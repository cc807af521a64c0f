package io.helpdesk.benchmarks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local stand-in for Gemini's {@code generateContent} (the wire format of the gemini-analyzer
 * tests' fake server) that answers every call with a valid analysis after a fixed latency. Counts
 * calls and the most it ever had in flight.
 */
final class FakeGemini implements AutoCloseable {
  private static final String BODY =
      "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":"
          + "\"{\\\"priority\\\":\\\"HIGH\\\",\\\"relatedSkills\\\":[\\\"kubernetes\\\"],"
          + "\\\"helpfulNotes\\\":\\\"Check the Helm release history first.\\\"}\"}],"
          + "\"role\":\"model\"},\"finishReason\":\"STOP\",\"index\":0}],"
          + "\"usageMetadata\":{\"promptTokenCount\":57,\"candidatesTokenCount\":31,"
          + "\"totalTokenCount\":88},\"modelVersion\":\"bench-model-001\",\"responseId\":\"r\"}";

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final Duration latency;
  private final AtomicInteger calls = new AtomicInteger();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();

  FakeGemini(Duration latency) {
    this.latency = latency;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(threads);
    server.createContext("/", this::handle);
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  int calls() {
    return calls.get();
  }

  int maxInFlight() {
    return maxInFlight.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
    try {
      exchange.getRequestBody().readAllBytes();
      calls.incrementAndGet();
      Thread.sleep(latency.toMillis());
      byte[] bytes = BODY.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      inFlight.decrementAndGet();
      exchange.close();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
    try {
      threads.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
