package io.helpdesk.app.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.helpdesk.app.api.Problem;
import io.helpdesk.app.auth.AuthFilter;
import io.helpdesk.app.auth.Caller;
import io.helpdesk.app.auth.SessionService;
import io.helpdesk.core.HelpdeskEngine;
import io.helpdesk.core.model.EventBatch;
import io.helpdesk.core.model.Member;
import io.helpdesk.core.model.TicketEvent;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Serial;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v1/events}: Server-Sent Events of ticket changes, filtered per viewer.
 *
 * <p>A plain async servlet rather than Jersey's {@code SseEventSink}, whose writes block the
 * sending thread on a slow client: here every write is non-blocking ({@link WriteListener}), so
 * thousands of idle streams cost no threads. Authentication is the API's own ({@link
 * AuthFilter#authenticate}: bearer token or session cookie, never a token in the URL); errors
 * before the stream starts are problem+json like the rest of the API.
 *
 * <p>On connect it registers with the {@link EventHub} (which holds back live events), sends the
 * {@code retry:} hint, replays the events after {@code Last-Event-ID} that the viewer may see (none
 * without the header: the stream starts at the latest event), then goes live, handing over by event
 * id.
 */
public final class EventStreamServlet extends HttpServlet {
  @Serial private static final long serialVersionUID = 1L;
  private static final Logger log = LoggerFactory.getLogger(EventStreamServlet.class);

  /** Where it is mounted. */
  public static final String PATH = "/api/v1/events";

  /** The reconnection header browsers send. */
  public static final String LAST_EVENT_ID = "Last-Event-ID";

  private static final Pattern EVENT_ID = Pattern.compile("[0-9]{1,18}");

  private final transient EventHub hub;
  private final transient HelpdeskEngine engine;
  private final transient AuthFilter auth;
  private final transient ObjectMapper mapper;

  /**
   * @param hub the fan-out the stream joins
   * @param engine the source of replayed events
   * @param auth authenticates the request like every other API request
   * @param mapper writes problem+json bodies
   */
  public EventStreamServlet(
      EventHub hub, HelpdeskEngine engine, AuthFilter auth, ObjectMapper mapper) {
    this.hub = hub;
    this.engine = engine;
    this.auth = auth;
    this.mapper = mapper;
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (!"GET".equals(request.getMethod())) {
      response.setHeader("Allow", "GET");
      problem(
          response,
          Problem.of(
              405, "method-not-allowed", "Method not allowed", "the event stream takes only GET"));
      return;
    }
    stream(request, response);
  }

  private void stream(HttpServletRequest request, HttpServletResponse response) throws IOException {
    if (request.getParameterMap().containsKey("access_token")) {
      problem(
          response,
          Problem.invalidInput(
              400, "access_token", "tokens are accepted only in the Authorization header"));
      return;
    }
    String authorization = request.getHeader("Authorization");
    String cookie = cookie(request, SessionService.COOKIE);
    Optional<Caller> caller = auth.authenticate(authorization, cookie);
    if (caller.isEmpty()) {
      problem(
          response,
          Problem.of(401, "unauthenticated", "Unauthenticated", "sign in or send an API token"));
      return;
    }
    Long lastEventId;
    try {
      lastEventId = lastEventId(request.getHeader(LAST_EVENT_ID));
    } catch (IllegalArgumentException e) {
      problem(response, Problem.invalidInput(400, LAST_EVENT_ID, e.getMessage()));
      return;
    }
    Member viewer = caller.get().member();
    // Register first: from here on live events are held for this stream, so whatever the replay
    // below does not cover arrives live.
    Optional<EventConnection> opened =
        hub.open(viewer, authorization, authorization != null ? null : cookie);
    if (opened.isEmpty()) {
      response.setHeader("Retry-After", "5");
      problem(
          response,
          Problem.of(
              503,
              "unavailable",
              "Event stream unavailable",
              "too many open streams on this server, or it is stopping; retry later"));
      return;
    }
    EventConnection connection = opened.get();
    try {
      long latest = engine.latestEventId();
      // No header: start at the latest event. An id from the future (another database, a reset)
      // would hide events until the log caught up with it: start at the latest one instead.
      long cursor = lastEventId == null ? latest : Math.min(lastEventId, latest);

      response.setStatus(200);
      response.setContentType("text/event-stream");
      response.setCharacterEncoding("UTF-8");
      response.setHeader("Cache-Control", "no-cache, no-store, no-transform");
      response.setHeader("X-Accel-Buffering", "no");
      ServletOutputStream out = response.getOutputStream();
      out.write(EventFrames.retry(hub.settings().reconnectDelay()));
      out.flush();

      cursor = replay(viewer, cursor, latest, out, connection);
      if (connection.isClosed()) {
        return;
      }

      AsyncContext async = request.startAsync();
      async.setTimeout(0);
      async.addListener(new Ended(connection));
      ServletEventSink sink = new ServletEventSink(async, out);
      out.setWriteListener(
          new WriteListener() {
            @Override
            public void onWritePossible() {
              connection.drain();
            }

            @Override
            public void onError(Throwable t) {
              connection.close(EventConnection.CloseReason.CLIENT_GONE);
            }
          });
      if (!connection.goLive(cursor, sink)) {
        sink.close();
      }
    } catch (IOException | RuntimeException e) {
      // The client left during the replay, or the database failed: end the stream; the browser
      // reconnects with the last id it got.
      log.debug("event stream of {} ended during replay: {}", viewer.id(), e.toString());
      connection.close(EventConnection.CloseReason.CLIENT_GONE);
      if (!response.isCommitted()) {
        response.reset();
        problem(
            response,
            Problem.of(
                503, "unavailable", "Event stream unavailable", "could not read the events"));
      }
    }
  }

  /**
   * Writes the visible events after {@code cursor} in pages, blocking (the stream is not async
   * yet), up to {@code latest}: anything newer is held by the connection and goes out live.
   *
   * @return the highest id covered
   */
  private long replay(
      Member viewer, long cursor, long latest, ServletOutputStream out, EventConnection connection)
      throws IOException {
    int page = hub.settings().replayPageSize();
    while (cursor < latest && !connection.isClosed()) {
      EventBatch batch = engine.eventsAfter(viewer.id(), cursor, page);
      for (TicketEvent event : batch.events()) {
        out.write(hub.frames().frame(event));
      }
      if (!batch.events().isEmpty()) {
        out.flush();
        hub.replayed(batch.events().size());
      }
      if (batch.lastScannedId() <= cursor) {
        break;
      }
      cursor = batch.lastScannedId();
    }
    return cursor;
  }

  static Long lastEventId(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String value = header.strip();
    if (!EVENT_ID.matcher(value).matches()) {
      throw new IllegalArgumentException("must be the id of an event (a non-negative integer)");
    }
    return Long.parseLong(value);
  }

  private static String cookie(HttpServletRequest request, String name) {
    Cookie[] cookies = request.getCookies();
    if (cookies == null) {
      return null;
    }
    for (Cookie cookie : cookies) {
      if (name.equals(cookie.getName())) {
        return cookie.getValue();
      }
    }
    return null;
  }

  private void problem(HttpServletResponse response, Problem problem) throws IOException {
    response.setStatus(problem.status());
    response.setContentType(Problem.MEDIA_TYPE);
    response.setCharacterEncoding("UTF-8");
    response.setHeader("Cache-Control", "no-store");
    mapper.writeValue(response.getOutputStream(), problem);
  }

  /** Closes the connection when the container ends the exchange (client gone, server stopping). */
  private record Ended(EventConnection connection) implements AsyncListener {
    @Override
    public void onComplete(AsyncEvent event) {
      connection.close(EventConnection.CloseReason.CLIENT_GONE);
    }

    @Override
    public void onTimeout(AsyncEvent event) {
      connection.close(EventConnection.CloseReason.CLIENT_GONE);
    }

    @Override
    public void onError(AsyncEvent event) {
      connection.close(EventConnection.CloseReason.CLIENT_GONE);
    }

    @Override
    public void onStartAsync(AsyncEvent event) {}
  }
}
