package io.helpdesk.core.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A support ticket. Immutable: every change makes a new value, and the store bumps {@link
 * #version()} on each write (optimistic locking).
 *
 * @param id the ticket's id
 * @param title short summary (untrusted text)
 * @param description the requester's description (untrusted text)
 * @param requester who filed it
 * @param requestedPriority what the requester asked for: an opinion, weighed by the analyzer
 * @param deadline a business deadline the requester gave
 * @param status where it is in its life cycle
 * @param priorityOverride a staff member's explicit priority, winning over everything else
 * @param analysis the analysis, once it has run
 * @param assignment the current assignment, if any
 * @param needsTriage true when the engine found no one to assign and an admin must decide
 * @param version incremented by the store on every write
 * @param createdAt when it was filed
 * @param updatedAt when it last changed
 * @param completedAt when it was last completed (empty while open)
 */
public record Ticket(
    TicketId id,
    String title,
    String description,
    MemberId requester,
    Optional<Priority> requestedPriority,
    Optional<Instant> deadline,
    TicketStatus status,
    Optional<Priority> priorityOverride,
    Optional<Analysis> analysis,
    Optional<Assignment> assignment,
    boolean needsTriage,
    long version,
    Instant createdAt,
    Instant updatedAt,
    Optional<Instant> completedAt) {

  public Ticket {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(requester, "requester");
    Objects.requireNonNull(requestedPriority, "requestedPriority");
    Objects.requireNonNull(deadline, "deadline");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(priorityOverride, "priorityOverride");
    Objects.requireNonNull(analysis, "analysis");
    Objects.requireNonNull(assignment, "assignment");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    Objects.requireNonNull(completedAt, "completedAt");
  }

  /** A freshly filed ticket (version 0, status TODO, not analysed, not assigned). */
  public static Ticket newTicket(TicketId id, MemberId requester, NewTicket draft, Instant now) {
    return new Ticket(
        id,
        draft.title(),
        draft.description(),
        requester,
        draft.requestedPriority(),
        draft.deadline(),
        TicketStatus.TODO,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        false,
        0,
        now,
        now,
        Optional.empty());
  }

  /** The priority the ticket is worked at; see {@link Priority#effective} for the rule. */
  public Priority effectivePriority() {
    return Priority.effective(priorityOverride, analysis, requestedPriority);
  }

  /**
   * When the ticket is due. Today that is the requester's deadline; SLA policies will compute it
   * here, and only here.
   */
  public Optional<Instant> dueAt() {
    return deadline;
  }

  public Optional<MemberId> assignee() {
    return assignment.map(Assignment::assignee);
  }

  public boolean isOpen() {
    return status.isOpen();
  }

  public Ticket withStatus(TicketStatus next, Instant now) {
    Optional<Instant> completed = next == TicketStatus.COMPLETED ? Optional.of(now) : completedAt;
    return new Ticket(
        id,
        title,
        description,
        requester,
        requestedPriority,
        deadline,
        next,
        priorityOverride,
        analysis,
        assignment,
        needsTriage,
        version,
        createdAt,
        now,
        next == TicketStatus.COMPLETED ? completed : Optional.empty());
  }

  public Ticket withAnalysis(Analysis newAnalysis, Instant now) {
    return new Ticket(
        id,
        title,
        description,
        requester,
        requestedPriority,
        deadline,
        status,
        priorityOverride,
        Optional.of(newAnalysis),
        assignment,
        needsTriage,
        version,
        createdAt,
        now,
        completedAt);
  }

  /** Assigns the ticket, which also takes it out of the triage queue. */
  public Ticket withAssignment(Assignment newAssignment, Instant now) {
    return new Ticket(
        id,
        title,
        description,
        requester,
        requestedPriority,
        deadline,
        status,
        priorityOverride,
        analysis,
        Optional.of(newAssignment),
        false,
        version,
        createdAt,
        now,
        completedAt);
  }

  public Ticket withNeedsTriage(boolean triage, Instant now) {
    return new Ticket(
        id,
        title,
        description,
        requester,
        requestedPriority,
        deadline,
        status,
        priorityOverride,
        analysis,
        assignment,
        triage,
        version,
        createdAt,
        now,
        completedAt);
  }

  public Ticket withPriorityOverride(Optional<Priority> override, Instant now) {
    return new Ticket(
        id,
        title,
        description,
        requester,
        requestedPriority,
        deadline,
        status,
        override,
        analysis,
        assignment,
        needsTriage,
        version,
        createdAt,
        now,
        completedAt);
  }

  /** The same ticket at another version; stores use it when they write. */
  public Ticket withVersion(long newVersion) {
    return new Ticket(
        id,
        title,
        description,
        requester,
        requestedPriority,
        deadline,
        status,
        priorityOverride,
        analysis,
        assignment,
        needsTriage,
        newVersion,
        createdAt,
        updatedAt,
        completedAt);
  }
}
