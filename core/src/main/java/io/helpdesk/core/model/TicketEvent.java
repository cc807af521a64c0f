package io.helpdesk.core.model;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One entry of a ticket's append-only history: the audit log and the feed of live updates.
 *
 * <p>The id is the event's position in the global log, assigned by the store when or after the
 * event's transaction commits: a reader that has seen id {@code n} never later finds a new event
 * with a smaller id, so "everything after n" is a complete catch-up after a dropped connection.
 *
 * @param id position in the global event log, assigned by the store; 0 while not yet assigned
 * @param ticketId the ticket it concerns
 * @param type what happened
 * @param actor the member who caused it; empty for the engine itself
 * @param at when it happened
 * @param requester the ticket's requester (lets viewers be filtered without a lookup)
 * @param assignee the ticket's assignee after the event
 * @param internal staff-only (internal notes, failures): never shown to requesters
 * @param data small key/value details, for example {@code from}/{@code to} of a status change
 */
public record TicketEvent(
    long id,
    TicketId ticketId,
    EventType type,
    Optional<MemberId> actor,
    Instant at,
    MemberId requester,
    Optional<MemberId> assignee,
    boolean internal,
    Map<String, String> data) {
  public TicketEvent {
    Objects.requireNonNull(ticketId, "ticketId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(requester, "requester");
    Objects.requireNonNull(assignee, "assignee");
    data = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(data));
  }
}
