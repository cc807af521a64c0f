package io.helpdesk.core.model;

import java.util.List;

/**
 * Events after a position, filtered for one viewer.
 *
 * @param events the events the viewer may see, in id order
 * @param lastScannedId the highest id looked at (seen or filtered out): continue after it
 */
public record EventBatch(List<TicketEvent> events, long lastScannedId) {
  public EventBatch {
    events = List.copyOf(events);
  }
}
