package io.helpdesk.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.helpdesk.core.InvalidInputException;
import io.helpdesk.core.LeaseLostException;
import io.helpdesk.core.NotFoundException;
import io.helpdesk.core.StoreUnavailableException;
import io.helpdesk.core.TicketConflictException;
import io.helpdesk.core.TicketNotFoundException;
import io.helpdesk.core.model.Analysis;
import io.helpdesk.core.model.Analytics;
import io.helpdesk.core.model.Assignment;
import io.helpdesk.core.model.AssignmentSource;
import io.helpdesk.core.model.Comment;
import io.helpdesk.core.model.CommentId;
import io.helpdesk.core.model.EventType;
import io.helpdesk.core.model.Member;
import io.helpdesk.core.model.MemberId;
import io.helpdesk.core.model.NewTicket;
import io.helpdesk.core.model.Page;
import io.helpdesk.core.model.Priority;
import io.helpdesk.core.model.Role;
import io.helpdesk.core.model.Skill;
import io.helpdesk.core.model.Ticket;
import io.helpdesk.core.model.TicketEvent;
import io.helpdesk.core.model.TicketId;
import io.helpdesk.core.model.TicketQuery;
import io.helpdesk.core.model.TicketSort;
import io.helpdesk.core.model.TicketStatus;
import io.helpdesk.core.spi.Candidate;
import io.helpdesk.core.spi.Job;
import io.helpdesk.core.spi.JobStatus;
import io.helpdesk.core.spi.JobType;
import io.helpdesk.core.spi.NewJob;
import io.helpdesk.core.spi.NewTicketEvent;
import io.helpdesk.core.spi.StoreTransaction;
import io.helpdesk.core.spi.TicketStore;
import io.helpdesk.core.spi.TransactionWork;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The contract every {@link TicketStore} must pass. Extend it, return a fresh, empty store from
 * {@link #createStore()} and release it in {@link #destroyStore(TicketStore)}.
 *
 * <p>Timestamps come from {@link #clock}, truncated to microseconds (what databases keep). Tests
 * never wait for real time; a few start real threads to check behaviour under contention, and retry
 * work that fails with {@link StoreUnavailableException} as the engine would.
 *
 * <h2>What a database store needs to pass</h2>
 *
 * <ul>
 *   <li><b>Event ids in commit order.</b> A plain sequence is not enough: a transaction that drew a
 *       smaller id may commit after a reader has seen a larger one. Either number events after
 *       commit (append them without a position; one serialised pass numbers what has committed,
 *       before {@code inTransaction} returns - jooq-store's {@code EventSequencer}), or serialise
 *       event-appending transactions from the first append until commit (simple, but every writer
 *       then waits for every other's commit).
 *   <li><b>Serialised assignment decisions.</b> {@code lockCandidate} takes a lock on that
 *       moderator held until commit, and counts their open tickets in a statement that runs
 *       <em>after</em> the lock was granted (under REPEATABLE READ the snapshot would predate the
 *       lock).
 *   <li><b>Load the store tracks itself:</b> open tickets per assignee, the latest assignment time
 *       per moderator (kept when a ticket is reassigned away) and each ticket's first assignment
 *       time (for analytics) are derived from ticket writes, not from events.
 *   <li><b>Exact analytics.</b> Counters a store keeps to answer analytics fast must follow every
 *       status, priority, assignment and analysis change exactly, count nothing of a rolled-back or
 *       conflicting write, include a transaction's own writes, and stay exact under concurrent
 *       writers.
 *   <li><b>Orders:</b> UUIDs compare as unsigned bytes; comments with equal {@code createdAt} keep
 *       insertion order (a sequence column); jobs are listed and tie-broken by id.
 *   <li><b>Exceptions pass through unchanged:</b> the same instance the work threw, not a wrapper.
 * </ul>
 */
public abstract class TicketStoreContractTest {
  /** The clock the tests read; a store that needs one (for job timestamps) may use it. */
  protected final MutableClock clock = MutableClock.startingMonday();

  /** The store under test, fresh for each test. */
  protected TicketStore store;

  /** A fresh, empty store. */
  protected abstract TicketStore createStore();

  /** Releases what {@link #createStore()} made; does nothing by default. */
  protected void destroyStore(TicketStore store) {}

  @BeforeEach
  void createStoreUnderTest() {
    store = createStore();
  }

  @AfterEach
  void destroyStoreUnderTest() {
    destroyStore(store);
  }

  // ---- helpers

  protected Instant now() {
    return clock.instant();
  }

  protected <T> T inTx(TransactionWork<T> work) {
    return store.inTransaction(work);
  }

  protected <T> T read(TransactionWork<T> work) {
    return store.read(work);
  }

  protected void write(Consumer<StoreTransaction> work) {
    store.inTransaction(
        tx -> {
          work.accept(tx);
          return null;
        });
  }

  protected Member saved(Member member) {
    write(tx -> tx.insertMember(member));
    return member;
  }

  protected Ticket saved(Ticket ticket) {
    write(tx -> tx.insertTicket(ticket));
    return ticket;
  }

  protected Ticket updated(Ticket ticket) {
    return inTx(tx -> tx.updateTicket(ticket));
  }

  protected Optional<Ticket> findTicket(TicketId id) {
    return read(tx -> tx.findTicket(id));
  }

  protected Page<Ticket> list(TicketQuery query) {
    return read(tx -> tx.listTickets(query));
  }

  protected List<String> titles(TicketQuery.Builder query) {
    return list(query.limit(200).build()).items().stream().map(Ticket::title).toList();
  }

  protected Job enqueued(Instant runAt) {
    TicketId ticketId = TicketId.random();
    return inTx(tx -> tx.enqueue(new NewJob(JobType.ANALYSE, ticketId, Map.of(), runAt)));
  }

  protected Optional<Job> findJob(long id) {
    return read(tx -> tx.findJob(id));
  }

  protected Optional<Member> findMember(MemberId id) {
    return read(tx -> tx.findMember(id));
  }

  protected Optional<Member> findMemberByEmail(String email) {
    return read(tx -> tx.findMemberByEmail(email));
  }

  protected List<Comment> comments(TicketId ticketId) {
    return read(tx -> tx.listComments(ticketId));
  }

  protected List<TicketEvent> events(TicketId ticketId) {
    return read(tx -> tx.listEvents(ticketId));
  }

  protected List<TicketEvent> eventsAfter(long afterId, int limit) {
    return read(tx -> tx.eventsAfter(afterId, limit));
  }

  /**
   * Appends one event in a transaction of its own and returns it as the log shows it once {@link
   * TicketStore#inTransaction} has returned: with its position, and otherwise as appended.
   */
  protected TicketEvent appended(NewTicketEvent event) {
    long before = read(StoreTransaction::latestEventId);
    write(tx -> tx.appendEvent(event));
    List<TicketEvent> after = eventsAfter(before, 10);
    assertThat(after).as("the event is in the log once inTransaction has returned").hasSize(1);
    TicketEvent logged = after.get(0);
    assertThat(logged).isEqualTo(event.withId(logged.id()));
    return logged;
  }

  protected long countJobs(JobStatus status) {
    return read(tx -> tx.countJobs(status));
  }

  protected List<Job> listJobs(JobStatus status, int limit) {
    return read(tx -> tx.listJobs(status, limit));
  }

  protected static Assignment assignment(MemberId assignee, Instant at) {
    return TestData.engineAssignment(assignee, at);
  }

  protected static NewTicketEvent event(Ticket ticket, EventType type, Instant at) {
    return NewTicketEvent.about(ticket, type, Optional.empty(), at, false, Map.of());
  }

  // ---- members

  @Nested
  @DisplayName("Members")
  class Members {

    @Test
    @DisplayName("an inserted member is found by id and by email in any case")
    void insertAndFind() {
      Member alice =
          saved(
              new Member(
                  MemberId.random(),
                  "Alice.Archer@Example.com",
                  "Alice Archer",
                  Role.MODERATOR,
                  TestData.skills("react", "api"),
                  4,
                  true,
                  now()));

      assertThat(findMember(alice.id())).contains(alice);
      assertThat(findMemberByEmail("ALICE.ARCHER@example.COM")).contains(alice);
      assertThat(findMemberByEmail("bob@example.com")).isEmpty();
      assertThat(findMember(MemberId.random())).isEmpty();
    }

    @Test
    @DisplayName("a taken email, in any case, is an input error on email and writes nothing")
    void uniqueEmail() {
      Member first =
          saved(
              new Member(
                  MemberId.random(),
                  "dup@example.com",
                  "First",
                  Role.USER,
                  Set.of(),
                  0,
                  true,
                  now()));
      Member second =
          new Member(
              MemberId.random(), "DUP@example.com", "Second", Role.USER, Set.of(), 0, true, now());

      Ticket ticket = TestData.ticket(first.id(), "Written before the clash", now());

      InvalidInputException error =
          catchThrowableOfType(
              InvalidInputException.class,
              () ->
                  write(
                      tx -> {
                        tx.insertTicket(ticket);
                        tx.insertMember(second);
                      }));

      assertThat(error).isNotNull();
      assertThat(error.field()).isEqualTo("email");
      assertThat(findMember(second.id())).isEmpty();
      assertThat(findTicket(ticket.id())).isEmpty();
      assertThat(findMemberByEmail("dup@example.com")).contains(first);
    }

    @Test
    @DisplayName("updateMember replaces a member; an unknown one is not found")
    void update() {
      Member bob = saved(TestData.moderator("Bob", 2, now(), "network"));
      Member changed =
          bob.withRole(Role.ADMIN)
              .withCapacity(7)
              .withActive(false)
              .withSkills(TestData.skills("linux"))
              .withDisplayName("Robert");

      write(tx -> tx.updateMember(changed));

      assertThat(findMember(bob.id())).contains(changed);
      Member stranger = TestData.requester("Stranger", now());
      assertThatThrownBy(() -> write(tx -> tx.updateMember(stranger)))
          .isInstanceOf(NotFoundException.class);
      assertThat(findMember(stranger.id())).isEmpty();
    }

    @Test
    @DisplayName("updating a member to another member's email is an input error on email")
    void updateToTakenEmail() {
      Member alice = saved(TestData.requester("Alice", now()));
      Member bob = saved(TestData.requester("Bob", now()));
      Member clash =
          new Member(
              bob.id(),
              alice.email().toUpperCase(),
              "Bob",
              Role.USER,
              Set.of(),
              0,
              true,
              bob.createdAt());

      InvalidInputException error =
          catchThrowableOfType(
              InvalidInputException.class, () -> write(tx -> tx.updateMember(clash)));

      assertThat(error).isNotNull();
      assertThat(error.field()).isEqualTo("email");
      assertThat(findMember(bob.id())).contains(bob);
    }

    @Test
    @DisplayName("listMembers orders by display name, then by id as unsigned bytes")
    void ordering() {
      Member carol = saved(TestData.requester("Carol Cook", now()));
      Member highId =
          saved(
              new Member(
                  new MemberId(new UUID(0x8000_0000_0000_0000L, 1)),
                  "bob.high@example.com",
                  "Bob Baker",
                  Role.USER,
                  Set.of(),
                  0,
                  true,
                  now()));
      Member lowId =
          saved(
              new Member(
                  new MemberId(new UUID(1, 1)),
                  "bob.low@example.com",
                  "Bob Baker",
                  Role.ADMIN,
                  Set.of(),
                  0,
                  true,
                  now()));
      Member alice = saved(TestData.moderator("Alice Archer", 3, now(), "react"));

      assertThat(read(StoreTransaction::listMembers)).containsExactly(alice, lowId, highId, carol);
    }
  }

  // ---- assignment candidates

  @Nested
  @DisplayName("Assignment candidates")
  class Candidates {

    @Test
    @DisplayName("are every moderator, active or not, with open load and last assignment time")
    void loadAndLastAssigned() {
      Instant start = now();
      Member requester = saved(TestData.requester("Rita", start));
      saved(TestData.admin("Ada", start));
      Member mia = saved(TestData.moderator("Mia", 3, start, "react"));
      Member noah = saved(TestData.moderator("Noah", 2, start, "linux").withActive(false));
      Member idle = saved(TestData.moderator("Olga", 1, start));

      Ticket open = saved(TestData.ticket(requester.id(), "Open one", start));
      Ticket done = saved(TestData.ticket(requester.id(), "Done one", start));
      Ticket moved = saved(TestData.ticket(requester.id(), "Moved one", start));
      Ticket byAdmin = saved(TestData.ticket(requester.id(), "Admin one", start));
      Instant t1 = start.plusSeconds(60);
      Instant t2 = start.plusSeconds(120);
      Instant t3 = start.plusSeconds(180);
      Instant t4 = start.plusSeconds(240);
      updated(open.withAssignment(assignment(mia.id(), t1), t1));
      Ticket doneAssigned = updated(done.withAssignment(assignment(mia.id(), t3), t3));
      updated(doneAssigned.withStatus(TicketStatus.COMPLETED, t4));
      Ticket movedOnce = updated(moved.withAssignment(assignment(noah.id(), t2), t2));
      updated(movedOnce.withAssignment(assignment(mia.id(), t2), t2));
      updated(
          byAdmin.withAssignment(
              new Assignment(
                  noah.id(), AssignmentSource.ADMIN, Optional.of(mia.id()), 0, "by hand", t1),
              t1));

      Map<MemberId, Candidate> candidates =
          read(StoreTransaction::assignmentCandidates).stream()
              .collect(Collectors.toMap(candidate -> candidate.member().id(), c -> c));

      assertThat(candidates).containsOnlyKeys(mia.id(), noah.id(), idle.id());
      assertThat(candidates.get(mia.id()).member()).isEqualTo(mia);
      assertThat(candidates.get(mia.id()).openTickets()).isEqualTo(2);
      assertThat(candidates.get(mia.id()).lastAssignedAt()).contains(t3);
      assertThat(candidates.get(noah.id()).member().active()).isFalse();
      assertThat(candidates.get(noah.id()).openTickets()).isEqualTo(1);
      assertThat(candidates.get(noah.id()).lastAssignedAt()).contains(t2);
      assertThat(candidates.get(idle.id()).openTickets()).isZero();
      assertThat(candidates.get(idle.id()).lastAssignedAt()).isEmpty();
      for (Candidate candidate : candidates.values()) {
        Optional<Candidate> locked = inTx(tx -> tx.lockCandidate(candidate.member().id()));
        assertThat(locked).as("lockCandidate answers as assignmentCandidates").contains(candidate);
      }
      Optional<Candidate> requesterLocked = inTx(tx -> tx.lockCandidate(requester.id()));
      assertThat(requesterLocked).as("not a moderator").isEmpty();
      Optional<Candidate> unknown = inTx(tx -> tx.lockCandidate(MemberId.random()));
      assertThat(unknown).as("no such member").isEmpty();
    }

    @Test
    @DisplayName("reopening a completed ticket counts it as open again")
    void reopenCounts() {
      Member requester = saved(TestData.requester("Rita", now()));
      Member mia = saved(TestData.moderator("Mia", 3, now()));
      Ticket ticket = saved(TestData.ticket(requester.id(), "Printer", now()));
      Ticket assigned = updated(ticket.withAssignment(assignment(mia.id(), now()), now()));
      Ticket completed = updated(assigned.withStatus(TicketStatus.COMPLETED, now()));
      assertThat(read(StoreTransaction::assignmentCandidates).get(0).openTickets()).isZero();

      updated(completed.withStatus(TicketStatus.TODO, now()));

      assertThat(read(StoreTransaction::assignmentCandidates).get(0).openTickets()).isEqualTo(1);
    }

    @Test
    @DisplayName("concurrent assigners never fill a moderator beyond capacity")
    void serialisedDecisions() throws Exception {
      Member requester = saved(TestData.requester("Rita", now()));
      Member mia = saved(TestData.moderator("Mia", 3, now()));
      int threads = 8;
      List<Ticket> tickets = new ArrayList<>();
      for (int i = 0; i < threads * 3; i++) {
        tickets.add(saved(TestData.ticket(requester.id(), "Ticket " + i, now())));
      }
      Instant at = now();
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int worker = 0; worker < threads; worker++) {
          List<Ticket> mine = tickets.subList(worker * 3, worker * 3 + 3);
          futures.add(
              pool.submit(
                  () -> {
                    start.await();
                    for (Ticket ticket : mine) {
                      retryWhileUnavailable(
                          () ->
                              write(
                                  tx -> {
                                    Candidate candidate = tx.lockCandidate(mia.id()).orElseThrow();
                                    if (candidate.hasRoom()) {
                                      tx.updateTicket(
                                          ticket.withAssignment(assignment(mia.id(), at), at));
                                    }
                                  }));
                    }
                    return null;
                  }));
        }
        start.countDown();
        for (Future<?> future : futures) {
          future.get(2, TimeUnit.MINUTES);
        }
      } finally {
        pool.shutdownNow();
      }

      assertThat(read(StoreTransaction::assignmentCandidates).get(0).openTickets()).isEqualTo(3);
      assertThat(list(TicketQuery.builder().assignee(mia.id()).build()).items()).hasSize(3);
    }
  }

  /** Retries work that hit a transient conflict, as the engine does. */
  protected static void retryWhileUnavailable(Runnable work) {
    for (int attempt = 1; ; attempt++) {
      try {
        work.run();
        return;
      } catch (StoreUnavailableException e) {
        if (attempt >= 50) {
          throw e;
        }
      }
    }
  }

  // ---- tickets

  @Nested
  @DisplayName("Tickets")
  class Tickets {

    @Test
    @DisplayName("a new ticket with every optional empty round-trips unchanged")
    void minimalRoundTrip() {
      Member requester = saved(TestData.requester("Rita", now()));
      Ticket ticket = saved(TestData.ticket(requester.id(), "Printer jam", now()));

      assertThat(findTicket(ticket.id())).contains(ticket);
      assertThat(findTicket(TicketId.random())).isEmpty();
    }

    @Test
    @DisplayName("every field round-trips, on insert and on update")
    void fullRoundTrip() {
      Member requester = saved(TestData.requester("Rita", now()));
      Member moderator = saved(TestData.moderator("Mia", 3, now(), "react", "api"));
      Member admin = saved(TestData.admin("Ada", now()));
      Instant created = now();
      Analysis analysis =
          new Analysis(
              Priority.HIGH,
              List.of(Skill.of("react"), Skill.of("api"), Skill.of("database")),
              "Check the <b>cache</b> first.\nThen the API.",
              "gemini-2.5-flash",
              created.plusSeconds(5),
              true);
      Assignment byAdmin =
          new Assignment(
              moderator.id(),
              AssignmentSource.ADMIN,
              Optional.of(admin.id()),
              0.75,
              "matches react, api; 2 of 5 open",
              created.plusSeconds(30));
      Ticket full =
          new Ticket(
              TicketId.random(),
              "Checkout is slow",
              "Since Monday the checkout takes 30 s.\n\tSee attached.",
              requester.id(),
              Optional.of(Priority.URGENT),
              Optional.of(created.plus(Duration.ofDays(2))),
              TicketStatus.COMPLETED,
              Optional.of(Priority.LOW),
              Optional.of(analysis),
              Optional.of(byAdmin),
              true,
              0,
              created,
              created.plusSeconds(90),
              Optional.of(created.plusSeconds(90)));

      saved(full);
      assertThat(findTicket(full.id())).contains(full);

      Ticket plain = saved(TestData.ticket(requester.id(), "Plain", created));
      Ticket rewritten =
          new Ticket(
              plain.id(),
              full.title(),
              full.description(),
              requester.id(),
              full.requestedPriority(),
              full.deadline(),
              full.status(),
              full.priorityOverride(),
              full.analysis(),
              full.assignment(),
              full.needsTriage(),
              plain.version(),
              plain.createdAt(),
              full.updatedAt(),
              full.completedAt());
      Ticket written = updated(rewritten);

      assertThat(written).isEqualTo(rewritten.withVersion(1));
      assertThat(findTicket(plain.id())).contains(rewritten.withVersion(1));
      assertThat(findTicket(plain.id()).orElseThrow().analysis().orElseThrow().skills())
          .extracting(Skill::name)
          .containsExactly("react", "api", "database");
    }

    @Test
    @DisplayName("an engine assignment without decidedBy round-trips")
    void engineAssignmentRoundTrip() {
      Member requester = saved(TestData.requester("Rita", now()));
      Member moderator = saved(TestData.moderator("Mia", 3, now()));
      Ticket ticket = saved(TestData.ticket(requester.id(), "VPN", now()));

      Ticket assigned = updated(ticket.withAssignment(assignment(moderator.id(), now()), now()));

      assertThat(findTicket(ticket.id())).contains(assigned);
      assertThat(assigned.assignment().orElseThrow().decidedBy()).isEmpty();
    }

    @Test
    @DisplayName("updateTicket bumps the version; a stale version conflicts and writes nothing")
    void optimisticLocking() {
      Member requester = saved(TestData.requester("Rita", now()));
      Ticket original = saved(TestData.ticket(requester.id(), "Printer jam", now()));
      clock.advance(Duration.ofMinutes(1));

      Ticket first = updated(original.withPriorityOverride(Optional.of(Priority.HIGH), now()));
      assertThat(first.version()).isEqualTo(1);
      Ticket second = updated(first.withNeedsTriage(true, now()));
      assertThat(second.version()).isEqualTo(2);

      Ticket stale = original.withStatus(TicketStatus.COMPLETED, now());
      TicketConflictException conflict =
          catchThrowableOfType(
              TicketConflictException.class,
              () ->
                  write(
                      tx -> {
                        tx.appendEvent(event(original, EventType.STATUS_CHANGED, now()));
                        tx.updateTicket(stale);
                      }));

      assertThat(conflict).isNotNull();
      assertThat(conflict.ticketId()).isEqualTo(original.id());
      assertThat(conflict.expectedVersion()).isZero();
      assertThat(conflict.actualVersion()).isEqualTo(2);
      assertThat(findTicket(original.id())).contains(second);
      assertThat(events(original.id())).isEmpty();
    }

    @Test
    @DisplayName("updating a ticket that does not exist is TicketNotFoundException")
    void updateMissing() {
      Member requester = saved(TestData.requester("Rita", now()));
      Ticket ghost = TestData.ticket(requester.id(), "Ghost", now());

      TicketNotFoundException error =
          catchThrowableOfType(TicketNotFoundException.class, () -> updated(ghost));

      assertThat(error).isNotNull();
      assertThat(error.ticketId()).isEqualTo(ghost.id());
      assertThat(findTicket(ghost.id())).isEmpty();
    }
  }

  // ---- listing: filters

  @Nested
  @DisplayName("Ticket list filters")
  class Filters {
    Member rita;
    Member sam;
    Member mia;
    Member noah;

    @BeforeEach
    void dataset() {
      Instant at = now();
      rita = saved(TestData.requester("Rita", at));
      sam = saved(TestData.requester("Sam", at));
      mia = saved(TestData.moderator("Mia", 5, at));
      noah = saved(TestData.moderator("Noah", 5, at));
      // Printer jam: TODO, LOW as requested, unassigned.
      saved(
          TestData.ticket(
              rita.id(),
              "Printer jam",
              "Paper stuck in the tray",
              Optional.of(Priority.LOW),
              Optional.empty(),
              at.plusSeconds(1)));
      // VPN down: IN_PROGRESS, URGENT from the analysis (beats the requested LOW), Mia.
      saved(
          TestData.ticket(
                  rita.id(),
                  "VPN down",
                  "Cannot connect to the office network",
                  Optional.of(Priority.LOW),
                  Optional.empty(),
                  at.plusSeconds(2))
              .withAnalysis(TestData.analysis(Priority.URGENT, at), at)
              .withAssignment(assignment(mia.id(), at), at)
              .withStatus(TicketStatus.IN_PROGRESS, at));
      // Laptop battery: COMPLETED, HIGH by override (beats the analysis' LOW), Mia.
      saved(
          TestData.ticket(
                  sam.id(),
                  "Laptop battery",
                  "Battery drains quickly",
                  Optional.empty(),
                  Optional.empty(),
                  at.plusSeconds(3))
              .withAnalysis(TestData.analysis(Priority.LOW, at), at)
              .withPriorityOverride(Optional.of(Priority.HIGH), at)
              .withAssignment(assignment(mia.id(), at), at)
              .withStatus(TicketStatus.COMPLETED, at));
      // Network printer offline: TODO, MEDIUM by default, waiting for triage.
      saved(
          TestData.ticket(
                  sam.id(),
                  "Network printer offline",
                  "The device shows an error",
                  Optional.empty(),
                  Optional.empty(),
                  at.plusSeconds(4))
              .withNeedsTriage(true, at));
      // Email sync: TODO, HIGH as requested, Noah; the search word only in the description.
      saved(
          TestData.ticket(
                  rita.id(),
                  "Email sync",
                  "Outlook does not sync the PRINTER queue",
                  Optional.of(Priority.HIGH),
                  Optional.empty(),
                  at.plusSeconds(5))
              .withAssignment(assignment(noah.id(), at), at));
    }

    @Test
    @DisplayName("no filter lists every ticket")
    void noFilter() {
      assertThat(titles(TicketQuery.builder()))
          .containsExactlyInAnyOrder(
              "Printer jam", "VPN down", "Laptop battery", "Network printer offline", "Email sync");
    }

    @Test
    @DisplayName("statuses")
    void byStatus() {
      assertThat(titles(TicketQuery.builder().status(TicketStatus.TODO)))
          .containsExactlyInAnyOrder("Printer jam", "Network printer offline", "Email sync");
      assertThat(
              titles(
                  TicketQuery.builder()
                      .statuses(Set.of(TicketStatus.IN_PROGRESS, TicketStatus.COMPLETED))))
          .containsExactlyInAnyOrder("VPN down", "Laptop battery");
    }

    @Test
    @DisplayName("priorities match the effective priority")
    void byEffectivePriority() {
      assertThat(titles(TicketQuery.builder().priorities(Set.of(Priority.HIGH))))
          .containsExactlyInAnyOrder("Laptop battery", "Email sync");
      assertThat(titles(TicketQuery.builder().priorities(Set.of(Priority.URGENT))))
          .containsExactly("VPN down");
      assertThat(titles(TicketQuery.builder().priorities(Set.of(Priority.LOW))))
          .containsExactly("Printer jam");
      assertThat(titles(TicketQuery.builder().priorities(Set.of(Priority.MEDIUM, Priority.LOW))))
          .containsExactlyInAnyOrder("Printer jam", "Network printer offline");
    }

    @Test
    @DisplayName("assignee")
    void byAssignee() {
      assertThat(titles(TicketQuery.builder().assignee(mia.id())))
          .containsExactlyInAnyOrder("VPN down", "Laptop battery");
      assertThat(titles(TicketQuery.builder().assignee(rita.id()))).isEmpty();
    }

    @Test
    @DisplayName("requester")
    void byRequester() {
      assertThat(titles(TicketQuery.builder().requester(sam.id())))
          .containsExactlyInAnyOrder("Laptop battery", "Network printer offline");
    }

    @Test
    @DisplayName("needsTriage, true and false")
    void byTriage() {
      assertThat(titles(TicketQuery.builder().needsTriage(true)))
          .containsExactly("Network printer offline");
      assertThat(titles(TicketQuery.builder().needsTriage(false)))
          .containsExactlyInAnyOrder("Printer jam", "VPN down", "Laptop battery", "Email sync");
    }

    @Test
    @DisplayName("text: every word, ignoring case, in the title or the description")
    void byText() {
      assertThat(titles(TicketQuery.builder().text("printer")))
          .containsExactlyInAnyOrder("Printer jam", "Network printer offline", "Email sync");
      assertThat(titles(TicketQuery.builder().text("PRINTER network")))
          .containsExactly("Network printer offline");
      assertThat(titles(TicketQuery.builder().text("paper  printer")))
          .containsExactly("Printer jam");
      assertThat(titles(TicketQuery.builder().text("battery"))).containsExactly("Laptop battery");
      assertThat(titles(TicketQuery.builder().text("keyboard"))).isEmpty();
    }

    @Test
    @DisplayName("filters combine with AND")
    void combined() {
      assertThat(
              titles(
                  TicketQuery.builder()
                      .requester(rita.id())
                      .status(TicketStatus.TODO)
                      .priorities(Set.of(Priority.HIGH))))
          .containsExactly("Email sync");
      assertThat(titles(TicketQuery.builder().assignee(mia.id()).status(TicketStatus.COMPLETED)))
          .containsExactly("Laptop battery");
      assertThat(titles(TicketQuery.builder().text("printer").needsTriage(false)))
          .containsExactlyInAnyOrder("Printer jam", "Email sync");
      assertThat(
              titles(
                  TicketQuery.builder()
                      .requester(rita.id())
                      .assignee(noah.id())
                      .text("printer")
                      .status(TicketStatus.TODO)))
          .containsExactly("Email sync");
      assertThat(titles(TicketQuery.builder().requester(sam.id()).assignee(noah.id()))).isEmpty();
    }
  }

  // ---- listing: order and pages

  @Nested
  @DisplayName("Ticket list order and pages")
  class OrderAndPages {

    @Test
    @DisplayName("NEWEST: created_at descending, ties by id descending (unsigned)")
    void newest() {
      Member rita = saved(TestData.requester("Rita", now()));
      Instant base = now();
      saved(TestData.ticket(rita.id(), "oldest", base));
      saved(
          sortable(
              HIGH_ID, rita, "tie high", Priority.MEDIUM, Optional.empty(), base.plusSeconds(60)));
      saved(
          sortable(
              LOW_ID, rita, "tie low", Priority.MEDIUM, Optional.empty(), base.plusSeconds(60)));
      saved(TestData.ticket(rita.id(), "newest", base.plusSeconds(120)));

      assertThat(titles(TicketQuery.builder().sort(TicketSort.NEWEST)))
          .containsExactly("newest", "tie high", "tie low", "oldest");
    }

    @Test
    @DisplayName("PRIORITY: effective priority, due (none last), created, id (unsigned)")
    void priority() {
      Member rita = saved(TestData.requester("Rita", now()));
      Instant base = now();
      Optional<Instant> noDue = Optional.empty();
      Optional<Instant> tomorrow = Optional.of(base.plus(Duration.ofDays(1)));
      Optional<Instant> inTwoDays = Optional.of(base.plus(Duration.ofDays(2)));
      saved(
          sortable(UUID.randomUUID(), rita, "low due soon", Priority.LOW, Optional.of(base), base));
      saved(
          sortable(
              UUID.randomUUID(),
              rita,
              "high no due, created late",
              Priority.HIGH,
              noDue,
              base.plusSeconds(1)));
      saved(sortable(HIGH_ID, rita, "high no due, id high", Priority.HIGH, noDue, base));
      saved(sortable(LOW_ID, rita, "high no due, id low", Priority.HIGH, noDue, base));
      saved(sortable(UUID.randomUUID(), rita, "high due later", Priority.HIGH, inTwoDays, base));
      saved(
          sortable(
              UUID.randomUUID(),
              rita,
              "high due sooner, created late",
              Priority.HIGH,
              tomorrow,
              base.plusSeconds(300)));
      saved(
          TestData.ticket(
                  rita.id(),
                  "urgent by analysis",
                  "d",
                  Optional.of(Priority.LOW),
                  noDue,
                  base.plusSeconds(600))
              .withAnalysis(TestData.analysis(Priority.URGENT, base), base));
      saved(
          TestData.ticket(
                  rita.id(),
                  "medium by override",
                  "d",
                  Optional.of(Priority.URGENT),
                  tomorrow,
                  base)
              .withPriorityOverride(Optional.of(Priority.MEDIUM), base));

      assertThat(titles(TicketQuery.builder().sort(TicketSort.PRIORITY)))
          .containsExactly(
              "urgent by analysis",
              "high due sooner, created late",
              "high due later",
              "high no due, id low",
              "high no due, id high",
              "high no due, created late",
              "medium by override",
              "low due soon");
    }

    /** Ids that sort differently as signed and as unsigned numbers. */
    private static final UUID LOW_ID = new UUID(7, 7);

    private static final UUID HIGH_ID = new UUID(0x8000_0000_0000_0000L, 7);

    private Ticket sortable(
        UUID id,
        Member requester,
        String title,
        Priority requested,
        Optional<Instant> deadline,
        Instant created) {
      return Ticket.newTicket(
          new TicketId(id),
          requester.id(),
          new NewTicket(title, "Body of " + title, Optional.of(requested), deadline),
          created);
    }

    @Test
    @DisplayName("the limit is respected and the last page has no cursor, even when full")
    void limitAndLastPage() {
      Member rita = saved(TestData.requester("Rita", now()));
      for (int i = 0; i < 4; i++) {
        saved(TestData.ticket(rita.id(), "Ticket " + i, now().plusSeconds(i)));
      }

      Page<Ticket> first = list(TicketQuery.builder().limit(3).build());
      assertThat(first.items())
          .extracting(Ticket::title)
          .containsExactly("Ticket 3", "Ticket 2", "Ticket 1");
      assertThat(first.nextCursor()).isPresent();
      Page<Ticket> second =
          list(TicketQuery.builder().limit(3).cursor(first.nextCursor().get()).build());
      assertThat(second.items()).extracting(Ticket::title).containsExactly("Ticket 0");
      assertThat(second.nextCursor()).isEmpty();

      Page<Ticket> exact = list(TicketQuery.builder().limit(2).build());
      Page<Ticket> exactLast =
          list(TicketQuery.builder().limit(2).cursor(exact.nextCursor().orElseThrow()).build());
      assertThat(exactLast.items())
          .extracting(Ticket::title)
          .containsExactly("Ticket 1", "Ticket 0");
      assertThat(exactLast.nextCursor()).isEmpty();

      assertThat(list(TicketQuery.builder().limit(4).build()).nextCursor()).isEmpty();
      assertThat(list(TicketQuery.builder().requester(MemberId.random()).build()).items())
          .isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TicketSort.class)
    @DisplayName("walking every page while rows are inserted shows each original row exactly once")
    void keysetWalk(TicketSort sort) {
      Random random = new Random(20260105L + sort.ordinal());
      Instant base = now();
      Member rita = saved(TestData.requester("Rita", base));
      Member sam = saved(TestData.requester("Sam", base));
      List<Ticket> originals = new ArrayList<>();
      for (int i = 0; i < 45; i++) {
        originals.add(randomTicket(random, i % 3 == 0 ? sam : rita, "Original " + i, base));
      }
      write(tx -> originals.forEach(tx::insertTicket));

      for (Optional<MemberId> requester :
          List.of(Optional.<MemberId>empty(), Optional.of(rita.id()))) {
        List<TicketId> expected =
            originals.stream()
                .filter(ticket -> requester.map(ticket.requester()::equals).orElse(true))
                .map(Ticket::id)
                .toList();
        List<Ticket> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
          TicketQuery.Builder query = TicketQuery.builder().sort(sort).limit(7).cursor(cursor);
          requester.ifPresent(query::requester);
          Page<Ticket> page = list(query.build());
          assertThat(page.items()).hasSizeLessThanOrEqualTo(7);
          seen.addAll(page.items());
          for (int extra = 0; extra < 3; extra++) {
            saved(randomTicket(random, rita, "Inserted " + pages + "." + extra, base));
          }
          cursor = page.nextCursor().orElse(null);
          pages++;
          assertThat(pages).as("pages").isLessThan(100);
        } while (cursor != null);

        List<TicketId> seenIds = seen.stream().map(Ticket::id).toList();
        assertThat(seenIds).doesNotHaveDuplicates().containsAll(expected);
        for (int i = 1; i < seen.size(); i++) {
          assertThat(sort.comparator().compare(seen.get(i - 1), seen.get(i)))
              .as("order at position %d", i)
              .isNegative();
        }
      }
    }

    private Ticket randomTicket(Random random, Member requester, String title, Instant base) {
      Optional<Priority> requested =
          random.nextInt(4) == 0
              ? Optional.empty()
              : Optional.of(Priority.values()[random.nextInt(Priority.values().length)]);
      int dueChoice = random.nextInt(3);
      Optional<Instant> deadline =
          dueChoice == 0 ? Optional.empty() : Optional.of(base.plus(Duration.ofDays(dueChoice)));
      Instant created = base.plusSeconds(random.nextInt(5) * 60L - 120);
      return TestData.ticket(
          requester.id(), title, "Body of " + title, requested, deadline, created);
    }
  }

  // ---- transactions

  @Nested
  @DisplayName("Transactions")
  class Transactions {

    @Test
    @DisplayName("work that throws leaves nothing behind and its exception propagates unchanged")
    void rollback() {
      Member requester = TestData.requester("Rita", now());
      Member moderator = TestData.moderator("Mia", 3, now());
      Ticket ticket =
          TestData.ticket(requester.id(), "Printer jam", now())
              .withAssignment(assignment(moderator.id(), now()), now());
      IllegalStateException boom = new IllegalStateException("boom");

      Throwable thrown =
          catchThrowableOfType(
              IllegalStateException.class,
              () ->
                  write(
                      tx -> {
                        tx.insertMember(requester);
                        tx.insertMember(moderator);
                        tx.insertTicket(ticket);
                        tx.insertComment(
                            new Comment(
                                CommentId.random(),
                                ticket.id(),
                                requester.id(),
                                "Hello",
                                false,
                                now()));
                        tx.appendEvent(event(ticket, EventType.CREATED, now()));
                        tx.enqueue(new NewJob(JobType.ANALYSE, ticket.id(), Map.of(), now()));
                        throw boom;
                      }));

      assertThat(thrown).isSameAs(boom);
      read(
          tx -> {
            assertThat(tx.findMember(requester.id())).isEmpty();
            assertThat(tx.findMemberByEmail(requester.email())).isEmpty();
            assertThat(tx.listMembers()).isEmpty();
            assertThat(tx.assignmentCandidates()).isEmpty();
            assertThat(tx.findTicket(ticket.id())).isEmpty();
            assertThat(tx.listTickets(TicketQuery.all()).items()).isEmpty();
            assertThat(tx.listComments(ticket.id())).isEmpty();
            assertThat(tx.listEvents(ticket.id())).isEmpty();
            assertThat(tx.latestEventId()).isZero();
            assertThat(tx.eventsAfter(0, 10)).isEmpty();
            assertThat(tx.countJobs(JobStatus.QUEUED)).isZero();
            assertThat(tx.listJobs(JobStatus.QUEUED, 10)).isEmpty();
            return null;
          });
      assertThat(store.claimDueJobs(now(), Duration.ofMinutes(5), 10)).isEmpty();
    }

    @Test
    @DisplayName("a rolled-back update leaves the ticket, its version and the load as they were")
    void rollbackOfUpdates() {
      Member requester = saved(TestData.requester("Rita", now()));
      Member moderator = saved(TestData.moderator("Mia", 3, now()));
      Ticket ticket = saved(TestData.ticket(requester.id(), "Printer jam", now()));
      Job job = enqueued(now());
      Job claimed = store.claimDueJobs(now(), Duration.ofMinutes(5), 1).get(0);
      clock.advance(Duration.ofMinutes(1));
      RuntimeException boom = new RuntimeException("boom");

      Throwable thrown =
          catchThrowableOfType(
              RuntimeException.class,
              () ->
                  write(
                      tx -> {
                        tx.updateTicket(
                            ticket.withAssignment(assignment(moderator.id(), now()), now()));
                        tx.updateMember(moderator.withCapacity(9));
                        tx.completeJob(claimed.id(), claimed.lease(), now());
                        throw boom;
                      }));

      assertThat(thrown).isSameAs(boom);
      assertThat(findTicket(ticket.id())).contains(ticket);
      assertThat(findMember(moderator.id())).contains(moderator);
      Candidate candidate = read(StoreTransaction::assignmentCandidates).get(0);
      assertThat(candidate.openTickets()).isZero();
      assertThat(candidate.lastAssignedAt()).isEmpty();
      assertThat(findJob(job.id())).contains(claimed);
      assertThat(list(TicketQuery.builder().assignee(moderator.id()).build()).items()).isEmpty();
    }

    @Test
    @DisplayName("a transaction reads its own writes")
    void readYourWrites() {
      Member requester = TestData.requester("Rita", now());
      Member moderator = TestData.moderator("Mia", 3, now());
      Ticket ticket = TestData.ticket(requester.id(), "Printer jam", now());

      write(
          tx -> {
            tx.insertMember(requester);
            tx.insertMember(moderator);
            tx.insertTicket(ticket);
            assertThat(tx.findTicket(ticket.id())).contains(ticket);
            Ticket assigned =
                tx.updateTicket(ticket.withAssignment(assignment(moderator.id(), now()), now()));
            assertThat(tx.findTicket(ticket.id())).contains(assigned);
            assertThat(
                    tx.listTickets(TicketQuery.builder().assignee(moderator.id()).build()).items())
                .containsExactly(assigned);
            assertThat(tx.assignmentCandidates().get(0).openTickets()).isEqualTo(1);
            NewTicketEvent event = event(assigned, EventType.ASSIGNED, now());
            tx.appendEvent(event);
            List<TicketEvent> own = tx.listEvents(ticket.id());
            assertThat(own).hasSize(1);
            assertThat(own.get(0)).isEqualTo(event.withId(own.get(0).id()));
            Job job = tx.enqueue(new NewJob(JobType.NOTIFY, ticket.id(), Map.of(), now()));
            assertThat(tx.findJob(job.id())).contains(job);
            assertThat(tx.countJobs(JobStatus.QUEUED)).isEqualTo(1);
          });

      assertThat(findTicket(ticket.id()).orElseThrow().version()).isEqualTo(1);
    }
  }

  // ---- comments

  @Nested
  @DisplayName("Comments")
  class Comments {

    @Test
    @DisplayName("come oldest first, equal times in insertion order, with the internal flag")
    void ordering() {
      Member requester = saved(TestData.requester("Rita", now()));
      Member moderator = saved(TestData.moderator("Mia", 3, now()));
      Ticket ticket = saved(TestData.ticket(requester.id(), "Printer jam", now()));
      Ticket other = saved(TestData.ticket(requester.id(), "Other", now()));
      Instant t0 = now();
      Instant t1 = t0.plusSeconds(10);
      Comment later =
          new Comment(CommentId.random(), ticket.id(), requester.id(), "second", false, t1);
      Comment earlier =
          new Comment(CommentId.random(), ticket.id(), moderator.id(), "first\nline two", true, t0);
      Comment sameTime =
          new Comment(CommentId.random(), ticket.id(), moderator.id(), "third", false, t1);
      Comment elsewhere =
          new Comment(CommentId.random(), other.id(), requester.id(), "elsewhere", false, t0);

      write(
          tx -> {
            tx.insertComment(later);
            tx.insertComment(earlier);
          });
      write(
          tx -> {
            tx.insertComment(elsewhere);
            tx.insertComment(sameTime);
          });

      assertThat(comments(ticket.id())).containsExactly(earlier, later, sameTime);
      assertThat(comments(ticket.id()).get(0).internal()).isTrue();
      assertThat(comments(other.id())).containsExactly(elsewhere);
      assertThat(comments(TicketId.random())).isEmpty();
    }
  }

  // ---- events

  @Nested
  @DisplayName("Events")
  class Events {
    Member requester;
    Member moderator;
    Ticket first;
    Ticket second;

    @BeforeEach
    void tickets() {
      requester = saved(TestData.requester("Rita", now()));
      moderator = saved(TestData.moderator("Mia", 3, now()));
      first = saved(TestData.ticket(requester.id(), "First", now()));
      second = saved(TestData.ticket(requester.id(), "Second", now()));
    }

    @Test
    @DisplayName("get increasing ids and round-trip every field")
    void appendAndList() {
      assertThat(read(StoreTransaction::latestEventId)).isZero();
      NewTicketEvent created =
          NewTicketEvent.about(
              first, EventType.CREATED, Optional.of(requester.id()), now(), false, Map.of());
      NewTicketEvent changed =
          new NewTicketEvent(
              first.id(),
              EventType.STATUS_CHANGED,
              Optional.empty(),
              now().plusSeconds(1),
              requester.id(),
              Optional.of(moderator.id()),
              true,
              Map.of("from", "TODO", "to", "IN_PROGRESS", "note", "ünïcode ✓"));

      TicketEvent one = appended(created);
      TicketEvent other = appended(event(second, EventType.CREATED, now()));
      TicketEvent two = appended(changed);

      assertThat(one.id()).isPositive();
      assertThat(other.id()).isGreaterThan(one.id());
      assertThat(two.id()).isGreaterThan(other.id());
      assertThat(one).isEqualTo(created.withId(one.id()));
      assertThat(two).isEqualTo(changed.withId(two.id()));
      TicketEvent backdated = appended(event(first, EventType.COMMENTED, now().minusSeconds(3600)));
      assertThat(events(first.id()))
          .as("id order, not time order")
          .containsExactly(one, two, backdated);
      assertThat(events(second.id())).containsExactly(other);
      assertThat(read(StoreTransaction::latestEventId)).isEqualTo(backdated.id());
    }

    @Test
    @DisplayName("eventsAfter pages through the log in id order")
    void eventsAfterPaging() {
      List<TicketEvent> appended = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        Ticket ticket = i % 2 == 0 ? first : second;
        appended.add(appended(event(ticket, EventType.COMMENTED, now())));
      }

      List<TicketEvent> page1 = eventsAfter(0, 2);
      List<TicketEvent> page2 = eventsAfter(page1.get(1).id(), 2);
      List<TicketEvent> page3 = eventsAfter(page2.get(1).id(), 2);

      assertThat(page1).containsExactlyElementsOf(appended.subList(0, 2));
      assertThat(page2).containsExactlyElementsOf(appended.subList(2, 4));
      assertThat(page3).containsExactlyElementsOf(appended.subList(4, 5));
      assertThat(eventsAfter(appended.get(4).id(), 10)).isEmpty();
      assertThat(eventsAfter(appended.get(0).id() - 1, 100)).containsExactlyElementsOf(appended);
    }

    @Test
    @DisplayName("events of a rolled-back transaction never become visible")
    void rolledBackEvents() {
      TicketEvent before = appended(event(first, EventType.CREATED, now()));

      assertThatThrownBy(
              () ->
                  write(
                      tx -> {
                        tx.appendEvent(event(first, EventType.ANALYSED, now()));
                        tx.appendEvent(event(second, EventType.ANALYSED, now()));
                        throw new IllegalArgumentException("rolled back");
                      }))
          .hasMessage("rolled back");
      TicketEvent after = appended(event(second, EventType.ASSIGNED, now()));

      assertThat(eventsAfter(0, 100)).containsExactly(before, after);
      assertThat(events(first.id())).containsExactly(before);
      assertThat(events(second.id())).containsExactly(after);
      assertThat(after.id()).isGreaterThan(before.id());
      assertThat(read(StoreTransaction::latestEventId)).isEqualTo(after.id());
    }

    @Test
    @DisplayName("a reader following eventsAfter under concurrent writers misses nothing")
    void commitOrder() throws Exception {
      int writers = 4;
      int transactionsPerWriter = 40;
      AtomicBoolean writing = new AtomicBoolean(true);
      ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
      try {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> writes = new ArrayList<>();
        for (int writer = 0; writer < writers; writer++) {
          Ticket ticket = writer % 2 == 0 ? first : second;
          writes.add(
              pool.submit(
                  () -> {
                    start.await();
                    for (int i = 0; i < transactionsPerWriter; i++) {
                      retryWhileUnavailable(
                          () ->
                              write(
                                  tx -> {
                                    tx.appendEvent(event(ticket, EventType.COMMENTED, now()));
                                    tx.appendEvent(event(ticket, EventType.NOTIFIED, now()));
                                  }));
                    }
                    return null;
                  }));
        }
        Future<List<Long>> reader =
            pool.submit(
                () -> {
                  List<Long> seen = new ArrayList<>();
                  long last = 0;
                  start.await();
                  boolean finalPass = false;
                  while (true) {
                    boolean writersDone = !writing.get();
                    List<TicketEvent> batch;
                    do {
                      long from = last;
                      batch = eventsAfter(from, 17);
                      for (TicketEvent event : batch) {
                        seen.add(event.id());
                        last = event.id();
                      }
                    } while (!batch.isEmpty());
                    if (finalPass) {
                      return seen;
                    }
                    finalPass = writersDone;
                  }
                });
        start.countDown();
        for (Future<?> write : writes) {
          write.get(2, TimeUnit.MINUTES);
        }
        writing.set(false);
        List<Long> seen = reader.get(2, TimeUnit.MINUTES);

        List<Long> all =
            read(tx -> tx.eventsAfter(0, 10_000)).stream().map(TicketEvent::id).toList();
        assertThat(all).hasSize(writers * transactionsPerWriter * 2);
        assertThat(seen).containsExactlyElementsOf(all);
      } finally {
        pool.shutdownNow();
      }
    }
  }

  // ---- jobs

  @Nested
  @DisplayName("Job queue")
  class Jobs {
    final Duration lease = Duration.ofMinutes(5);

    @Test
    @DisplayName("enqueue stores a queued job with increasing ids")
    void enqueue() {
      TicketId ticketId = TicketId.random();
      Instant runAt = now().plusSeconds(30);
      Job job =
          inTx(
              tx ->
                  tx.enqueue(
                      new NewJob(
                          JobType.NOTIFY,
                          ticketId,
                          Map.of("kind", "ASSIGNED", "recipient", "mia@example.com"),
                          runAt)));
      Job next = enqueued(now());

      assertThat(job.id()).isPositive();
      assertThat(next.id()).isGreaterThan(job.id());
      assertThat(job.type()).isEqualTo(JobType.NOTIFY);
      assertThat(job.ticketId()).isEqualTo(ticketId);
      assertThat(job.payload())
          .containsExactlyInAnyOrderEntriesOf(
              Map.of("kind", "ASSIGNED", "recipient", "mia@example.com"));
      assertThat(job.status()).isEqualTo(JobStatus.QUEUED);
      assertThat(job.attempts()).isZero();
      assertThat(job.runAt()).isEqualTo(runAt);
      assertThat(job.lastError()).isEmpty();
      assertThat(job.leaseToken()).isEmpty();
      assertThat(job.leaseExpiresAt()).isEmpty();
      assertThat(findJob(job.id())).contains(job);
      assertThat(findJob(next.id() + 1000)).isEmpty();
    }

    @Test
    @DisplayName("a job is not claimed before its runAt; at runAt it is claimed with a lease")
    void claimFields() {
      Instant runAt = now().plusSeconds(60);
      Job job = enqueued(runAt);

      assertThat(store.claimDueJobs(now(), lease, 10)).isEmpty();
      clock.set(runAt);
      List<Job> claimed = store.claimDueJobs(now(), lease, 10);

      assertThat(claimed).hasSize(1);
      Job running = claimed.get(0);
      assertThat(running.id()).isEqualTo(job.id());
      assertThat(running.status()).isEqualTo(JobStatus.RUNNING);
      assertThat(running.attempts()).isEqualTo(1);
      assertThat(running.leaseToken()).isPresent();
      assertThat(running.leaseExpiresAt()).contains(now().plus(lease));
      assertThat(running.runAt())
          .as("runAt of a running job: when it was claimed")
          .isEqualTo(now());
      assertThat(running.updatedAt()).isEqualTo(now());
      assertThat(running.createdAt()).isEqualTo(job.createdAt());
      assertThat(findJob(job.id())).contains(running);
      assertThat(store.claimDueJobs(now(), lease, 10)).as("still leased").isEmpty();
      assertThat(countJobs(JobStatus.RUNNING)).isEqualTo(1);
      assertThat(countJobs(JobStatus.QUEUED)).isZero();
    }

    @Test
    @DisplayName("claims oldest runAt first, then lowest id, and respects the batch size")
    void orderAndBatch() {
      Instant base = now();
      Job late = enqueued(base.plusSeconds(20));
      Job early = enqueued(base.plusSeconds(10));
      Job earlyToo = enqueued(base.plusSeconds(10));
      Job notYet = enqueued(base.plusSeconds(3600));
      clock.advance(Duration.ofSeconds(30));

      List<Job> batch = store.claimDueJobs(now(), lease, 2);
      assertThat(batch).extracting(Job::id).containsExactly(early.id(), earlyToo.id());
      assertThat(batch)
          .as("each job of a batch has a lease token of its own")
          .extracting(job -> job.leaseToken().orElseThrow())
          .doesNotHaveDuplicates();
      assertThat(batch)
          .allSatisfy(
              job -> {
                assertThat(job.status()).isEqualTo(JobStatus.RUNNING);
                assertThat(job.attempts()).isEqualTo(1);
                assertThat(job.leaseExpiresAt()).contains(now().plus(lease));
              });
      assertThat(store.claimDueJobs(now(), lease, 2))
          .extracting(Job::id)
          .containsExactly(late.id());
      assertThat(store.claimDueJobs(now(), lease, 2)).isEmpty();
      assertThat(findJob(notYet.id()).orElseThrow().status()).isEqualTo(JobStatus.QUEUED);
    }

    @Test
    @DisplayName("expired leases and queued jobs are claimed together, oldest runAt first")
    void expiredAndQueuedTogether() {
      Instant start = now();
      Job crashed = enqueued(start);
      store.claimDueJobs(start, lease, 1);
      Job queuedLater = enqueued(start.plusSeconds(60));
      Job queuedEarlier = enqueued(start.minusSeconds(60));
      clock.advance(lease);

      List<Job> claimed = store.claimDueJobs(now(), lease, 3);

      assertThat(claimed)
          .extracting(Job::id)
          .containsExactly(queuedEarlier.id(), crashed.id(), queuedLater.id());
      assertThat(claimed).extracting(Job::attempts).containsExactly(1, 2, 1);
    }

    @Test
    @DisplayName("under contention every job is claimed exactly once")
    void exactlyOnce() throws Exception {
      int jobs = 500;
      Instant runAt = now();
      write(
          tx -> {
            for (int i = 0; i < jobs; i++) {
              tx.enqueue(new NewJob(JobType.ANALYSE, TicketId.random(), Map.of(), runAt));
            }
          });
      int threads = 8;
      ConcurrentLinkedQueue<Long> claimed = new ConcurrentLinkedQueue<>();
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
          futures.add(
              pool.submit(
                  () -> {
                    start.await();
                    while (true) {
                      List<Job> batch;
                      try {
                        batch = store.claimDueJobs(runAt, Duration.ofHours(1), 7);
                      } catch (StoreUnavailableException e) {
                        continue;
                      }
                      if (batch.isEmpty()) {
                        return null;
                      }
                      batch.forEach(job -> claimed.add(job.id()));
                    }
                  }));
        }
        start.countDown();
        for (Future<?> future : futures) {
          future.get(2, TimeUnit.MINUTES);
        }
      } finally {
        pool.shutdownNow();
      }

      assertThat(claimed).hasSize(jobs).doesNotHaveDuplicates();
      assertThat(countJobs(JobStatus.RUNNING)).isEqualTo(jobs);
      assertThat(countJobs(JobStatus.QUEUED)).isZero();
    }

    @Test
    @DisplayName("an expired lease makes the job claimable again; the old token is fenced off")
    void expiredLease() {
      Job job = enqueued(now());
      Job firstClaim = store.claimDueJobs(now(), lease, 1).get(0);
      clock.advance(lease.minusSeconds(1));
      assertThat(store.claimDueJobs(now(), lease, 1)).isEmpty();
      clock.advance(Duration.ofSeconds(1));

      List<Job> reclaimed = store.claimDueJobs(now(), lease, 1);

      assertThat(reclaimed).hasSize(1);
      Job secondClaim = reclaimed.get(0);
      assertThat(secondClaim.id()).isEqualTo(job.id());
      assertThat(secondClaim.attempts()).isEqualTo(2);
      assertThat(secondClaim.lease()).isNotEqualTo(firstClaim.lease());
      assertThat(secondClaim.leaseExpiresAt()).contains(now().plus(lease));
      LeaseLostException lost =
          catchThrowableOfType(
              LeaseLostException.class,
              () -> write(tx -> tx.completeJob(job.id(), firstClaim.lease(), now())));
      assertThat(lost).isNotNull();
      assertThat(lost.jobId()).isEqualTo(job.id());
      assertThat(findJob(job.id())).contains(secondClaim);

      write(tx -> tx.completeJob(job.id(), secondClaim.lease(), now()));

      Job done = findJob(job.id()).orElseThrow();
      assertThat(done.status()).isEqualTo(JobStatus.DONE);
      assertThat(done.updatedAt()).isEqualTo(now());
      assertThatThrownBy(() -> write(tx -> tx.completeJob(job.id(), secondClaim.lease(), now())))
          .isInstanceOf(LeaseLostException.class);
      assertThat(store.claimDueJobs(now().plus(Duration.ofDays(1)), lease, 1)).isEmpty();
    }

    @Test
    @DisplayName("a rescheduled job is due again at its new runAt, keeping its attempts")
    void reschedule() {
      Job job = enqueued(now());
      Job claimed = store.claimDueJobs(now(), lease, 1).get(0);
      Instant retryAt = now().plus(Duration.ofMinutes(10));

      write(tx -> tx.rescheduleJob(job.id(), claimed.lease(), retryAt, "timeout", now()));

      Job queued = findJob(job.id()).orElseThrow();
      assertThat(queued.status()).isEqualTo(JobStatus.QUEUED);
      assertThat(queued.runAt()).isEqualTo(retryAt);
      assertThat(queued.lastError()).contains("timeout");
      assertThat(queued.leaseToken()).isEmpty();
      assertThat(queued.attempts()).isEqualTo(1);
      assertThat(store.claimDueJobs(retryAt.minusSeconds(1), lease, 1)).isEmpty();
      List<Job> again = store.claimDueJobs(retryAt, lease, 1);
      assertThat(again).extracting(Job::id).containsExactly(job.id());
      assertThat(again.get(0).attempts()).isEqualTo(2);
    }

    @Test
    @DisplayName("reschedule and dead-letter need the current lease")
    void wrongToken() {
      Job job = enqueued(now());
      Job claimed = store.claimDueJobs(now(), lease, 1).get(0);
      UUID wrong = UUID.randomUUID();

      assertThatThrownBy(() -> write(tx -> tx.rescheduleJob(job.id(), wrong, now(), "x", now())))
          .isInstanceOf(LeaseLostException.class);
      assertThatThrownBy(() -> write(tx -> tx.deadLetterJob(job.id(), wrong, "x", now())))
          .isInstanceOf(LeaseLostException.class);
      assertThatThrownBy(() -> write(tx -> tx.completeJob(job.id(), wrong, now())))
          .isInstanceOf(LeaseLostException.class);
      assertThat(findJob(job.id())).contains(claimed);
      Job queued = enqueued(now().plusSeconds(3600));
      assertThatThrownBy(() -> write(tx -> tx.completeJob(queued.id(), claimed.lease(), now())))
          .isInstanceOf(LeaseLostException.class);
    }

    @Test
    @DisplayName("dead letters are listed and an admin retry resets them to a fresh queued job")
    void deadLetters() {
      Job job = enqueued(now());
      store.claimDueJobs(now(), lease, 1);
      Job claimed = findJob(job.id()).orElseThrow();
      clock.advance(Duration.ofMinutes(1));
      write(tx -> tx.deadLetterJob(job.id(), claimed.lease(), "gave up", now()));

      List<Job> dead = listJobs(JobStatus.DEAD, 10);
      assertThat(dead).extracting(Job::id).containsExactly(job.id());
      assertThat(dead.get(0).lastError()).contains("gave up");
      assertThat(dead.get(0).leaseToken()).isEmpty();
      assertThat(countJobs(JobStatus.DEAD)).isEqualTo(1);
      assertThat(store.claimDueJobs(now().plus(Duration.ofDays(1)), lease, 1)).isEmpty();

      clock.advance(Duration.ofMinutes(1));
      Job retried = inTx(tx -> tx.retryDeadJob(job.id(), now()));

      assertThat(retried.status()).isEqualTo(JobStatus.QUEUED);
      assertThat(retried.attempts()).isZero();
      assertThat(retried.runAt()).isEqualTo(now());
      assertThat(findJob(job.id())).contains(retried);
      assertThat(countJobs(JobStatus.DEAD)).isZero();
      List<Job> reclaimed = store.claimDueJobs(now(), lease, 1);
      assertThat(reclaimed).extracting(Job::attempts).containsExactly(1);
    }

    @Test
    @DisplayName("retrying a job that is not dead is NotFoundException")
    void retryNotDead() {
      Job queued = enqueued(now());

      NotFoundException error =
          catchThrowableOfType(
              NotFoundException.class, () -> inTx(tx -> tx.retryDeadJob(queued.id(), now())));

      assertThat(error).isNotNull();
      assertThat(error.kind()).isEqualTo("job");
      assertThat(findJob(queued.id())).contains(queued);
      assertThatThrownBy(() -> inTx(tx -> tx.retryDeadJob(queued.id() + 1000, now())))
          .isInstanceOf(NotFoundException.class);
    }

    @Test
    @DisplayName("listJobs is oldest first with a limit; countJobs counts per status")
    void listAndCount() {
      Job first = enqueued(now().plusSeconds(50));
      Job second = enqueued(now());
      Job third = enqueued(now().plusSeconds(3600));
      store.claimDueJobs(now(), lease, 1);

      assertThat(listJobs(JobStatus.QUEUED, 10))
          .extracting(Job::id)
          .containsExactly(first.id(), third.id());
      assertThat(listJobs(JobStatus.QUEUED, 1)).extracting(Job::id).containsExactly(first.id());
      assertThat(listJobs(JobStatus.RUNNING, 10)).extracting(Job::id).containsExactly(second.id());
      assertThat(countJobs(JobStatus.QUEUED)).isEqualTo(2);
      assertThat(countJobs(JobStatus.RUNNING)).isEqualTo(1);
      assertThat(countJobs(JobStatus.DONE)).isZero();
      assertThat(countJobs(JobStatus.DEAD)).isZero();
    }

    @Test
    @DisplayName("pruneDoneJobs deletes only done jobs last updated before the cut-off")
    void prune() {
      Instant start = now();
      Job oldDone = enqueued(start);
      Job newDone = enqueued(start);
      Job oldDead = enqueued(start);
      Job queued = enqueued(start.plusSeconds(3600));
      List<Job> claimed = store.claimDueJobs(start, lease, 3);
      Map<Long, UUID> leases = new HashMap<>();
      claimed.forEach(job -> leases.put(job.id(), job.lease()));
      write(tx -> tx.completeJob(oldDone.id(), leases.get(oldDone.id()), start));
      write(tx -> tx.deadLetterJob(oldDead.id(), leases.get(oldDead.id()), "dead", start));
      Instant later = start.plus(Duration.ofHours(2));
      write(tx -> tx.completeJob(newDone.id(), leases.get(newDone.id()), later));

      int pruned = inTx(tx -> tx.pruneDoneJobs(start.plus(Duration.ofHours(1))));

      assertThat(pruned).isEqualTo(1);
      assertThat(findJob(oldDone.id())).isEmpty();
      assertThat(findJob(newDone.id())).isPresent();
      assertThat(findJob(oldDead.id())).isPresent();
      assertThat(findJob(queued.id())).isPresent();
      assertThat(countJobs(JobStatus.DONE)).isEqualTo(1);
    }
  }

  // ---- analytics

  @Nested
  @DisplayName("Analytics")
  class AnalyticsFigures {

    @Test
    @DisplayName("an empty store has every status and priority at zero and a zero-filled window")
    void empty() {
      Instant now = Instant.parse("2026-01-07T12:00:00Z");

      Analytics analytics = read(tx -> tx.analytics(now, 3));

      assertThat(analytics.generatedAt()).isEqualTo(now);
      assertThat(analytics.totalTickets()).isZero();
      assertThat(analytics.byStatus())
          .containsOnlyKeys(TicketStatus.values())
          .allSatisfy((status, count) -> assertThat(count).isZero());
      assertThat(analytics.byPriority())
          .containsOnlyKeys(Priority.values())
          .allSatisfy((priority, count) -> assertThat(count).isZero());
      assertThat(analytics.createdPerDay())
          .containsExactly(
              new Analytics.DayCount(LocalDate.parse("2026-01-05"), 0),
              new Analytics.DayCount(LocalDate.parse("2026-01-06"), 0),
              new Analytics.DayCount(LocalDate.parse("2026-01-07"), 0));
      assertThat(analytics.timeToAssign()).isEqualTo(Analytics.Percentiles.none());
      assertThat(analytics.timeToComplete()).isEqualTo(Analytics.Percentiles.none());
      assertThat(analytics.moderators()).isEmpty();
      assertThat(analytics.overdue()).isZero();
      assertThat(analytics.fallbackShare()).isZero();
    }

    @Test
    @DisplayName("a known dataset gives exact figures")
    void knownDataset() {
      Instant jan3 = Instant.parse("2026-01-03T10:00:00Z");
      Member rita = saved(TestData.requester("Rita", jan3));
      saved(TestData.admin("Ada", jan3));
      Member mia = saved(TestData.moderator("Mia", 3, jan3));
      Member noah = saved(TestData.moderator("Noah", 2, jan3));

      // Before the window: completed by Mia, fallback analysis; counts only in totals and loads.
      Ticket t0 = saved(TestData.ticket(rita.id(), "T0", jan3));
      t0 = updated(t0.withAnalysis(fallback(Priority.LOW, jan3), jan3));
      t0 = updated(t0.withAssignment(assignment(mia.id(), at("2026-01-03T11:00:00Z")), jan3));
      updated(t0.withStatus(TicketStatus.COMPLETED, at("2026-01-04T10:00:00Z")));

      // Jan 5: assigned after 10 min, completed after 2 h; its past deadline is not overdue.
      Ticket t1 =
          saved(
              TestData.ticket(
                  rita.id(),
                  "T1",
                  "d",
                  Optional.empty(),
                  Optional.of(at("2026-01-05T10:00:00Z")),
                  at("2026-01-05T09:00:00Z")));
      t1 =
          updated(
              t1.withAnalysis(TestData.analysis(Priority.HIGH, t1.createdAt()), t1.createdAt()));
      t1 =
          updated(
              t1.withAssignment(assignment(mia.id(), at("2026-01-05T09:10:00Z")), t1.createdAt()));
      updated(t1.withStatus(TicketStatus.COMPLETED, at("2026-01-05T11:00:00Z")));

      // Jan 5: assigned after 30 min, in progress, URGENT, fallback, overdue.
      Ticket t2 =
          saved(
              TestData.ticket(
                  rita.id(),
                  "T2",
                  "d",
                  Optional.empty(),
                  Optional.of(at("2026-01-06T10:00:00Z")),
                  at("2026-01-05T10:00:00Z")));
      t2 = updated(t2.withAnalysis(fallback(Priority.URGENT, t2.createdAt()), t2.createdAt()));
      t2 =
          updated(
              t2.withAssignment(assignment(mia.id(), at("2026-01-05T10:30:00Z")), t2.createdAt()));
      updated(t2.withStatus(TicketStatus.IN_PROGRESS, at("2026-01-05T10:40:00Z")));

      // Jan 6: requested LOW, not analysed, assigned to Noah after 1 h, due in the future.
      Ticket t3 =
          saved(
              TestData.ticket(
                  rita.id(),
                  "T3",
                  "d",
                  Optional.of(Priority.LOW),
                  Optional.of(at("2026-01-08T10:00:00Z")),
                  at("2026-01-06T08:00:00Z")));
      updated(t3.withAssignment(assignment(noah.id(), at("2026-01-06T09:00:00Z")), t3.createdAt()));

      // Jan 7: analysed MEDIUM but overridden to URGENT, waiting for triage.
      Ticket t4 = saved(TestData.ticket(rita.id(), "T4", at("2026-01-07T07:00:00Z")));
      t4 =
          updated(
              t4.withAnalysis(TestData.analysis(Priority.MEDIUM, t4.createdAt()), t4.createdAt()));
      t4 = updated(t4.withPriorityOverride(Optional.of(Priority.URGENT), t4.createdAt()));
      updated(t4.withNeedsTriage(true, t4.createdAt()));

      // Jan 7: first assigned to Mia after 2 h, moved to Noah by an admin, completed after 3 h.
      Ticket t5 = saved(TestData.ticket(rita.id(), "T5", at("2026-01-07T08:00:00Z")));
      t5 =
          updated(t5.withAnalysis(TestData.analysis(Priority.LOW, t5.createdAt()), t5.createdAt()));
      t5 =
          updated(
              t5.withAssignment(assignment(mia.id(), at("2026-01-07T10:00:00Z")), t5.createdAt()));
      t5 =
          updated(
              t5.withAssignment(
                  new Assignment(
                      noah.id(),
                      AssignmentSource.ADMIN,
                      Optional.empty(),
                      0,
                      "by hand",
                      at("2026-01-07T10:30:00Z")),
                  t5.createdAt()));
      updated(t5.withStatus(TicketStatus.COMPLETED, at("2026-01-07T11:00:00Z")));

      Instant now = at("2026-01-07T12:00:00Z");
      Analytics analytics = read(tx -> tx.analytics(now, 3));

      assertThat(analytics.generatedAt()).isEqualTo(now);
      assertThat(analytics.totalTickets()).isEqualTo(6);
      assertThat(analytics.byStatus())
          .containsExactlyInAnyOrderEntriesOf(
              Map.of(
                  TicketStatus.TODO, 2L, TicketStatus.IN_PROGRESS, 1L, TicketStatus.COMPLETED, 3L));
      assertThat(analytics.byPriority())
          .containsExactlyInAnyOrderEntriesOf(
              Map.of(
                  Priority.LOW, 1L, Priority.MEDIUM, 0L, Priority.HIGH, 0L, Priority.URGENT, 2L));
      assertThat(analytics.createdPerDay())
          .containsExactly(
              new Analytics.DayCount(LocalDate.parse("2026-01-05"), 2),
              new Analytics.DayCount(LocalDate.parse("2026-01-06"), 1),
              new Analytics.DayCount(LocalDate.parse("2026-01-07"), 2));
      assertThat(analytics.timeToAssign())
          .isEqualTo(
              new Analytics.Percentiles(
                  Optional.of(Duration.ofMinutes(30)), Optional.of(Duration.ofMinutes(120)), 4));
      assertThat(analytics.timeToComplete())
          .isEqualTo(
              new Analytics.Percentiles(
                  Optional.of(Duration.ofHours(2)), Optional.of(Duration.ofHours(3)), 2));
      assertThat(analytics.moderators())
          .containsExactly(
              new Analytics.ModeratorLoad(mia.id(), "Mia", 1, 2, 3),
              new Analytics.ModeratorLoad(noah.id(), "Noah", 1, 1, 2));
      assertThat(analytics.overdue()).isEqualTo(1);
      assertThat(analytics.fallbackShare()).isEqualTo(0.25);
    }

    @Test
    @DisplayName("times to assign and to complete keep their microseconds, however long they are")
    void percentilesKeepMicroseconds() {
      Instant created = at("2026-01-07T08:00:00.000001Z");
      Member rita = saved(TestData.requester("Rita", created));
      Member mia = saved(TestData.moderator("Mia", 5, created));
      // Times to assign of 7 us, 1 s + 1 us and 400 days + 1 us; the shortest two differ from
      // their neighbours only in the last digit a store keeps.
      List<Duration> toAssign =
          List.of(
              Duration.ofNanos(7_000),
              Duration.ofSeconds(1, 1_000),
              Duration.ofDays(400).plusNanos(1_000));
      for (Duration wait : toAssign) {
        Ticket ticket = saved(TestData.ticket(rita.id(), "T", created));
        ticket = updated(ticket.withAssignment(assignment(mia.id(), created.plus(wait)), created));
        updated(ticket.withStatus(TicketStatus.COMPLETED, created.plus(wait).plusNanos(2_000)));
      }

      Analytics analytics = read(tx -> tx.analytics(created.plus(Duration.ofDays(401)), 402));

      assertThat(analytics.timeToAssign())
          .isEqualTo(
              new Analytics.Percentiles(
                  Optional.of(toAssign.get(1)), Optional.of(toAssign.get(2)), 3));
      assertThat(analytics.timeToComplete())
          .isEqualTo(
              new Analytics.Percentiles(
                  Optional.of(toAssign.get(1).plusNanos(2_000)),
                  Optional.of(toAssign.get(2).plusNanos(2_000)),
                  3));
    }

    @Test
    @DisplayName(
        "figures follow a ticket through status changes back and forth, reassignment, a priority"
            + " override, completion and reopening")
    void followsTicketChanges() {
      Instant created = at("2026-01-07T08:00:00Z");
      Instant now = at("2026-01-07T12:00:00Z");
      Member rita = saved(TestData.requester("Rita", created));
      Member mia = saved(TestData.moderator("Mia", 5, created));
      Member noah = saved(TestData.moderator("Noah", 5, created));
      Ticket ticket =
          saved(
              TestData.ticket(
                  rita.id(), "Printer", "d", Optional.of(Priority.LOW), Optional.empty(), created));
      assertFigures(now, 1, 0, 0, Map.of(Priority.LOW, 1L));
      assertLoads(now, load(mia, 0, 0), load(noah, 0, 0));

      ticket =
          updated(ticket.withAssignment(assignment(mia.id(), at("2026-01-07T08:10:00Z")), now));
      assertLoads(now, load(mia, 1, 0), load(noah, 0, 0));

      ticket = updated(ticket.withStatus(TicketStatus.IN_PROGRESS, now));
      assertFigures(now, 0, 1, 0, Map.of(Priority.LOW, 1L));
      ticket = updated(ticket.withStatus(TicketStatus.TODO, now));
      assertFigures(now, 1, 0, 0, Map.of(Priority.LOW, 1L));
      ticket = updated(ticket.withStatus(TicketStatus.IN_PROGRESS, now));
      assertFigures(now, 0, 1, 0, Map.of(Priority.LOW, 1L));
      assertLoads(now, load(mia, 1, 0), load(noah, 0, 0));

      ticket =
          updated(
              ticket.withAssignment(
                  new Assignment(
                      noah.id(),
                      AssignmentSource.ADMIN,
                      Optional.empty(),
                      0,
                      "by hand",
                      at("2026-01-07T09:00:00Z")),
                  now));
      assertLoads(now, load(mia, 0, 0), load(noah, 1, 0));

      ticket = updated(ticket.withPriorityOverride(Optional.of(Priority.URGENT), now));
      assertFigures(now, 0, 1, 0, Map.of(Priority.URGENT, 1L));

      ticket = updated(ticket.withStatus(TicketStatus.COMPLETED, at("2026-01-07T10:00:00Z")));
      assertFigures(now, 0, 0, 1, Map.of());
      assertLoads(now, load(mia, 0, 0), load(noah, 0, 1));
      assertThat(read(tx -> tx.analytics(now, 1)).timeToComplete())
          .isEqualTo(
              new Analytics.Percentiles(
                  Optional.of(Duration.ofHours(2)), Optional.of(Duration.ofHours(2)), 1));

      ticket = updated(ticket.withStatus(TicketStatus.TODO, now));
      assertFigures(now, 1, 0, 0, Map.of(Priority.URGENT, 1L));
      assertLoads(now, load(mia, 0, 0), load(noah, 1, 0));
      assertThat(read(tx -> tx.analytics(now, 1)).timeToAssign())
          .isEqualTo(
              new Analytics.Percentiles(
                  Optional.of(Duration.ofMinutes(10)), Optional.of(Duration.ofMinutes(10)), 1));

      // A moderator who stops being one leaves the list; their load is back when they return.
      write(tx -> tx.updateMember(noah.withRole(Role.USER)));
      assertLoads(now, load(mia, 0, 0));
      write(tx -> tx.updateMember(noah));
      assertLoads(now, load(mia, 0, 0), load(noah, 1, 0));
    }

    @Test
    @DisplayName(
        "several tickets written in one transaction all count, a rolled-back or conflicting write"
            + " counts nothing, and a transaction sees its own writes")
    void transactionsCountExactly() {
      Instant created = at("2026-01-07T08:00:00Z");
      Instant now = at("2026-01-07T12:00:00Z");
      Member rita = saved(TestData.requester("Rita", created));
      Member mia = saved(TestData.moderator("Mia", 5, created));
      Ticket first = TestData.ticket(rita.id(), "First", created);
      Ticket second = TestData.ticket(rita.id(), "Second", created.plusSeconds(60));

      Analytics inside =
          inTx(
              tx -> {
                tx.insertTicket(first);
                tx.insertTicket(second);
                Ticket assigned =
                    tx.updateTicket(first.withAssignment(assignment(mia.id(), created), created));
                tx.updateTicket(assigned.withStatus(TicketStatus.IN_PROGRESS, created));
                return tx.analytics(now, 1);
              });
      assertThat(inside.totalTickets()).isEqualTo(2);
      assertThat(inside.byStatus())
          .containsEntry(TicketStatus.TODO, 1L)
          .containsEntry(TicketStatus.IN_PROGRESS, 1L);
      Analytics committed = read(tx -> tx.analytics(now, 1));
      assertThat(committed).isEqualTo(inside);
      assertThat(committed.moderators()).containsExactly(load(mia, 1, 0));

      assertThatThrownBy(
              () ->
                  write(
                      tx -> {
                        tx.insertTicket(TestData.ticket(rita.id(), "Rolled back", created));
                        tx.updateTicket(second.withStatus(TicketStatus.COMPLETED, created));
                        throw new IllegalStateException("rolled back");
                      }))
          .hasMessage("rolled back");
      assertThatThrownBy(() -> updated(first.withStatus(TicketStatus.COMPLETED, created)))
          .isInstanceOf(TicketConflictException.class);

      Analytics after = read(tx -> tx.analytics(now, 1));
      assertThat(after).isEqualTo(committed);
    }

    @Test
    @DisplayName(
        "the fallback share and the days follow replaced analyses, over the window's tickets only")
    void fallbackShareFollowsAnalyses() {
      Instant now = at("2026-01-07T12:00:00Z");
      Member rita = saved(TestData.requester("Rita", at("2026-01-01T08:00:00Z")));
      Ticket old = saved(TestData.ticket(rita.id(), "Old", at("2026-01-01T08:00:00Z")));
      Ticket first = saved(TestData.ticket(rita.id(), "First", at("2026-01-06T23:59:59Z")));
      assertThat(read(tx -> tx.analytics(now, 3)).fallbackShare()).isZero();

      first = updated(first.withAnalysis(fallback(Priority.HIGH, now), now));
      assertThat(read(tx -> tx.analytics(now, 3)).fallbackShare()).isEqualTo(1.0);

      first =
          updated(first.withAnalysis(TestData.analysis(Priority.HIGH, now.plusSeconds(1)), now));
      assertThat(read(tx -> tx.analytics(now, 3)).fallbackShare()).isZero();

      Ticket second = saved(TestData.ticket(rita.id(), "Second", at("2026-01-07T00:00:00Z")));
      updated(second.withAnalysis(fallback(Priority.LOW, now), now));
      // Outside the window: counts in the totals, not in the share.
      updated(old.withAnalysis(fallback(Priority.LOW, now), now));

      Analytics analytics = read(tx -> tx.analytics(now, 3));
      assertThat(analytics.fallbackShare()).isEqualTo(0.5);
      assertThat(analytics.totalTickets()).isEqualTo(3);
      assertThat(analytics.createdPerDay())
          .containsExactly(
              new Analytics.DayCount(LocalDate.parse("2026-01-05"), 0),
              new Analytics.DayCount(LocalDate.parse("2026-01-06"), 1),
              new Analytics.DayCount(LocalDate.parse("2026-01-07"), 1));
    }

    @Test
    @DisplayName("concurrent intake and completion on the same day are counted exactly")
    void concurrentWritersCountExactly() throws Exception {
      Instant created = at("2026-01-07T08:00:00Z");
      Instant now = at("2026-01-07T12:00:00Z");
      Member rita = saved(TestData.requester("Rita", created));
      Member mia = saved(TestData.moderator("Mia", 1000, created));
      int threads = 4;
      int perThread = 15;
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int worker = 0; worker < threads; worker++) {
          int number = worker;
          futures.add(
              pool.submit(
                  () -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                      Ticket ticket =
                          TestData.ticket(rita.id(), "Ticket " + number + "-" + i, created)
                              .withAssignment(assignment(mia.id(), created), created);
                      retryWhileUnavailable(() -> write(tx -> tx.insertTicket(ticket)));
                      if (i % 3 == 0) {
                        retryWhileUnavailable(
                            () -> updated(ticket.withStatus(TicketStatus.COMPLETED, created)));
                      }
                    }
                    return null;
                  }));
        }
        start.countDown();
        for (Future<?> future : futures) {
          future.get(2, TimeUnit.MINUTES);
        }
      } finally {
        pool.shutdownNow();
      }

      Analytics analytics = read(tx -> tx.analytics(now, 1));
      long total = threads * perThread;
      long completed = threads * ((perThread + 2) / 3);
      assertThat(analytics.totalTickets()).isEqualTo(total);
      assertThat(analytics.byStatus())
          .containsEntry(TicketStatus.TODO, total - completed)
          .containsEntry(TicketStatus.COMPLETED, completed);
      assertThat(analytics.createdPerDay())
          .containsExactly(new Analytics.DayCount(LocalDate.parse("2026-01-07"), total));
      assertThat(analytics.moderators()).containsExactly(load(mia, total - completed, completed));
    }

    private Analytics.ModeratorLoad load(Member moderator, long open, long completed) {
      return new Analytics.ModeratorLoad(
          moderator.id(), moderator.displayName(), open, completed, moderator.capacity());
    }

    private void assertLoads(Instant now, Analytics.ModeratorLoad... loads) {
      assertThat(read(tx -> tx.analytics(now, 1)).moderators()).containsExactly(loads);
    }

    /** Status counts and the open count per priority (priorities not given are zero). */
    private void assertFigures(
        Instant now, long todo, long inProgress, long completed, Map<Priority, Long> open) {
      Analytics analytics = read(tx -> tx.analytics(now, 1));
      assertThat(analytics.totalTickets()).isEqualTo(todo + inProgress + completed);
      assertThat(analytics.byStatus())
          .containsExactlyInAnyOrderEntriesOf(
              Map.of(
                  TicketStatus.TODO,
                  todo,
                  TicketStatus.IN_PROGRESS,
                  inProgress,
                  TicketStatus.COMPLETED,
                  completed));
      Map<Priority, Long> expected = new HashMap<>();
      for (Priority priority : Priority.values()) {
        expected.put(priority, open.getOrDefault(priority, 0L));
      }
      assertThat(analytics.byPriority()).containsExactlyInAnyOrderEntriesOf(expected);
    }

    private Instant at(String instant) {
      return Instant.parse(instant);
    }

    private Analysis fallback(Priority priority, Instant at) {
      return new Analysis(priority, List.of(), "offline", "keyword", at, true);
    }
  }
}
