package io.helpdesk.core.store;

import io.helpdesk.core.InvalidInputException;
import io.helpdesk.core.LeaseLostException;
import io.helpdesk.core.NotFoundException;
import io.helpdesk.core.TicketConflictException;
import io.helpdesk.core.TicketNotFoundException;
import io.helpdesk.core.model.Analysis;
import io.helpdesk.core.model.Analytics;
import io.helpdesk.core.model.Assignment;
import io.helpdesk.core.model.Comment;
import io.helpdesk.core.model.Member;
import io.helpdesk.core.model.MemberId;
import io.helpdesk.core.model.Page;
import io.helpdesk.core.model.Priority;
import io.helpdesk.core.model.Role;
import io.helpdesk.core.model.Ticket;
import io.helpdesk.core.model.TicketCursor;
import io.helpdesk.core.model.TicketEvent;
import io.helpdesk.core.model.TicketId;
import io.helpdesk.core.model.TicketQuery;
import io.helpdesk.core.model.TicketSort;
import io.helpdesk.core.model.TicketStatus;
import io.helpdesk.core.spi.Candidate;
import io.helpdesk.core.spi.Job;
import io.helpdesk.core.spi.JobStatus;
import io.helpdesk.core.spi.NewJob;
import io.helpdesk.core.spi.NewTicketEvent;
import io.helpdesk.core.spi.StoreCapabilities;
import io.helpdesk.core.spi.StoreTransaction;
import io.helpdesk.core.spi.TicketStore;
import io.helpdesk.core.spi.TransactionWork;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Predicate;

/**
 * A {@link TicketStore} that keeps everything in memory: for embedding, tests and examples. Nothing
 * survives the JVM.
 *
 * <p>Read-write transactions run one at a time under the write half of a read-write lock, which
 * makes them trivially serialisable (and so also serialises assignment decisions, as {@link
 * StoreTransaction#assignmentCandidates()} asks). Every change is recorded in an undo log, so work
 * that throws leaves nothing behind. Event ids are handed out under the same lock, hence in commit
 * order. {@link #read} runs under the read half, concurrently with other reads, and refuses writes.
 *
 * <p>Lists are served from indexes (tickets in each sort order, per requester and per assignee;
 * jobs by due time and by status), so that a list or a claim does not scan every row.
 *
 * @since 0.1
 */
public final class InMemoryTicketStore implements TicketStore {
  private static final MemberId PROBE_REQUESTER = new MemberId(new UUID(0, 0));

  private final Clock clock;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

  private final Map<MemberId, Member> members = new HashMap<>();
  private final Map<String, MemberId> memberIdsByEmail = new HashMap<>();

  private final Map<TicketId, Ticket> tickets = new HashMap<>();
  private final Map<TicketSort, NavigableSet<Ticket>> ticketsInOrder =
      new EnumMap<>(TicketSort.class);
  private final Map<MemberId, Set<TicketId>> ticketIdsByRequester = new HashMap<>();
  private final Map<MemberId, Set<TicketId>> ticketIdsByAssignee = new HashMap<>();
  private final Map<MemberId, Integer> openTicketsByAssignee = new HashMap<>();
  private final Map<MemberId, Instant> lastAssignedAt = new HashMap<>();
  private final Map<TicketId, Instant> firstAssignedAt = new HashMap<>();

  private final Map<TicketId, List<Comment>> comments = new HashMap<>();

  private final List<TicketEvent> events = new ArrayList<>();
  private final Map<TicketId, List<TicketEvent>> eventsByTicket = new HashMap<>();

  private final Map<Long, Job> jobs = new HashMap<>();
  private final Map<JobStatus, NavigableSet<Long>> jobIdsByStatus = new EnumMap<>(JobStatus.class);
  private final NavigableSet<DueKey> queuedByRunAt = new TreeSet<>();
  private final NavigableSet<DueKey> runningByLeaseExpiry = new TreeSet<>();
  private long lastJobId;

  /** A store whose job timestamps ({@code createdAt} on enqueue) come from the system clock. */
  public InMemoryTicketStore() {
    this(Clock.systemUTC());
  }

  /**
   * A store that reads {@code clock} where the SPI passes no time (the {@code createdAt} of an
   * enqueued job).
   */
  public InMemoryTicketStore(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    for (TicketSort sort : TicketSort.values()) {
      ticketsInOrder.put(sort, new TreeSet<>(sort.comparator()));
    }
    for (JobStatus status : JobStatus.values()) {
      jobIdsByStatus.put(status, new TreeSet<>());
    }
  }

  @Override
  public <T> T inTransaction(TransactionWork<T> work) {
    return run(work, false);
  }

  @Override
  public <T> T read(TransactionWork<T> work) {
    return run(work, true);
  }

  @Override
  public List<Job> claimDueJobs(Instant now, Duration lease, int max) {
    Objects.requireNonNull(now, "now");
    if (lease.isNegative() || lease.isZero()) {
      throw new IllegalArgumentException("lease must be positive: " + lease);
    }
    if (max < 1) {
      return List.of();
    }
    return inTransaction(tx -> ((Tx) tx).claim(now, lease, max));
  }

  @Override
  public StoreCapabilities capabilities() {
    return StoreCapabilities.none();
  }

  private <T> T run(TransactionWork<T> work, boolean readOnly) {
    Objects.requireNonNull(work, "work");
    if (lock.isWriteLockedByCurrentThread() || lock.getReadHoldCount() > 0) {
      throw new IllegalStateException("store transactions do not nest");
    }
    Lock held = readOnly ? lock.readLock() : lock.writeLock();
    held.lock();
    Tx tx = new Tx(readOnly);
    try {
      return work.run(tx);
    } catch (Throwable failure) {
      tx.undo.rollback();
      throw failure;
    } finally {
      tx.open = false;
      held.unlock();
    }
  }

  /** Position of a job in a due-time index. */
  private record DueKey(Instant at, long jobId) implements Comparable<DueKey> {
    @Override
    public int compareTo(DueKey other) {
      int byTime = at.compareTo(other.at);
      return byTime != 0 ? byTime : Long.compare(jobId, other.jobId);
    }
  }

  private final class Tx implements StoreTransaction {
    private final UndoLog undo = new UndoLog();
    private final Thread owner = Thread.currentThread();
    private final boolean readOnly;
    private boolean open = true;

    Tx(boolean readOnly) {
      this.readOnly = readOnly;
    }

    private void checkUsable() {
      if (!open || Thread.currentThread() != owner) {
        throw new IllegalStateException(
            "a store transaction is valid only inside its work and on its thread");
      }
    }

    private void checkWritable() {
      checkUsable();
      if (readOnly) {
        throw new IllegalStateException("writing in a read-only transaction");
      }
    }

    // ---- members

    @Override
    public void insertMember(Member member) {
      checkWritable();
      if (members.containsKey(member.id())) {
        throw new IllegalArgumentException("member " + member.id() + " already exists");
      }
      requireFreeEmail(member);
      undo.put(members, member.id(), member);
      undo.put(memberIdsByEmail, member.email(), member.id());
    }

    @Override
    public void updateMember(Member member) {
      checkWritable();
      Member stored = members.get(member.id());
      if (stored == null) {
        throw new NotFoundException("member", member.id().toString());
      }
      requireFreeEmail(member);
      undo.remove(memberIdsByEmail, stored.email());
      undo.put(members, member.id(), member);
      undo.put(memberIdsByEmail, member.email(), member.id());
    }

    private void requireFreeEmail(Member member) {
      MemberId holder = memberIdsByEmail.get(member.email());
      if (holder != null && !holder.equals(member.id())) {
        throw new InvalidInputException("email", "is already taken by another member");
      }
    }

    @Override
    public Optional<Member> findMember(MemberId id) {
      checkUsable();
      return Optional.ofNullable(members.get(id));
    }

    @Override
    public Optional<Member> findMemberByEmail(String email) {
      checkUsable();
      MemberId id = memberIdsByEmail.get(email.strip().toLowerCase(Locale.ROOT));
      return id == null ? Optional.empty() : Optional.of(members.get(id));
    }

    @Override
    public List<Member> listMembers() {
      checkUsable();
      return members.values().stream().sorted(MEMBER_ORDER).toList();
    }

    @Override
    public List<Candidate> assignmentCandidates() {
      checkUsable();
      return members.values().stream()
          .filter(member -> member.role() == Role.MODERATOR)
          .sorted(MEMBER_ORDER)
          .map(
              member ->
                  new Candidate(
                      member,
                      openTicketsByAssignee.getOrDefault(member.id(), 0),
                      Optional.ofNullable(lastAssignedAt.get(member.id()))))
          .toList();
    }

    @Override
    public Optional<Candidate> lockCandidate(MemberId id) {
      checkUsable();
      // Transactions here are serial: nothing to lock.
      return assignmentCandidates().stream()
          .filter(candidate -> candidate.member().id().equals(id))
          .findFirst();
    }

    // ---- tickets

    @Override
    public void insertTicket(Ticket ticket) {
      checkWritable();
      if (tickets.containsKey(ticket.id())) {
        throw new IllegalArgumentException("ticket " + ticket.id() + " already exists");
      }
      writeTicket(null, ticket);
    }

    @Override
    public Ticket updateTicket(Ticket ticket) {
      checkWritable();
      Ticket stored = tickets.get(ticket.id());
      if (stored == null) {
        throw new TicketNotFoundException(ticket.id());
      }
      if (stored.version() != ticket.version()) {
        throw new TicketConflictException(ticket.id(), ticket.version(), stored.version());
      }
      Ticket written = ticket.withVersion(ticket.version() + 1);
      writeTicket(stored, written);
      return written;
    }

    /** Stores {@code next} in place of {@code previous} (null for a new ticket), with indexes. */
    private void writeTicket(Ticket previous, Ticket next) {
      undo.put(tickets, next.id(), next);
      for (NavigableSet<Ticket> ordered : ticketsInOrder.values()) {
        if (previous != null) {
          undo.remove(ordered, previous);
        }
        undo.add(ordered, next);
      }
      if (previous != null) {
        unindex(ticketIdsByRequester, previous.requester(), previous.id());
        previous.assignee().ifPresent(id -> unindex(ticketIdsByAssignee, id, previous.id()));
        countOpen(previous, -1);
      }
      index(ticketIdsByRequester, next.requester(), next.id());
      next.assignee().ifPresent(id -> index(ticketIdsByAssignee, id, next.id()));
      countOpen(next, +1);
      next.assignment().ifPresent(assignment -> recordAssignment(next.id(), assignment));
    }

    private void index(Map<MemberId, Set<TicketId>> index, MemberId member, TicketId ticket) {
      Set<TicketId> ids = index.get(member);
      if (ids == null) {
        ids = new HashSet<>();
        undo.put(index, member, ids);
      }
      undo.add(ids, ticket);
    }

    private void unindex(Map<MemberId, Set<TicketId>> index, MemberId member, TicketId ticket) {
      Set<TicketId> ids = index.get(member);
      if (ids != null) {
        undo.remove(ids, ticket);
      }
    }

    private void countOpen(Ticket ticket, int delta) {
      if (ticket.isOpen() && ticket.assignee().isPresent()) {
        MemberId assignee = ticket.assignee().get();
        undo.put(
            openTicketsByAssignee,
            assignee,
            openTicketsByAssignee.getOrDefault(assignee, 0) + delta);
      }
    }

    private void recordAssignment(TicketId ticket, Assignment assignment) {
      Instant last = lastAssignedAt.get(assignment.assignee());
      if (last == null || assignment.assignedAt().isAfter(last)) {
        undo.put(lastAssignedAt, assignment.assignee(), assignment.assignedAt());
      }
      if (!firstAssignedAt.containsKey(ticket)) {
        undo.put(firstAssignedAt, ticket, assignment.assignedAt());
      }
    }

    @Override
    public Optional<Ticket> findTicket(TicketId id) {
      checkUsable();
      return Optional.ofNullable(tickets.get(id));
    }

    @Override
    public Page<Ticket> listTickets(TicketQuery query) {
      checkUsable();
      Predicate<Ticket> wanted = query::matches;
      wanted = wanted.and(textFilter(query.text()));
      List<Ticket> page = new ArrayList<>(query.limit() + 1);
      Iterator<Ticket> candidates = candidatesInOrder(query);
      while (candidates.hasNext() && page.size() <= query.limit()) {
        Ticket ticket = candidates.next();
        if (wanted.test(ticket)) {
          page.add(ticket);
        }
      }
      if (page.size() <= query.limit()) {
        return new Page<>(page, Optional.empty());
      }
      List<Ticket> items = page.subList(0, query.limit());
      Ticket last = items.get(items.size() - 1);
      return new Page<>(items, Optional.of(TicketCursor.after(query.sort(), last).encode()));
    }

    /** The tickets that may match, after the cursor, in the query's order. */
    private Iterator<Ticket> candidatesInOrder(TicketQuery query) {
      Optional<Set<TicketId>> narrowest = narrowestIndex(query);
      if (narrowest.isPresent()) {
        Predicate<Ticket> afterCursor =
            query.after().<Predicate<Ticket>>map(cursor -> cursor::precedes).orElse(t -> true);
        return narrowest.get().stream()
            .map(tickets::get)
            .filter(afterCursor)
            .sorted(query.sort().comparator())
            .iterator();
      }
      NavigableSet<Ticket> ordered = ticketsInOrder.get(query.sort());
      return query
          .after()
          .map(cursor -> ordered.tailSet(probe(cursor), false))
          .orElse(ordered)
          .iterator();
    }

    private Optional<Set<TicketId>> narrowestIndex(TicketQuery query) {
      Optional<Set<TicketId>> byRequester =
          query.requester().map(id -> ticketIdsByRequester.getOrDefault(id, Set.of()));
      Optional<Set<TicketId>> byAssignee =
          query.assignee().map(id -> ticketIdsByAssignee.getOrDefault(id, Set.of()));
      if (byRequester.isPresent() && byAssignee.isPresent()) {
        return byRequester.get().size() <= byAssignee.get().size() ? byRequester : byAssignee;
      }
      return byRequester.or(() -> byAssignee);
    }

    // ---- comments

    @Override
    public void insertComment(Comment comment) {
      checkWritable();
      if (!tickets.containsKey(comment.ticketId())) {
        throw new TicketNotFoundException(comment.ticketId());
      }
      List<Comment> list = comments.get(comment.ticketId());
      if (list == null) {
        list = new ArrayList<>();
        undo.put(comments, comment.ticketId(), list);
      }
      undo.append(list, comment);
    }

    @Override
    public List<Comment> listComments(TicketId ticketId) {
      checkUsable();
      List<Comment> list = new ArrayList<>(comments.getOrDefault(ticketId, List.of()));
      // A stable sort: comments with equal timestamps stay in insertion order.
      list.sort(Comparator.comparing(Comment::createdAt));
      return List.copyOf(list);
    }

    // ---- events

    @Override
    public void appendEvent(NewTicketEvent event) {
      checkWritable();
      // Transactions here are serial, so numbering at append is numbering in commit order.
      TicketEvent stored = event.withId(latestEventId() + 1);
      undo.append(events, stored);
      List<TicketEvent> ofTicket = eventsByTicket.get(event.ticketId());
      if (ofTicket == null) {
        ofTicket = new ArrayList<>();
        undo.put(eventsByTicket, event.ticketId(), ofTicket);
      }
      undo.append(ofTicket, stored);
    }

    @Override
    public List<TicketEvent> listEvents(TicketId ticketId) {
      checkUsable();
      return List.copyOf(eventsByTicket.getOrDefault(ticketId, List.of()));
    }

    @Override
    public List<TicketEvent> eventsAfter(long afterId, int limit) {
      checkUsable();
      if (limit < 1) {
        return List.of();
      }
      int low = 0;
      int high = events.size();
      while (low < high) {
        int middle = (low + high) >>> 1;
        if (events.get(middle).id() <= afterId) {
          low = middle + 1;
        } else {
          high = middle;
        }
      }
      return List.copyOf(events.subList(low, Math.min(events.size(), low + limit)));
    }

    @Override
    public long latestEventId() {
      checkUsable();
      return events.isEmpty() ? 0 : events.get(events.size() - 1).id();
    }

    // ---- jobs

    @Override
    public Job enqueue(NewJob job) {
      checkWritable();
      long previousId = lastJobId;
      lastJobId++;
      undo.onRollback(() -> lastJobId = previousId);
      Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
      Job stored =
          new Job(
              lastJobId,
              job.type(),
              job.ticketId(),
              job.payload(),
              JobStatus.QUEUED,
              0,
              job.runAt(),
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              now,
              now);
      writeJob(null, stored);
      return stored;
    }

    @Override
    public Optional<Job> findJob(long jobId) {
      checkUsable();
      return Optional.ofNullable(jobs.get(jobId));
    }

    @Override
    public List<Job> listJobs(JobStatus status, int limit) {
      checkUsable();
      return jobIdsByStatus.get(status).stream().limit(Math.max(0, limit)).map(jobs::get).toList();
    }

    @Override
    public long countJobs(JobStatus status) {
      checkUsable();
      return jobIdsByStatus.get(status).size();
    }

    @Override
    public void completeJob(long jobId, UUID leaseToken, Instant now) {
      Job job = leased(jobId, leaseToken);
      writeJob(
          job, changed(job, JobStatus.DONE, job.attempts(), job.runAt(), job.lastError(), now));
    }

    @Override
    public void rescheduleJob(
        long jobId, UUID leaseToken, Instant runAt, String error, Instant now) {
      Job job = leased(jobId, leaseToken);
      writeJob(job, changed(job, JobStatus.QUEUED, job.attempts(), runAt, Optional.of(error), now));
    }

    @Override
    public void deadLetterJob(long jobId, UUID leaseToken, String error, Instant now) {
      Job job = leased(jobId, leaseToken);
      writeJob(
          job, changed(job, JobStatus.DEAD, job.attempts(), job.runAt(), Optional.of(error), now));
    }

    @Override
    public Job retryDeadJob(long jobId, Instant now) {
      checkWritable();
      Job job = jobs.get(jobId);
      if (job == null || job.status() != JobStatus.DEAD) {
        throw new NotFoundException("job", Long.toString(jobId));
      }
      Job retried = changed(job, JobStatus.QUEUED, 0, now, job.lastError(), now);
      writeJob(job, retried);
      return retried;
    }

    @Override
    public int pruneDoneJobs(Instant before) {
      checkWritable();
      List<Job> old =
          jobIdsByStatus.get(JobStatus.DONE).stream()
              .map(jobs::get)
              .filter(job -> job.updatedAt().isBefore(before))
              .toList();
      for (Job job : old) {
        undo.remove(jobs, job.id());
        undo.remove(jobIdsByStatus.get(JobStatus.DONE), job.id());
      }
      return old.size();
    }

    List<Job> claim(Instant now, Duration lease, int max) {
      DueKey horizon = new DueKey(now, Long.MAX_VALUE);
      List<Job> expired =
          runningByLeaseExpiry.headSet(horizon, true).stream()
              .map(key -> jobs.get(key.jobId()))
              .sorted(Comparator.comparing(Job::runAt).thenComparingLong(Job::id))
              .toList();
      Iterator<Job> queued =
          queuedByRunAt.headSet(horizon, true).stream()
              .map(key -> jobs.get(key.jobId()))
              .iterator();
      List<Job> due = new ArrayList<>(max);
      int nextExpired = 0;
      Job nextQueued = queued.hasNext() ? queued.next() : null;
      while (due.size() < max && (nextQueued != null || nextExpired < expired.size())) {
        Job expiredHead = nextExpired < expired.size() ? expired.get(nextExpired) : null;
        if (nextQueued == null || (expiredHead != null && dueFirst(expiredHead, nextQueued))) {
          due.add(expiredHead);
          nextExpired++;
        } else {
          due.add(nextQueued);
          nextQueued = queued.hasNext() ? queued.next() : null;
        }
      }
      List<Job> claimed = new ArrayList<>(due.size());
      for (Job job : due) {
        Job running =
            new Job(
                job.id(),
                job.type(),
                job.ticketId(),
                job.payload(),
                JobStatus.RUNNING,
                job.attempts() + 1,
                now,
                job.lastError(),
                Optional.of(UUID.randomUUID()),
                Optional.of(now.plus(lease)),
                job.createdAt(),
                now);
        writeJob(job, running);
        claimed.add(running);
      }
      return List.copyOf(claimed);
    }

    private boolean dueFirst(Job left, Job right) {
      int byRunAt = left.runAt().compareTo(right.runAt());
      return byRunAt != 0 ? byRunAt < 0 : left.id() < right.id();
    }

    private Job leased(long jobId, UUID leaseToken) {
      checkWritable();
      Job job = jobs.get(jobId);
      if (job == null
          || job.status() != JobStatus.RUNNING
          || !job.leaseToken().equals(Optional.of(leaseToken))) {
        throw new LeaseLostException(jobId);
      }
      return job;
    }

    private Job changed(
        Job job,
        JobStatus status,
        int attempts,
        Instant runAt,
        Optional<String> lastError,
        Instant now) {
      return new Job(
          job.id(),
          job.type(),
          job.ticketId(),
          job.payload(),
          status,
          attempts,
          runAt,
          lastError,
          Optional.empty(),
          Optional.empty(),
          job.createdAt(),
          now);
    }

    private void writeJob(Job previous, Job next) {
      if (previous != null) {
        undo.remove(jobIdsByStatus.get(previous.status()), previous.id());
        dueKey(previous).ifPresent(key -> undo.remove(dueIndex(previous), key));
      }
      undo.put(jobs, next.id(), next);
      undo.add(jobIdsByStatus.get(next.status()), next.id());
      dueKey(next).ifPresent(key -> undo.add(dueIndex(next), key));
    }

    private Optional<DueKey> dueKey(Job job) {
      return switch (job.status()) {
        case QUEUED -> Optional.of(new DueKey(job.runAt(), job.id()));
        case RUNNING -> job.leaseExpiresAt().map(expiry -> new DueKey(expiry, job.id()));
        case DONE, DEAD -> Optional.empty();
      };
    }

    private NavigableSet<DueKey> dueIndex(Job job) {
      return job.status() == JobStatus.QUEUED ? queuedByRunAt : runningByLeaseExpiry;
    }

    // ---- analytics

    @Override
    public Analytics analytics(Instant now, int days) {
      checkUsable();
      Analytics.Window window = Analytics.Window.ending(now, days);

      Map<TicketStatus, Long> byStatus = zeros(TicketStatus.class);
      Map<Priority, Long> byPriority = zeros(Priority.class);
      long[] perDay = new long[days];
      List<Duration> toAssign = new ArrayList<>();
      List<Duration> toComplete = new ArrayList<>();
      Map<MemberId, Long> completedByAssignee = new HashMap<>();
      long overdue = 0;
      long analysed = 0;
      long fallbacks = 0;
      for (Ticket ticket : tickets.values()) {
        byStatus.merge(ticket.status(), 1L, Long::sum);
        if (ticket.isOpen()) {
          byPriority.merge(ticket.effectivePriority(), 1L, Long::sum);
          if (ticket.dueAt().map(due -> due.isBefore(now)).orElse(false)) {
            overdue++;
          }
        } else {
          ticket.assignee().ifPresent(id -> completedByAssignee.merge(id, 1L, Long::sum));
        }
        Instant created = ticket.createdAt();
        if (!window.contains(created)) {
          continue;
        }
        perDay[window.dayIndex(created)]++;
        Instant assigned = firstAssignedAt.get(ticket.id());
        if (assigned != null) {
          toAssign.add(Duration.between(created, assigned));
        }
        ticket.completedAt().ifPresent(done -> toComplete.add(Duration.between(created, done)));
        if (ticket.analysis().isPresent()) {
          analysed++;
          if (ticket.analysis().map(Analysis::fallback).orElse(false)) {
            fallbacks++;
          }
        }
      }
      List<Analytics.DayCount> createdPerDay = new ArrayList<>(days);
      for (int offset = 0; offset < days; offset++) {
        createdPerDay.add(
            new Analytics.DayCount(window.firstDay().plusDays(offset), perDay[offset]));
      }
      List<Analytics.ModeratorLoad> moderators =
          members.values().stream()
              .filter(member -> member.role() == Role.MODERATOR)
              .sorted(MEMBER_ORDER)
              .map(
                  member ->
                      new Analytics.ModeratorLoad(
                          member.id(),
                          member.displayName(),
                          openTicketsByAssignee.getOrDefault(member.id(), 0),
                          completedByAssignee.getOrDefault(member.id(), 0L),
                          member.capacity()))
              .toList();
      return new Analytics(
          now,
          tickets.size(),
          byStatus,
          byPriority,
          createdPerDay,
          percentiles(toAssign),
          percentiles(toComplete),
          moderators,
          overdue,
          analysed == 0 ? 0.0 : (double) fallbacks / analysed);
    }
  }

  private static final Comparator<Member> MEMBER_ORDER =
      Comparator.comparing(Member::displayName)
          .thenComparing(
              (left, right) -> TicketSort.compareUuids(left.id().value(), right.id().value()));

  /** A ticket that sorts exactly where {@code cursor} points, to seek in the ordered indexes. */
  private static Ticket probe(TicketCursor cursor) {
    return new Ticket(
        cursor.id(),
        "",
        "",
        PROBE_REQUESTER,
        Optional.empty(),
        Optional.of(cursor.dueSortKey()),
        TicketStatus.TODO,
        Optional.of(Priority.fromRank(cursor.priorityRank())),
        Optional.empty(),
        Optional.empty(),
        false,
        0,
        cursor.createdAt(),
        cursor.createdAt(),
        Optional.empty());
  }

  /** Every word of the search text must occur, ignoring case, in the title or the description. */
  private static Predicate<Ticket> textFilter(Optional<String> text) {
    if (text.isEmpty()) {
      return ticket -> true;
    }
    List<String> words =
        Arrays.stream(text.get().toLowerCase(Locale.ROOT).split("\\s+"))
            .filter(word -> !word.isEmpty())
            .toList();
    return ticket -> {
      String title = ticket.title().toLowerCase(Locale.ROOT);
      String description = ticket.description().toLowerCase(Locale.ROOT);
      return words.stream().allMatch(word -> title.contains(word) || description.contains(word));
    };
  }

  private static <E extends Enum<E>> Map<E, Long> zeros(Class<E> type) {
    Map<E, Long> counts = new EnumMap<>(type);
    for (E constant : type.getEnumConstants()) {
      counts.put(constant, 0L);
    }
    return counts;
  }

  /** Median and 90th percentile by the nearest-rank method. */
  private static Analytics.Percentiles percentiles(List<Duration> samples) {
    if (samples.isEmpty()) {
      return Analytics.Percentiles.none();
    }
    List<Duration> sorted = samples.stream().sorted().toList();
    return new Analytics.Percentiles(
        Optional.of(nearestRank(sorted, 50)), Optional.of(nearestRank(sorted, 90)), sorted.size());
  }

  private static Duration nearestRank(List<Duration> sorted, int percent) {
    int rank = (percent * sorted.size() + 99) / 100;
    return sorted.get(Math.max(rank, 1) - 1);
  }
}
