package io.helpdesk.reliability;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A local stand-in for the Gemini API that misbehaves on purpose, chosen by a marker in the ticket
 * text: {@code [429]} a rate-limit storm, {@code [slow]} an answer after 5 s (the caller's deadline
 * is 2 s), {@code [garbage]} a 200 whose text is not the asked-for JSON; anything else a valid
 * answer.
 */
final class FakeGemini implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final Map<String, Integer> answered = new ConcurrentHashMap<>();

  FakeGemini() {
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

  /** How many calls got each kind of answer. */
  Map<String, Integer> answered() {
    return Map.copyOf(answered);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      int status = 200;
      String reply;
      if (body.contains("[429]")) {
        answered.merge("429", 1, Integer::sum);
        status = 429;
        reply =
            JSON.writeValueAsString(
                Map.of(
                    "error",
                    Map.of(
                        "code",
                        429,
                        "message",
                        "Resource has been exhausted",
                        "status",
                        "RESOURCE_EXHAUSTED")));
      } else if (body.contains("[slow]")) {
        answered.merge("slow", 1, Integer::sum);
        try {
          Thread.sleep(5_000);
        } catch (InterruptedException e) {
          return;
        }
        reply = answer(valid());
      } else if (body.contains("[garbage]")) {
        answered.merge("garbage", 1, Integer::sum);
        reply = answer("Sure! Here is my analysis: the priority is VERY HIGH {{{");
      } else {
        answered.merge("valid", 1, Integer::sum);
        reply = answer(valid());
      }
      byte[] bytes = reply.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    } catch (IOException e) {
      // the caller gave up (deadline): nothing to answer
    }
  }

  private static String valid() {
    return "{\"priority\":\"HIGH\",\"relatedSkills\":[\"kubernetes\"],"
        + "\"helpfulNotes\":\"Check the Helm release history first.\"}";
  }

  private static String answer(String modelText) throws IOException {
    return JSON.writeValueAsString(
        Map.of(
            "candidates",
            List.of(
                Map.of(
                    "content",
                    Map.of("parts", List.of(Map.of("text", modelText)), "role", "model"),
                    "finishReason",
                    "STOP",
                    "index",
                    0)),
            "modelVersion",
            "fake-model"));
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
