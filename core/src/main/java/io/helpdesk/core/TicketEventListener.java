package io.helpdesk.core;

import io.helpdesk.core.model.TicketEvent;

/**
 * Receives committed ticket events in id order, on the engine's publisher thread. Must return
 * quickly (hand slow work to another thread); an exception is logged and does not stop delivery to
 * other listeners. Filter with {@link AccessPolicy#canSee} before showing an event to anyone.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface TicketEventListener {
  void onEvent(TicketEvent event);
}
