package io.helpdesk.core.spi;

import io.helpdesk.core.InvalidInputException;
import io.helpdesk.core.LeaseLostException;
import io.helpdesk.core.NotFoundException;
import io.helpdesk.core.TicketConflictException;
import io.helpdesk.core.TicketNotFoundException;
import io.helpdesk.core.model.Analytics;
import io.helpdesk.core.model.Comment;
import io.helpdesk.core.model.Member;
import io.helpdesk.core.model.MemberId;
import io.helpdesk.core.model.Page;
import io.helpdesk.core.model.Ticket;
import io.helpdesk.core.model.TicketEvent;
import io.helpdesk.core.model.TicketId;
import io.helpdesk.core.model.TicketQuery;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What can be done inside one store transaction. Obtained from {@link TicketStore#inTransaction};
 * valid only until that call returns, and only on its thread.
 *
 * @since 0.1
 */
public interface StoreTransaction {

  // ---- members

  /** Adds a member; a taken email is an {@link InvalidInputException} on {@code email}. */
  void insertMember(Member member);

  /** Replaces a member; {@link NotFoundException} if there is none with that id. */
  void updateMember(Member member);

  Optional<Member> findMember(MemberId id);

  /** Looks a member up by email (case-insensitive). */
  Optional<Member> findMemberByEmail(String email);

  /** Every member, ordered by display name, then id. */
  List<Member> listMembers();

  /**
   * Every member with the MODERATOR role, active or not, with their open-ticket count and the time
   * they were last assigned a ticket: what a decision is made from. Takes no lock; before acting on
   * a decision for a moderator, lock them with {@link #lockCandidate}.
   */
  List<Candidate> assignmentCandidates();

  /**
   * Locks a moderator against other assignment decisions for them until commit, and returns them
   * with their load as of now: it counts every assignment committed by a transaction that held this
   * lock before. So two concurrent transactions cannot both fill a moderator's last slot, while
   * decisions for different moderators need not wait for each other (a store may serialise more).
   * Empty when the member is not a moderator.
   *
   * <p>Lock order: call it before {@link #updateTicket} locks the ticket in the same transaction.
   */
  Optional<Candidate> lockCandidate(MemberId id);

  // ---- tickets

  /** Adds a ticket as given (version 0). */
  void insertTicket(Ticket ticket);

  /**
   * Writes a changed ticket if its {@link Ticket#version()} is still the stored one, and returns it
   * with the version incremented. {@link TicketConflictException} if the stored version differs,
   * {@link TicketNotFoundException} if there is no such ticket.
   */
  Ticket updateTicket(Ticket ticket);

  Optional<Ticket> findTicket(TicketId id);

  /**
   * One page of tickets matching the query, in its order, starting after its cursor. Keyset
   * pagination: rows inserted while a client pages never cause a gap or a duplicate among the rows
   * that existed when it started.
   */
  Page<Ticket> listTickets(TicketQuery query);

  // ---- comments

  void insertComment(Comment comment);

  /** A ticket's comments and internal notes, oldest first. */
  List<Comment> listComments(TicketId ticketId);

  // ---- events

  /**
   * Appends an event. Its id, the position in the global event log, is assigned by the store when
   * or after the transaction commits (see {@link TicketStore}'s contract): a store need not
   * serialise its writers to number events in commit order.
   */
  void appendEvent(NewTicketEvent event);

  /**
   * A ticket's events in log order. An event not yet given its position (this transaction's own, or
   * one committed an instant ago on a store that numbers events after commit) comes last, with id
   * 0.
   */
  List<TicketEvent> listEvents(TicketId ticketId);

  /** Up to {@code limit} events with ids (log positions) above {@code afterId}, in id order. */
  List<TicketEvent> eventsAfter(long afterId, int limit);

  /** The highest event id (log position) assigned, or 0 when there is none. */
  long latestEventId();

  // ---- jobs

  /** Enqueues a job (status QUEUED, attempts 0) and returns it. */
  Job enqueue(NewJob job);

  Optional<Job> findJob(long jobId);

  /** Jobs in one status, oldest first. */
  List<Job> listJobs(JobStatus status, int limit);

  /** How many jobs are in one status (queue depth for metrics). */
  long countJobs(JobStatus status);

  /**
   * Marks a running job done. {@link LeaseLostException} if the job is not running under {@code
   * leaseToken} any more.
   */
  void completeJob(long jobId, UUID leaseToken, Instant now);

  /** Puts a running job back in the queue, due at {@code runAt}, recording the error. */
  void rescheduleJob(long jobId, UUID leaseToken, Instant runAt, String error, Instant now);

  /** Moves a running job to the dead-letter queue, recording the error. */
  void deadLetterJob(long jobId, UUID leaseToken, String error, Instant now);

  /**
   * Moves a dead job back to the queue, due now, with its attempts reset. {@link NotFoundException}
   * if there is no dead job with that id.
   */
  Job retryDeadJob(long jobId, Instant now);

  /** Deletes done jobs last updated before {@code before}; returns how many. */
  int pruneDoneJobs(Instant before);

  // ---- analytics

  /** The admin dashboard's figures; {@code days} is the window for per-day and time figures. */
  Analytics analytics(Instant now, int days);
}
