package io.helpdesk.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * A Server-Sent Events client for tests: the JDK's HttpClient with a line subscriber, parsing the
 * stream as a browser's {@code EventSource} does (fields until a blank line; comments; retry).
 */
final class SseStream implements AutoCloseable {
  /** One dispatched event. */
  record Event(String id, String event, String data) {
    JsonNode json() {
      try {
        return TestServer.JSON.readTree(data);
      } catch (IOException e) {
        throw new UncheckedIOException(data, e);
      }
    }

    long eventId() {
      return Long.parseLong(id);
    }

    String ticketId() {
      return json().get("ticketId").asText();
    }

    String type() {
      return json().get("type").asText();
    }
  }

  private final CompletableFuture<HttpResponse.ResponseInfo> head = new CompletableFuture<>();
  private final List<Object> items = new ArrayList<>(); // Event, comment String, Long retry
  private final List<String> lines = new ArrayList<>();
  private volatile Flow.Subscription subscription;
  private boolean ended;
  private Throwable failure;

  private SseStream() {}

  /** Opens a stream; {@code headers} are name/value pairs. */
  static SseStream open(HttpClient http, String url, List<String> headers) {
    SseStream stream = new SseStream();
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url)).GET().header("Accept", "text/event-stream");
    for (int i = 0; i < headers.size(); i += 2) {
      request.header(headers.get(i), headers.get(i + 1));
    }
    http.sendAsync(
            request.build(),
            info -> {
              stream.head.complete(info);
              return HttpResponse.BodySubscribers.fromLineSubscriber(stream.new Lines());
            })
        .whenComplete(
            (response, error) -> {
              if (error != null) {
                stream.head.completeExceptionally(error);
                stream.end(error);
              }
            });
    return stream;
  }

  private final class Lines implements Flow.Subscriber<String> {
    private String id;
    private String lastId;
    private String event;
    private StringBuilder data;

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(String line) {
      synchronized (SseStream.this) {
        lines.add(line);
        if (line.isEmpty()) {
          if (data != null) {
            lastId = id != null ? id : lastId;
            items.add(new Event(lastId, event == null ? "message" : event, data.toString()));
          }
          id = null;
          event = null;
          data = null;
        } else if (line.startsWith(":")) {
          items.add(line.substring(1).strip());
        } else {
          int colon = line.indexOf(':');
          String field = colon < 0 ? line : line.substring(0, colon);
          String value = colon < 0 ? "" : line.substring(colon + 1);
          if (value.startsWith(" ")) {
            value = value.substring(1);
          }
          switch (field) {
            case "id" -> id = value;
            case "event" -> event = value;
            case "data" ->
                data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
            case "retry" -> items.add(Long.parseLong(value));
            default -> {}
          }
        }
        SseStream.this.notifyAll();
      }
    }

    @Override
    public void onError(Throwable throwable) {
      end(throwable);
    }

    @Override
    public void onComplete() {
      end(null);
    }
  }

  private synchronized void end(Throwable error) {
    ended = true;
    failure = error;
    notifyAll();
  }

  /** The response status (waits for the headers). */
  int status() {
    return info().statusCode();
  }

  HttpHeaders headers() {
    return info().headers();
  }

  private HttpResponse.ResponseInfo info() {
    try {
      return head.get(10, TimeUnit.SECONDS);
    } catch (InterruptedException | ExecutionException | TimeoutException e) {
      throw new AssertionError("no response headers", e);
    }
  }

  /** The whole body so far (for error responses: waits for its end). */
  String body(Duration timeout) {
    awaitEnd(timeout);
    synchronized (this) {
      return String.join("\n", lines);
    }
  }

  synchronized List<Event> events() {
    List<Event> events = new ArrayList<>();
    for (Object item : items) {
      if (item instanceof Event e) {
        events.add(e);
      }
    }
    return events;
  }

  synchronized List<Object> items() {
    return List.copyOf(items);
  }

  /** The first event (ever received) that matches, waiting for it. */
  Event await(Predicate<Event> match, Duration timeout) {
    return awaitItem(item -> item instanceof Event e && match.test(e), timeout)
        .map(Event.class::cast)
        .orElseThrow(
            () -> new AssertionError("no matching event within " + timeout + "; got " + events()));
  }

  /** Events up to and including the first that matches. */
  List<Event> until(Predicate<Event> match, Duration timeout) {
    Event last = await(match, timeout);
    List<Event> events = events();
    return events.subList(0, events.indexOf(last) + 1);
  }

  /** The first comment with this text, waiting for it. */
  boolean awaitComment(String text, Duration timeout) {
    return awaitItem(text::equals, timeout).isPresent();
  }

  private synchronized Optional<Object> awaitItem(Predicate<Object> match, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      for (Object item : items) {
        if (match.test(item)) {
          return Optional.of(item);
        }
      }
      long left = deadline - System.nanoTime();
      if (ended || left <= 0) {
        return Optional.empty();
      }
      try {
        TimeUnit.NANOSECONDS.timedWait(this, left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
    }
  }

  /** Whether the server ended the response within the timeout. */
  synchronized boolean awaitEnd(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!ended) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      try {
        TimeUnit.NANOSECONDS.timedWait(this, left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  /** The error that ended the stream, if it did not end cleanly. */
  synchronized Optional<Throwable> failure() {
    return Optional.ofNullable(failure);
  }

  @Override
  public void close() {
    Flow.Subscription s = subscription;
    if (s != null) {
      s.cancel();
    }
  }
}
