package io.helpdesk.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A live subscriber of one server's {@code GET /api/v1/events} with a bearer token: the JDK's
 * HttpClient with a line subscriber, parsing the Server-Sent Events as a browser's {@code
 * EventSource} does (fields until a blank line, comments ignored). The same approach as
 * dropwizard-app's test {@code SseStream}, whose test classes this module cannot see.
 */
final class EventStream implements AutoCloseable {
  /** One dispatched {@code ticket} event: its SSE id and the JSON fields a test compares. */
  record Event(long id, String ticketId, String type) {
    /** The same shape as {@link Helpdesk#events}' rows: {@code "<id> <ticketId> <type>"}. */
    String row() {
      return id + " " + ticketId + " " + type;
    }
  }

  final String name;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();
  private final CompletableFuture<Integer> status = new CompletableFuture<>();
  private final List<Event> events = new ArrayList<>();
  private final List<String> problems = new ArrayList<>();
  private volatile Flow.Subscription subscription;
  private boolean retryReceived;
  private boolean ended;
  private Throwable failure;

  private EventStream(String name) {
    this.name = name;
  }

  /**
   * Opens a stream on the server at {@code port} as the owner of {@code token}; no Last-Event-ID.
   */
  static EventStream open(String name, int port, String token) {
    EventStream stream = new EventStream(name);
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/events"))
            .GET()
            .header("Accept", "text/event-stream")
            .header("Authorization", "Bearer " + token)
            .build();
    stream
        .http
        .sendAsync(
            request,
            info -> {
              stream.status.complete(info.statusCode());
              return HttpResponse.BodySubscribers.fromLineSubscriber(stream.new Lines());
            })
        .whenComplete(
            (response, error) -> {
              if (error != null) {
                stream.status.completeExceptionally(error);
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
      synchronized (EventStream.this) {
        if (line.isEmpty()) {
          if (data != null) {
            lastId = id != null ? id : lastId;
            dispatch(lastId, event == null ? "message" : event, data.toString());
          }
          id = null;
          event = null;
          data = null;
        } else if (!line.startsWith(":")) {
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
            case "retry" -> retryReceived = true;
            default -> {}
          }
        }
        EventStream.this.notifyAll();
      }
    }

    private void dispatch(String id, String type, String data) {
      if (!"ticket".equals(type)) {
        problems.add("unexpected event type " + type + ": " + data);
        return;
      }
      try {
        JsonNode json = Api.JSON.readTree(data);
        long jsonId = json.get("id").asLong();
        if (id == null || Long.parseLong(id) != jsonId) {
          problems.add("SSE id " + id + " differs from the data's id " + jsonId);
        }
        events.add(new Event(jsonId, json.get("ticketId").asText(), json.get("type").asText()));
      } catch (IOException e) {
        throw new UncheckedIOException(data, e);
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

  /**
   * Waits until the server sent the {@code retry:} hint: by then it has registered the stream and
   * read the latest event id, so every later event reaches this stream. Fails otherwise.
   */
  EventStream awaitOpen(Duration timeout) {
    int code;
    try {
      code = status.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException | ExecutionException | TimeoutException e) {
      throw new AssertionError(name + ": no response headers", e);
    }
    if (code != 200) {
      throw new AssertionError(name + ": status " + code);
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (this) {
      while (!retryReceived && !ended) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(this, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      if (!retryReceived) {
        throw new AssertionError(name + ": no retry hint within " + timeout + " (ended " + ended);
      }
    }
    return this;
  }

  /** The ticket events received so far, in arrival order. */
  synchronized List<Event> events() {
    return List.copyOf(events);
  }

  /** Frames that were not well-formed ticket events (should stay empty). */
  synchronized List<String> problems() {
    return List.copyOf(problems);
  }

  /** Whether the server ended the stream (it must not while the servers run). */
  synchronized boolean ended() {
    return ended;
  }

  /** Why the stream ended, if it did. */
  synchronized String endReason() {
    return !ended ? "open" : failure == null ? "ended by the server" : failure.toString();
  }

  @Override
  public void close() {
    Flow.Subscription s = subscription;
    if (s != null) {
      s.cancel();
    }
  }
}
