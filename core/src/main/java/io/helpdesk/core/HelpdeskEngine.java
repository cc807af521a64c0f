package io.helpdesk.core;

import io.helpdesk.core.analyzer.KeywordTicketAnalyzer;
import io.helpdesk.core.assigner.SkillAndLoadAssigner;
import io.helpdesk.core.model.Analytics;
import io.helpdesk.core.model.Assignment;
import io.helpdesk.core.model.AssignmentPreview;
import io.helpdesk.core.model.AssignmentSource;
import io.helpdesk.core.model.Comment;
import io.helpdesk.core.model.CommentId;
import io.helpdesk.core.model.EventBatch;
import io.helpdesk.core.model.EventType;
import io.helpdesk.core.model.Limits;
import io.helpdesk.core.model.Member;
import io.helpdesk.core.model.MemberId;
import io.helpdesk.core.model.MemberUpdate;
import io.helpdesk.core.model.NewTicket;
import io.helpdesk.core.model.Page;
import io.helpdesk.core.model.Priority;
import io.helpdesk.core.model.Role;
import io.helpdesk.core.model.Skill;
import io.helpdesk.core.model.SkillTaxonomy;
import io.helpdesk.core.model.Ticket;
import io.helpdesk.core.model.TicketDetails;
import io.helpdesk.core.model.TicketEvent;
import io.helpdesk.core.model.TicketId;
import io.helpdesk.core.model.TicketQuery;
import io.helpdesk.core.model.TicketStatus;
import io.helpdesk.core.notifier.LoggingNotifier;
import io.helpdesk.core.spi.AnalysisRequest;
import io.helpdesk.core.spi.AnalysisResult;
import io.helpdesk.core.spi.Assigner;
import io.helpdesk.core.spi.AssignmentDecision;
import io.helpdesk.core.spi.Candidate;
import io.helpdesk.core.spi.Job;
import io.helpdesk.core.spi.JobStatus;
import io.helpdesk.core.spi.JobType;
import io.helpdesk.core.spi.NewJob;
import io.helpdesk.core.spi.NewTicketEvent;
import io.helpdesk.core.spi.Notifier;
import io.helpdesk.core.spi.StoreListener;
import io.helpdesk.core.spi.StoreTransaction;
import io.helpdesk.core.spi.TicketAnalyzer;
import io.helpdesk.core.spi.TicketStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The helpdesk engine: commands and queries that enforce the {@link AccessPolicy}, and the durable
 * pipeline (analyse, assign, notify) that runs on the store's job queue.
 *
 * <pre>{@code
 * HelpdeskEngine engine = HelpdeskEngine.builder()
 *     .store(new InMemoryTicketStore())
 *     .build();
 * engine.start();                       // worker threads; or call runPendingJobs() yourself
 * Ticket ticket = engine.createTicket(requesterId, NewTicket.of("Login fails", "..."));
 * }</pre>
 *
 * <p>Every command and query takes the id of the acting member; the engine loads that member in the
 * same transaction and applies the access policy, so a deactivated or demoted member is affected on
 * their very next call. Thread-safe. {@link #close()} stops the workers, letting running jobs
 * finish within the shutdown timeout.
 *
 * @since 0.1
 */
public final class HelpdeskEngine implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HelpdeskEngine.class);
  private static final int EVENT_PAGE = 500;

  private final TicketStore store;
  private final TicketAnalyzer analyzer;
  private final TicketAnalyzer fallbackAnalyzer;
  private final Assigner assigner;
  private final SkillTaxonomy taxonomy;
  private final Clock clock;
  private final Pipeline pipeline;
  private final EngineMetrics metrics = new EngineMetrics();
  private final int workerConcurrency;
  private final int claimBatch;
  private final Duration lease;
  private final Duration pollInterval;
  private final Duration shutdownTimeout;
  private final ExecutorService providedExecutor;

  private final Object lifecycle = new Object();
  private final WakeUp workSignal = new WakeUp();
  private final WakeUp eventSignal = new WakeUp();
  private final List<TicketEventListener> listeners = new CopyOnWriteArrayList<>();
  private final AtomicLong lastPublishedEventId = new AtomicLong(-1);
  private volatile boolean running;
  private ExecutorService workers;
  private Thread publisher;
  private AutoCloseable storeSubscription;

  private HelpdeskEngine(Builder builder) {
    this.store = Objects.requireNonNull(builder.store, "store is required");
    this.taxonomy = builder.taxonomy;
    this.analyzer = Objects.requireNonNull(builder.analyzer, "analyzer is required");
    this.fallbackAnalyzer =
        Objects.requireNonNull(builder.fallbackAnalyzer, "fallbackAnalyzer is required");
    this.assigner = Objects.requireNonNull(builder.assigner, "assigner is required");
    this.clock = builder.clock;
    this.workerConcurrency = builder.workerConcurrency;
    this.claimBatch = builder.claimBatch;
    this.lease = builder.lease;
    this.pollInterval = builder.pollInterval;
    this.shutdownTimeout = builder.shutdownTimeout;
    this.providedExecutor = builder.executor;
    this.pipeline =
        new Pipeline(
            store,
            analyzer,
            fallbackAnalyzer,
            assigner,
            Objects.requireNonNull(builder.notifier, "notifier is required"),
            taxonomy,
            clock,
            builder.analysisRetry,
            builder.deliveryRetry,
            metrics,
            builder.random);
  }

  public static Builder builder() {
    return new Builder();
  }

  // =====================================================================================
  // Members
  // =====================================================================================

  /**
   * Registers a member. A system operation for hosts (seeding, bootstrap admins, sign-up flows): it
   * takes no acting member. A taken email is an {@link InvalidInputException}.
   */
  public Member registerMember(
      String email, String displayName, Role role, Set<String> skills, int capacity) {
    Member member =
        new Member(
            MemberId.random(),
            email,
            displayName,
            role,
            taxonomy.resolveAll("skills", skills),
            capacity,
            true,
            now());
    store.inTransaction(
        tx -> {
          tx.insertMember(member);
          return null;
        });
    return member;
  }

  /**
   * The member with this email, registering a new requester on first sign-in. An inactive member is
   * refused with {@link AccessDeniedException}.
   */
  public Member signIn(String email, String displayName) {
    Member candidate =
        new Member(MemberId.random(), email, displayName, Role.USER, Set.of(), 0, true, now());
    Member member =
        store.inTransaction(
            tx ->
                tx.findMemberByEmail(candidate.email())
                    .orElseGet(
                        () -> {
                          tx.insertMember(candidate);
                          return candidate;
                        }));
    if (!member.active()) {
      throw new AccessDeniedException("sign in", "the account is deactivated");
    }
    return member;
  }

  /** Looks a member up without an acting member (for authentication in hosts). */
  public Optional<Member> findMember(MemberId id) {
    return store.read(tx -> tx.findMember(id));
  }

  /** Looks a member up by email without an acting member (for authentication in hosts). */
  public Optional<Member> findMemberByEmail(String email) {
    return store.read(tx -> tx.findMemberByEmail(email));
  }

  /** The acting member themselves, or any member for an admin. */
  public Member member(MemberId actorId, MemberId memberId) {
    return store.read(
        tx -> {
          Member actor = actor(tx, actorId);
          if (!actor.id().equals(memberId) && !AccessPolicy.isAdmin(actor)) {
            throw new NotFoundException("member", memberId.toString());
          }
          return tx.findMember(memberId)
              .orElseThrow(() -> new NotFoundException("member", memberId.toString()));
        });
  }

  /** Every member (admins only). */
  public List<Member> members(MemberId actorId) {
    return store.read(
        tx -> {
          requireAdmin(actor(tx, actorId), "list members");
          return tx.listMembers();
        });
  }

  /**
   * Changes a member's role, skills, capacity, active flag or name (admins only). An admin cannot
   * remove the last active admin, so the helpdesk always has someone who can manage it.
   */
  public Member updateMember(MemberId actorId, MemberId memberId, MemberUpdate update) {
    Member updated =
        store.inTransaction(
            tx -> {
              requireAdmin(actor(tx, actorId), "update members");
              Member current =
                  tx.findMember(memberId)
                      .orElseThrow(() -> new NotFoundException("member", memberId.toString()));
              Member next = current;
              if (update.role().isPresent()) {
                next = next.withRole(update.role().get());
              }
              if (update.skills().isPresent()) {
                next = next.withSkills(taxonomy.resolveAll("skills", update.skills().get()));
              }
              if (update.capacity().isPresent()) {
                next = next.withCapacity(update.capacity().get());
              }
              if (update.active().isPresent()) {
                next = next.withActive(update.active().get());
              }
              if (update.displayName().isPresent()) {
                next = next.withDisplayName(update.displayName().get());
              }
              boolean removesAdmin = AccessPolicy.isAdmin(current) && !AccessPolicy.isAdmin(next);
              if (removesAdmin && Pipeline.activeAdmins(tx).size() <= 1) {
                throw new InvalidInputException(
                    "role", "the last active admin cannot be demoted or deactivated");
              }
              tx.updateMember(next);
              return next;
            });
    workSignal.signal();
    return updated;
  }

  // =====================================================================================
  // Tickets: commands
  // =====================================================================================

  /**
   * Files a ticket. The ticket, its {@code CREATED} event and its analysis job are written in one
   * transaction: if this returns, the pipeline will run.
   */
  public Ticket createTicket(MemberId actorId, NewTicket draft) {
    return fileTicket(actorId, draft, TicketId.random());
  }

  /**
   * Files a ticket under an id the caller chose, at most once: when a ticket with this id exists
   * already (an earlier attempt of the same request got through, even if its caller never heard),
   * returns that ticket and writes nothing. Derive the id from what identifies the request - for
   * example the requester and an idempotency key - so that retries cannot file twice, however late
   * the first attempt commits. A ticket with this id filed by someone else is a {@link
   * NotFoundException}, as any ticket the actor may not see.
   */
  public Ticket createTicketOnce(MemberId actorId, NewTicket draft, TicketId id) {
    Objects.requireNonNull(id, "id");
    try {
      return fileTicket(actorId, draft, id);
    } catch (RuntimeException e) {
      // The id is taken: an earlier attempt (or one running at the same time) filed it. Looked up
      // only on failure, so a first attempt - the usual case - costs no extra read.
      Optional<Ticket> earlier = store.read(tx -> tx.findTicket(id));
      if (earlier.isPresent()) {
        return ownTicket(earlier.get(), actorId, id);
      }
      throw e;
    }
  }

  private static Ticket ownTicket(Ticket ticket, MemberId actorId, TicketId id) {
    if (!ticket.requester().equals(actorId)) {
      throw new TicketNotFoundException(id);
    }
    return ticket;
  }

  private Ticket fileTicket(MemberId actorId, NewTicket draft, TicketId id) {
    Objects.requireNonNull(draft, "draft");
    Instant now = now();
    Ticket ticket =
        write(
            tx -> {
              Member actor = actor(tx, actorId);
              Ticket created = Ticket.newTicket(id, actor.id(), draft, now);
              tx.insertTicket(created);
              Map<String, String> data = new LinkedHashMap<>();
              created.requestedPriority().ifPresent(p -> data.put("requestedPriority", p.name()));
              created.deadline().ifPresent(d -> data.put("deadline", d.toString()));
              tx.appendEvent(
                  NewTicketEvent.about(
                      created, EventType.CREATED, Optional.of(actor.id()), now, false, data));
              tx.enqueue(new NewJob(JobType.ANALYSE, created.id(), Map.of(), now));
              return created;
            });
    log.info("ticket {} created", ticket.id());
    return ticket;
  }

  /**
   * Moves a ticket to another status: the assigned moderator or an admin, along the transitions
   * {@link TicketStatus} allows, and only if the ticket is still at {@code expectedVersion}. The
   * requester is told by a notification.
   */
  public Ticket changeStatus(
      MemberId actorId, TicketId ticketId, TicketStatus next, long expectedVersion) {
    Objects.requireNonNull(next, "next");
    Instant now = now();
    return write(
        tx -> {
          Member actor = actor(tx, actorId);
          Ticket ticket = visibleTicket(tx, actor, ticketId);
          requireWork(actor, ticket, "change the status");
          checkVersion(ticket, expectedVersion);
          if (!ticket.status().canMoveTo(next)) {
            throw new InvalidTransitionException(ticketId, ticket.status(), next);
          }
          Ticket updated = tx.updateTicket(ticket.withStatus(next, now));
          NewTicketEvent event =
              NewTicketEvent.about(
                  updated,
                  EventType.STATUS_CHANGED,
                  Optional.of(actor.id()),
                  now,
                  false,
                  Map.of("from", ticket.status().name(), "to", next.name()));
          tx.appendEvent(event);
          if (!updated.requester().equals(actor.id())) {
            Pipeline.enqueueNotification(
                tx,
                event,
                updated.requester(),
                "status-changed",
                Map.of(
                    "from", ticket.status().name(),
                    "to", next.name(),
                    "changedBy", actor.displayName()),
                now);
          }
          return updated;
        });
  }

  /**
   * Sets (or with an empty value clears) a staff override of the ticket's priority, which wins over
   * the analysis (see {@link Priority#effective}).
   */
  public Ticket overridePriority(
      MemberId actorId, TicketId ticketId, Optional<Priority> priority, long expectedVersion) {
    Instant now = now();
    return write(
        tx -> {
          Member actor = actor(tx, actorId);
          Ticket ticket = visibleTicket(tx, actor, ticketId);
          requireWork(actor, ticket, "change the priority");
          checkVersion(ticket, expectedVersion);
          Ticket updated = tx.updateTicket(ticket.withPriorityOverride(priority, now));
          tx.appendEvent(
              NewTicketEvent.about(
                  updated,
                  EventType.PRIORITY_CHANGED,
                  Optional.of(actor.id()),
                  now,
                  false,
                  Map.of(
                      "from", ticket.effectivePriority().name(),
                      "to", updated.effectivePriority().name(),
                      "override", priority.map(Priority::name).orElse(""))));
          return updated;
        });
  }

  /**
   * Assigns or reassigns a ticket by hand (admins only) to an active moderator or admin. The
   * decision wins over any automatic assignment still in flight; it ignores capacity, because an
   * admin may knowingly overload someone.
   */
  public Ticket assign(MemberId actorId, TicketId ticketId, MemberId assigneeId) {
    Instant now = now();
    return write(
        tx -> {
          Member actor = actor(tx, actorId);
          requireAdmin(actor, "assign tickets");
          Ticket ticket = visibleTicket(tx, actor, ticketId);
          Member assignee =
              tx.findMember(assigneeId)
                  .filter(Member::active)
                  .filter(member -> member.role().isStaff())
                  .orElseThrow(
                      () ->
                          new InvalidInputException(
                              "assignee", "must be an active moderator or admin"));
          if (ticket.assignee().equals(Optional.of(assignee.id()))) {
            return ticket;
          }
          Assignment assignment =
              new Assignment(
                  assignee.id(),
                  AssignmentSource.ADMIN,
                  Optional.of(actor.id()),
                  0,
                  "assigned by " + actor.displayName(),
                  now);
          // No capacity check (an admin may knowingly overload someone), but the same lock order
          // as the pipeline's decisions: the moderator first, then the ticket.
          tx.lockCandidate(assignee.id());
          Ticket updated = tx.updateTicket(ticket.withAssignment(assignment, now));
          Map<String, String> data =
              Pipeline.assignmentData(assignment, assignee.displayName(), null);
          ticket
              .assignee()
              .ifPresent(previous -> data.put("previousAssignee", previous.toString()));
          NewTicketEvent event =
              NewTicketEvent.about(
                  updated, EventType.ASSIGNED, Optional.of(actor.id()), now, false, data);
          tx.appendEvent(event);
          if (!assignee.id().equals(actor.id())) {
            Pipeline.enqueueNotification(
                tx, event, assignee.id(), "ticket-assigned", Map.of(), now);
          }
          return updated;
        });
  }

  /** Adds a public comment: the requester, the assigned moderator or an admin. */
  public Comment comment(MemberId actorId, TicketId ticketId, String body) {
    return addComment(actorId, ticketId, body, false);
  }

  /** Adds a staff-only internal note: the assigned moderator or an admin. */
  public Comment addInternalNote(MemberId actorId, TicketId ticketId, String body) {
    return addComment(actorId, ticketId, body, true);
  }

  private Comment addComment(MemberId actorId, TicketId ticketId, String body, boolean internal) {
    Instant now = now();
    return write(
        tx -> {
          Member actor = actor(tx, actorId);
          Ticket ticket = visibleTicket(tx, actor, ticketId);
          if (internal && !AccessPolicy.canWriteInternalNote(actor, ticket)) {
            throw new AccessDeniedException("add an internal note", "staff only");
          }
          Comment comment =
              new Comment(CommentId.random(), ticketId, actor.id(), body, internal, now);
          tx.insertComment(comment);
          NewTicketEvent event =
              NewTicketEvent.about(
                  ticket,
                  internal ? EventType.INTERNAL_NOTE_ADDED : EventType.COMMENTED,
                  Optional.of(actor.id()),
                  now,
                  internal,
                  Map.of("commentId", comment.id().toString()));
          tx.appendEvent(event);
          for (MemberId recipient : otherSide(ticket, actor, internal)) {
            Pipeline.enqueueNotification(
                tx,
                event,
                recipient,
                "comment-added",
                Map.of("commentId", comment.id().toString()),
                now);
          }
          return comment;
        });
  }

  /**
   * Who hears of a comment: the requester and the assignee, except its author (and requesters never
   * hear of internal notes).
   */
  private static List<MemberId> otherSide(Ticket ticket, Member author, boolean internal) {
    List<MemberId> recipients = new ArrayList<>();
    if (!internal && !ticket.requester().equals(author.id())) {
      recipients.add(ticket.requester());
    }
    ticket
        .assignee()
        .filter(assignee -> !assignee.equals(author.id()))
        .filter(assignee -> !recipients.contains(assignee))
        .ifPresent(recipients::add);
    return recipients;
  }

  /**
   * Runs the analysis again (the assigned moderator or an admin), for example after the model was
   * changed. An assigned ticket keeps its assignee.
   */
  public void requestAnalysis(MemberId actorId, TicketId ticketId) {
    Instant now = now();
    write(
        tx -> {
          Member actor = actor(tx, actorId);
          Ticket ticket = visibleTicket(tx, actor, ticketId);
          requireWork(actor, ticket, "re-run the analysis");
          tx.appendEvent(
              NewTicketEvent.about(
                  ticket,
                  EventType.ANALYSIS_REQUESTED,
                  Optional.of(actor.id()),
                  now,
                  false,
                  Map.of()));
          tx.enqueue(new NewJob(JobType.ANALYSE, ticketId, Map.of(), now));
          return null;
        });
  }

  /** Tries the automatic assignment of a ticket in the triage queue again (admins only). */
  public void retryAssignment(MemberId actorId, TicketId ticketId) {
    Instant now = now();
    write(
        tx -> {
          Member actor = actor(tx, actorId);
          requireAdmin(actor, "retry assignments");
          Ticket ticket = visibleTicket(tx, actor, ticketId);
          if (ticket.assignment().isPresent()) {
            throw new InvalidInputException("ticketId", "the ticket is already assigned");
          }
          // Leave the triage queue now; the assign job puts it back if still no one fits.
          Ticket updated = tx.updateTicket(ticket.withNeedsTriage(false, now));
          tx.appendEvent(
              NewTicketEvent.about(
                  updated,
                  EventType.JOB_RETRIED,
                  Optional.of(actor.id()),
                  now,
                  true,
                  Map.of("jobType", JobType.ASSIGN.name())));
          tx.enqueue(new NewJob(JobType.ASSIGN, ticketId, Map.of(), now));
          return null;
        });
  }

  // =====================================================================================
  // Tickets: queries
  // =====================================================================================

  /** A ticket with the comments and history the acting member may see. */
  public TicketDetails ticket(MemberId actorId, TicketId ticketId) {
    return store.read(
        tx -> {
          Member actor = actor(tx, actorId);
          Ticket ticket = visibleTicket(tx, actor, ticketId);
          List<Comment> comments =
              tx.listComments(ticketId).stream()
                  .filter(comment -> AccessPolicy.canSeeComment(actor, ticket, comment))
                  .toList();
          List<TicketEvent> history =
              tx.listEvents(ticketId).stream()
                  .filter(event -> actor.role().isStaff() || !event.internal())
                  .toList();
          return new TicketDetails(ticket, comments, history);
        });
  }

  /**
   * A page of tickets, narrowed to what the acting member may see: a requester gets their own
   * tickets, a moderator the tickets assigned to them (or, asking with {@code requester} = self,
   * the ones they filed), an admin everything.
   */
  public Page<Ticket> tickets(MemberId actorId, TicketQuery query) {
    return store.read(
        tx -> {
          Member actor = actor(tx, actorId);
          Optional<TicketQuery> narrowed = narrow(actor, query);
          return narrowed.map(tx::listTickets).orElse(new Page<>(List.of(), Optional.empty()));
        });
  }

  private static Optional<TicketQuery> narrow(Member actor, TicketQuery query) {
    return switch (actor.role()) {
      case ADMIN -> Optional.of(query);
      case USER -> {
        if (query.requester().isPresent() && !query.requester().get().equals(actor.id())) {
          yield Optional.empty();
        }
        yield Optional.of(query.toBuilder().requester(actor.id()).build());
      }
      case MODERATOR -> {
        if (query.requester().equals(Optional.of(actor.id()))) {
          yield Optional.of(query);
        }
        if (query.assignee().isPresent() && !query.assignee().get().equals(actor.id())) {
          yield Optional.empty();
        }
        yield Optional.of(query.toBuilder().assignee(actor.id()).build());
      }
    };
  }

  /** Who the engine would assign an existing ticket to, and why (admins only). Writes nothing. */
  public AssignmentPreview previewAssignment(MemberId actorId, TicketId ticketId) {
    Instant now = now();
    return store.read(
        tx -> {
          Member actor = actor(tx, actorId);
          requireAdmin(actor, "preview assignments");
          Ticket ticket = visibleTicket(tx, actor, ticketId);
          List<Candidate> candidates = tx.assignmentCandidates();
          AssignmentDecision decision =
              assigner.decide(pipeline.requestFor(ticket, candidates, now));
          List<Skill> skills =
              ticket.analysis().map(analysis -> analysis.skills()).orElse(List.of());
          return new AssignmentPreview(
              ticket.effectivePriority(),
              skills,
              ticket.analysis().map(analysis -> analysis.producedBy()).orElse("none"),
              decision);
        });
  }

  /**
   * Who the engine would assign a ticket that has not been filed yet to, and why (admins only):
   * analyses the draft (falling back to the offline analyzer if the configured one fails) and asks
   * the assigner. Writes nothing.
   */
  public AssignmentPreview previewAssignment(MemberId actorId, NewTicket draft) {
    Instant now = now();
    store.read(
        tx -> {
          requireAdmin(actor(tx, actorId), "preview assignments");
          return null;
        });
    AnalysisRequest request = AnalysisRequest.of(draft, now);
    AnalysisResult result;
    try {
      result = analyzer.analyze(request);
    } catch (RuntimeException e) {
      result = fallbackAnalyzer.analyze(request);
    }
    List<Skill> skills =
        result.skills().stream()
            .map(skill -> taxonomy.resolve(skill.name()))
            .flatMap(Optional::stream)
            .distinct()
            .toList();
    AnalysisResult analysed = result;
    return store.read(
        tx -> {
          List<Candidate> candidates = tx.assignmentCandidates();
          AssignmentDecision decision =
              assigner.decide(
                  new io.helpdesk.core.spi.AssignmentRequest(
                      TicketId.random(), analysed.priority(), skills, candidates, now));
          return new AssignmentPreview(
              analysed.priority(), skills, analysed.producedBy(), decision);
        });
  }

  /** The dashboard figures over the last {@code days} days (admins only). */
  public Analytics analytics(MemberId actorId, int days) {
    if (days < 1 || days > 366) {
      throw new InvalidInputException("days", "must be between 1 and 366");
    }
    Instant now = now();
    return store.read(
        tx -> {
          requireAdmin(actor(tx, actorId), "read analytics");
          return tx.analytics(now, days);
        });
  }

  /** Jobs that failed for good, oldest first (admins only). */
  public List<Job> deadLetters(MemberId actorId, int limit) {
    if (limit < 1 || limit > Limits.MAX_PAGE_SIZE) {
      throw new InvalidInputException("limit", "must be between 1 and " + Limits.MAX_PAGE_SIZE);
    }
    return store.read(
        tx -> {
          requireAdmin(actor(tx, actorId), "read the dead-letter queue");
          return tx.listJobs(JobStatus.DEAD, limit);
        });
  }

  /** Puts a dead-lettered job back in the queue with fresh attempts (admins only). */
  public Job retryDeadLetter(MemberId actorId, long jobId) {
    Instant now = now();
    return write(
        tx -> {
          Member actor = actor(tx, actorId);
          requireAdmin(actor, "retry dead-lettered jobs");
          Job job = tx.retryDeadJob(jobId, now);
          tx.findTicket(job.ticketId())
              .ifPresent(
                  ticket ->
                      tx.appendEvent(
                          NewTicketEvent.about(
                              ticket,
                              EventType.JOB_RETRIED,
                              Optional.of(actor.id()),
                              now,
                              true,
                              Map.of(
                                  "jobId", Long.toString(jobId), "jobType", job.type().name()))));
          return job;
        });
  }

  /**
   * Events after {@code afterId} that the acting member may see, for catching up after a dropped
   * live connection. Continue from {@link EventBatch#lastScannedId()}.
   */
  public EventBatch eventsAfter(MemberId actorId, long afterId, int limit) {
    if (limit < 1 || limit > 1_000) {
      throw new InvalidInputException("limit", "must be between 1 and 1000");
    }
    return store.read(
        tx -> {
          Member actor = actor(tx, actorId);
          List<TicketEvent> scanned = tx.eventsAfter(afterId, limit);
          long last = scanned.isEmpty() ? afterId : scanned.get(scanned.size() - 1).id();
          List<TicketEvent> visible =
              scanned.stream().filter(event -> AccessPolicy.canSee(actor, event)).toList();
          return new EventBatch(visible, last);
        });
  }

  /** The id of the newest event: where a new live subscriber starts. */
  public long latestEventId() {
    return store.read(StoreTransaction::latestEventId);
  }

  /** Jobs waiting, running and dead: the queue depth, for metrics. */
  public Map<JobStatus, Long> queueDepth() {
    return store.read(
        tx -> {
          Map<JobStatus, Long> depth = new LinkedHashMap<>();
          for (JobStatus status : List.of(JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.DEAD)) {
            depth.put(status, tx.countJobs(status));
          }
          return depth;
        });
  }

  public EngineMetrics metrics() {
    return metrics;
  }

  public SkillTaxonomy taxonomy() {
    return taxonomy;
  }

  /** The configured analyzer's name, for health pages. */
  public String analyzerName() {
    return analyzer.name();
  }

  // =====================================================================================
  // Live events
  // =====================================================================================

  /**
   * Subscribes to committed events, delivered in id order on the publisher thread while the engine
   * is started. Filter with {@link AccessPolicy#canSee} before showing them to anyone.
   *
   * @return closes the subscription
   */
  public AutoCloseable subscribe(TicketEventListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
    return () -> listeners.remove(listener);
  }

  // =====================================================================================
  // Pipeline lifecycle
  // =====================================================================================

  /** Starts the worker threads and the event publisher. Idempotent. */
  public void start() {
    synchronized (lifecycle) {
      if (running) {
        return;
      }
      running = true;
      lastPublishedEventId.set(store.read(StoreTransaction::latestEventId));
      ThreadFactory threads = namedThreads("helpdesk-worker-");
      workers =
          providedExecutor != null || workerConcurrency == 0
              ? providedExecutor
              : Executors.newFixedThreadPool(workerConcurrency, threads);
      for (int i = 0; i < workerConcurrency; i++) {
        workers.execute(this::workLoop);
      }
      publisher = namedThreads("helpdesk-events-").newThread(this::publishLoop);
      publisher.start();
      storeSubscription =
          store.subscribe(
              new StoreListener() {
                @Override
                public void jobsEnqueued() {
                  workSignal.signal();
                }

                @Override
                public void eventsCommitted() {
                  eventSignal.signal();
                }
              });
      if (workerConcurrency == 0) {
        log.info(
            "helpdesk engine started without workers: this node files work, other nodes run it");
      } else {
        log.info(
            "helpdesk engine started: {} workers, analyzer {}, lease {}",
            workerConcurrency,
            analyzer.name(),
            lease);
      }
    }
  }

  /**
   * Stops taking new jobs and waits up to the shutdown timeout for running ones. Jobs still running
   * after that are interrupted; their leases expire and another node (or the next start) picks them
   * up, so nothing is lost.
   */
  @Override
  public void close() {
    synchronized (lifecycle) {
      if (!running) {
        return;
      }
      running = false;
      workSignal.signal();
      eventSignal.signal();
      try {
        storeSubscription.close();
      } catch (Exception e) {
        log.warn("closing the store subscription failed: {}", Pipeline.describe(e));
      }
      if (providedExecutor == null && workers != null) {
        workers.shutdown();
        try {
          if (!workers.awaitTermination(shutdownTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
            log.warn("workers still busy after {}; interrupting them", shutdownTimeout);
            workers.shutdownNow();
          }
        } catch (InterruptedException e) {
          workers.shutdownNow();
          Thread.currentThread().interrupt();
        }
      }
      publisher.interrupt();
      try {
        publisher.join(shutdownTimeout.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      log.info("helpdesk engine stopped");
    }
  }

  public boolean isRunning() {
    return running;
  }

  /**
   * Runs due jobs on the calling thread until none is due, then publishes pending events. For
   * tests, examples and hosts that drive the pipeline themselves instead of calling {@link
   * #start()}. Jobs scheduled for later (retries with backoff) are not waited for.
   *
   * @return how many jobs ran
   */
  public int runPendingJobs() {
    return runPendingJobs(Integer.MAX_VALUE);
  }

  /**
   * Like {@link #runPendingJobs()}, but stops after {@code maxJobs} jobs: drives the pipeline one
   * step at a time.
   *
   * @return how many jobs ran
   */
  public int runPendingJobs(int maxJobs) {
    int ran = 0;
    while (ran < maxJobs) {
      List<Job> jobs = store.claimDueJobs(now(), lease, 1);
      if (jobs.isEmpty()) {
        break;
      }
      pipeline.run(jobs.get(0));
      ran++;
    }
    publishPendingEvents();
    return ran;
  }

  private void workLoop() {
    while (running) {
      long seen = workSignal.generation();
      List<Job> jobs;
      try {
        jobs = store.claimDueJobs(now(), lease, claimBatch);
      } catch (RuntimeException e) {
        log.warn("claiming jobs failed: {}; retrying in {}", Pipeline.describe(e), pollInterval);
        workSignal.awaitChange(seen, pollInterval);
        continue;
      }
      if (jobs.isEmpty()) {
        workSignal.awaitChange(seen, pollInterval);
        continue;
      }
      for (Job job : jobs) {
        pipeline.run(job);
      }
      eventSignal.signal();
      if (jobs.size() == claimBatch) {
        workSignal.signal();
      }
    }
  }

  private void publishLoop() {
    while (running) {
      long seen = eventSignal.generation();
      try {
        publishPendingEvents();
      } catch (RuntimeException e) {
        log.warn("publishing events failed: {}", Pipeline.describe(e));
      }
      eventSignal.awaitChange(seen, pollInterval);
    }
  }

  private synchronized void publishPendingEvents() {
    long after = lastPublishedEventId.get();
    if (after < 0) {
      return;
    }
    while (true) {
      long from = after;
      List<TicketEvent> events = store.read(tx -> tx.eventsAfter(from, EVENT_PAGE));
      for (TicketEvent event : events) {
        for (TicketEventListener listener : listeners) {
          try {
            listener.onEvent(event);
          } catch (RuntimeException e) {
            log.warn("event listener failed on event {}: {}", event.id(), Pipeline.describe(e));
          }
        }
        after = event.id();
      }
      lastPublishedEventId.set(after);
      if (events.size() < EVENT_PAGE) {
        return;
      }
    }
  }

  // =====================================================================================
  // Helpers
  // =====================================================================================

  private <T> T write(io.helpdesk.core.spi.TransactionWork<T> work) {
    T result = store.inTransaction(work);
    workSignal.signal();
    eventSignal.signal();
    return result;
  }

  private Instant now() {
    return pipeline.now();
  }

  private static Member actor(StoreTransaction tx, MemberId actorId) {
    Objects.requireNonNull(actorId, "actorId");
    Member actor =
        tx.findMember(actorId)
            .orElseThrow(() -> new AccessDeniedException("act", "unknown member"));
    if (!actor.active()) {
      throw new AccessDeniedException("act", "the account is deactivated");
    }
    return actor;
  }

  private static Ticket visibleTicket(StoreTransaction tx, Member actor, TicketId ticketId) {
    Objects.requireNonNull(ticketId, "ticketId");
    return tx.findTicket(ticketId)
        .filter(ticket -> AccessPolicy.canView(actor, ticket))
        .orElseThrow(() -> new TicketNotFoundException(ticketId));
  }

  private static void requireAdmin(Member actor, String action) {
    if (!AccessPolicy.isAdmin(actor)) {
      throw new AccessDeniedException(action, "admins only");
    }
  }

  private static void requireWork(Member actor, Ticket ticket, String action) {
    if (!AccessPolicy.canWork(actor, ticket)) {
      throw new AccessDeniedException(action, "only the assigned moderator or an admin may");
    }
  }

  private static void checkVersion(Ticket ticket, long expectedVersion) {
    if (ticket.version() != expectedVersion) {
      throw new TicketConflictException(ticket.id(), expectedVersion, ticket.version());
    }
  }

  private static ThreadFactory namedThreads(String prefix) {
    AtomicInteger counter = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /** A generation counter threads can wait on; cheaper and simpler than a queue of signals. */
  private static final class WakeUp {
    private long generation;

    synchronized long generation() {
      return generation;
    }

    synchronized void signal() {
      generation++;
      notifyAll();
    }

    synchronized void awaitChange(long seen, Duration timeout) {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (generation == seen) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          return;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(this, remaining);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  // =====================================================================================
  // Builder
  // =====================================================================================

  /**
   * Builds a {@link HelpdeskEngine}. Only the store is required; everything else has an offline
   * default.
   */
  public static final class Builder {
    private TicketStore store;
    private SkillTaxonomy taxonomy = SkillTaxonomy.defaults();
    private TicketAnalyzer analyzer;
    private TicketAnalyzer fallbackAnalyzer;
    private Assigner assigner;
    private Notifier notifier;
    private Clock clock = Clock.systemUTC();
    private ExecutorService executor;
    private int workerConcurrency = 4;
    private int claimBatch = 1;
    private Duration lease = Duration.ofMinutes(2);
    private Duration pollInterval = Duration.ofSeconds(1);
    private Duration shutdownTimeout = Duration.ofSeconds(30);
    private RetryPolicy analysisRetry = RetryPolicy.analysisDefaults();
    private RetryPolicy deliveryRetry = RetryPolicy.deliveryDefaults();
    private RandomGenerator random = RandomGenerator.getDefault();

    private Builder() {}

    /** Where everything is kept (required). */
    public Builder store(TicketStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /** The skill vocabulary (default: {@link SkillTaxonomy#defaults()}). */
    public Builder taxonomy(SkillTaxonomy taxonomy) {
      this.taxonomy = Objects.requireNonNull(taxonomy, "taxonomy");
      return this;
    }

    /** The analyzer (default: the offline keyword analyzer). */
    public Builder analyzer(TicketAnalyzer analyzer) {
      this.analyzer = Objects.requireNonNull(analyzer, "analyzer");
      return this;
    }

    /**
     * The analyzer that answers when the configured one keeps failing (default: the offline keyword
     * analyzer). It must not fail itself.
     */
    public Builder fallbackAnalyzer(TicketAnalyzer fallbackAnalyzer) {
      this.fallbackAnalyzer = Objects.requireNonNull(fallbackAnalyzer, "fallbackAnalyzer");
      return this;
    }

    /** The assigner (default: skill-and-load). */
    public Builder assigner(Assigner assigner) {
      this.assigner = Objects.requireNonNull(assigner, "assigner");
      return this;
    }

    /** The notifier (default: logging). */
    public Builder notifier(Notifier notifier) {
      this.notifier = Objects.requireNonNull(notifier, "notifier");
      return this;
    }

    /** The clock for every timestamp and due time (default: system UTC). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Runs the worker loops on this executor instead of the engine's own threads; it needs at least
     * {@code workerConcurrency} threads free. The engine does not shut it down.
     */
    public Builder executor(ExecutorService executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * How many jobs run at once on this node (default 4). Analysis waits on the model, so raise it
     * to hide model latency: throughput is about concurrency / latency. 0 runs no workers here: a
     * node that only files work (an API node) while other nodes sharing the store run it; jobs wait
     * in the store until one does.
     */
    public Builder workerConcurrency(int workerConcurrency) {
      if (workerConcurrency < 0 || workerConcurrency > 1_024) {
        throw new IllegalArgumentException("workerConcurrency must be between 0 and 1024");
      }
      this.workerConcurrency = workerConcurrency;
      return this;
    }

    /** How many jobs a worker claims at once (default 1). */
    public Builder claimBatch(int claimBatch) {
      if (claimBatch < 1 || claimBatch > 100) {
        throw new IllegalArgumentException("claimBatch must be between 1 and 100");
      }
      this.claimBatch = claimBatch;
      return this;
    }

    /**
     * How long a claimed job stays with its worker before others may take it (default 2 min). Must
     * exceed the slowest analyzer or notifier call.
     */
    public Builder lease(Duration lease) {
      if (lease.isNegative() || lease.isZero()) {
        throw new IllegalArgumentException("lease must be positive");
      }
      this.lease = lease;
      return this;
    }

    /** How often idle workers look for due work without a signal (default 1 s). */
    public Builder pollInterval(Duration pollInterval) {
      if (pollInterval.isNegative() || pollInterval.isZero()) {
        throw new IllegalArgumentException("pollInterval must be positive");
      }
      this.pollInterval = pollInterval;
      return this;
    }

    /** How long {@link #close()} waits for running jobs (default 30 s). */
    public Builder shutdownTimeout(Duration shutdownTimeout) {
      this.shutdownTimeout = Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
      return this;
    }

    /** Retries of analysis and assignment (default {@link RetryPolicy#analysisDefaults()}). */
    public Builder analysisRetryPolicy(RetryPolicy policy) {
      this.analysisRetry = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** Retries of notifications (default {@link RetryPolicy#deliveryDefaults()}). */
    public Builder deliveryRetryPolicy(RetryPolicy policy) {
      this.deliveryRetry = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** The randomness behind retry jitter (default: the JDK's default generator). */
    public Builder random(RandomGenerator random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    public HelpdeskEngine build() {
      if (analyzer == null) {
        analyzer = new KeywordTicketAnalyzer(taxonomy);
      }
      if (fallbackAnalyzer == null) {
        fallbackAnalyzer =
            analyzer instanceof KeywordTicketAnalyzer
                ? analyzer
                : new KeywordTicketAnalyzer(taxonomy);
      }
      if (assigner == null) {
        assigner = new SkillAndLoadAssigner();
      }
      if (notifier == null) {
        notifier = new LoggingNotifier();
      }
      return new HelpdeskEngine(this);
    }
  }
}
