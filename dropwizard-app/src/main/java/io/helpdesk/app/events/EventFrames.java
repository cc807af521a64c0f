package io.helpdesk.app.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helpdesk.core.model.MemberId;
import io.helpdesk.core.model.TicketEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The stream's wire format (a web UI depends on it: change it only with a new event name):
 *
 * <pre>
 * id: &lt;event id&gt;
 * event: ticket
 * data: {"id":..,"ticketId":"..","type":"..","at":"..","actor":".."|null,"assignee":".."|null,"data":{..}}
 * </pre>
 *
 * plus {@code : ping} heartbeat comments and one {@code retry:} hint at the start. A frame is the
 * same bytes for every viewer, so each event is encoded once however many streams carry it.
 */
public final class EventFrames {
  /** The SSE event name of ticket events. */
  public static final String EVENT_NAME = "ticket";

  /** The heartbeat: an SSE comment, ignored by {@code EventSource}. */
  static final byte[] PING = ": ping\n\n".getBytes(StandardCharsets.UTF_8);

  private final ObjectMapper mapper;

  /**
   * @param mapper encodes the data line (any mapper: the view is all strings, numbers and maps)
   */
  public EventFrames(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /** The JSON of an event's {@code data:} line. */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  @JsonPropertyOrder({"id", "ticketId", "type", "at", "actor", "assignee", "data"})
  public record EventView(
      long id,
      String ticketId,
      String type,
      String at,
      String actor,
      String assignee,
      Map<String, String> data) {

    /** The view of an event; requester and the internal flag stay on the server. */
    public static EventView of(TicketEvent event) {
      return new EventView(
          event.id(),
          event.ticketId().toString(),
          event.type().name(),
          event.at().toString(),
          idOrNull(event.actor()),
          idOrNull(event.assignee()),
          event.data());
    }

    private static String idOrNull(Optional<MemberId> id) {
      return id.map(MemberId::toString).orElse(null);
    }
  }

  /** The complete frame of one event, ending with the blank line that dispatches it. */
  public byte[] frame(TicketEvent event) {
    String json;
    try {
      json = mapper.writeValueAsString(EventView.of(event));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode event " + event.id(), e);
    }
    // Jackson escapes line breaks inside strings, so the JSON is one line as SSE requires.
    return ("id: " + event.id() + "\nevent: " + EVENT_NAME + "\ndata: " + json + "\n\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** The reconnection hint sent first on every stream. */
  static byte[] retry(Duration delay) {
    return ("retry: " + delay.toMillis() + "\n\n").getBytes(StandardCharsets.UTF_8);
  }
}
