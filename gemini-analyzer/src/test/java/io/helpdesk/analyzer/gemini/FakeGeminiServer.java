package io.helpdesk.analyzer.gemini;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A local stand-in for the Gemini API speaking its wire format, on 127.0.0.1 and an ephemeral port.
 * Records every request and the most requests it ever had in flight at once.
 */
final class FakeGeminiServer implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  /** A request as the server received it. */
  record Received(String method, String path, Map<String, String> headers, String body) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (JsonProcessingException e) {
        throw new UncheckedIOException(e);
      }
    }

    String header(String name) {
      return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }

    String systemInstruction() {
      return json().path("systemInstruction").path("parts").path(0).path("text").asText();
    }

    String userText() {
      return json().path("contents").path(0).path("parts").path(0).path("text").asText();
    }
  }

  /** What the server answers. */
  record Reply(int status, String contentType, String body, Duration delay) {
    Reply after(Duration delay) {
      return new Reply(status, contentType, body, delay);
    }
  }

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private volatile Function<Received, Reply> responder = request -> answer(validAnswer());

  FakeGeminiServer() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
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

  FakeGeminiServer answerWith(Function<Received, Reply> responder) {
    this.responder = responder;
    return this;
  }

  FakeGeminiServer alwaysReply(Reply reply) {
    return answerWith(request -> reply);
  }

  List<Received> received() {
    return new ArrayList<>(received);
  }

  int maxInFlight() {
    return maxInFlight.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    int now = inFlight.incrementAndGet();
    maxInFlight.accumulateAndGet(now, Math::max);
    try {
      Map<String, String> headers = new LinkedHashMap<>();
      exchange
          .getRequestHeaders()
          .forEach(
              (name, values) ->
                  headers.put(name.toLowerCase(java.util.Locale.ROOT), String.join(",", values)));
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Received request =
          new Received(
              exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers, body);
      received.add(request);
      Reply reply = responder.apply(request);
      if (!reply.delay().isZero()) {
        try {
          Thread.sleep(reply.delay().toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", reply.contentType());
      exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    } catch (IOException e) {
      // the client went away (a timed-out call): nothing to answer
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

  // ---- wire format -------------------------------------------------------------------------

  static String validAnswer() {
    return "{\"priority\":\"HIGH\",\"relatedSkills\":[\"kubernetes\",\"Postgres\"],"
        + "\"helpfulNotes\":\"Check the Helm release history first.\"}";
  }

  /** A 200 with one candidate whose text is {@code modelText}, finished with STOP. */
  static Reply answer(String modelText) {
    return answer(modelText, "STOP");
  }

  static Reply answer(String modelText, String finishReason) {
    Map<String, Object> part = Map.of("text", modelText);
    Map<String, Object> candidate = new LinkedHashMap<>();
    candidate.put("content", Map.of("parts", List.of(part), "role", "model"));
    candidate.put("finishReason", finishReason);
    candidate.put("index", 0);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("candidates", List.of(candidate));
    body.put(
        "usageMetadata",
        Map.of("promptTokenCount", 57, "candidatesTokenCount", 31, "totalTokenCount", 88));
    body.put("modelVersion", "test-model-001");
    body.put("responseId", "resp-1");
    return json(200, body);
  }

  /** A 200 whose prompt was blocked: no candidates, a promptFeedback.blockReason. */
  static Reply blocked(String reason) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("promptFeedback", Map.of("blockReason", reason));
    body.put("usageMetadata", Map.of("promptTokenCount", 57, "totalTokenCount", 57));
    body.put("modelVersion", "test-model-001");
    return json(200, body);
  }

  /** A Google error body: {@code {"error":{"code":..,"message":..,"status":..,"details":..}}}. */
  static Reply error(int code, String status, List<Map<String, Object>> details) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", code);
    error.put("message", "fake " + status);
    error.put("status", status);
    if (!details.isEmpty()) {
      error.put("details", details);
    }
    return json(code, Map.of("error", error));
  }

  static Reply error(int code, String status) {
    return error(code, status, List.of());
  }

  static Reply raw(int status, String contentType, String body) {
    return new Reply(status, contentType, body, Duration.ZERO);
  }

  static Reply json(int status, Object body) {
    try {
      return raw(status, "application/json", JSON.writeValueAsString(body));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
