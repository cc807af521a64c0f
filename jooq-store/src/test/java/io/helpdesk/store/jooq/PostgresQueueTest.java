package io.helpdesk.store.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.helpdesk.core.LeaseLostException;
import io.helpdesk.core.model.EventType;
import io.helpdesk.core.model.Member;
import io.helpdesk.core.model.Ticket;
import io.helpdesk.core.model.TicketId;
import io.helpdesk.core.spi.Job;
import io.helpdesk.core.spi.JobType;
import io.helpdesk.core.spi.NewJob;
import io.helpdesk.core.spi.NewTicketEvent;
import io.helpdesk.core.spi.StoreCapabilities;
import io.helpdesk.core.spi.StoreListener;
import io.helpdesk.testkit.TestData;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("PostgreSQL: the job queue across workers and nodes")
class PostgresQueueTest {
  private static final Instant NOW = Instant.parse("2026-03-02T09:00:00Z");
  private static TestDatabases.TestDatabase database;

  private JooqTicketStore store;
  private HikariDataSource otherNodePool;
  private JooqTicketStore otherNode;

  @BeforeAll
  static void openDatabase() {
    database = TestDatabases.postgres();
  }

  @AfterAll
  static void closeDatabase() {
    database.close();
  }

  @BeforeEach
  void openStores() {
    store = JooqTicketStore.create(JooqStoreConfig.builder(database.dataSource()).build());
    database.clear();
    otherNodePool = database.newDataSource(4);
    otherNode = JooqTicketStore.create(JooqStoreConfig.builder(otherNodePool).build());
  }

  @AfterEach
  void closeStores() {
    store.close();
    otherNode.close();
    otherNodePool.close();
  }

  @Test
  @DisplayName("8 workers on separate connections claim 2,000 jobs, each exactly once")
  void concurrentClaimsNeverOverlap() throws Exception {
    int jobs = 2_000;
    store.inTransaction(
        tx -> {
          for (int i = 0; i < jobs; i++) {
            tx.enqueue(new NewJob(JobType.NOTIFY, TicketId.random(), Map.of("n", "" + i), NOW));
          }
          return null;
        });
    Map<Long, Integer> claims = new ConcurrentHashMap<>();
    AtomicInteger emptyRounds = new AtomicInteger();
    ExecutorService workers = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int worker = 0; worker < 8; worker++) {
        JooqTicketStore node = worker % 2 == 0 ? store : otherNode;
        running.add(
            workers.submit(
                () -> {
                  while (true) {
                    List<Job> batch = node.claimDueJobs(NOW, Duration.ofMinutes(5), 25);
                    if (batch.isEmpty()) {
                      emptyRounds.incrementAndGet();
                      return;
                    }
                    node.inTransaction(
                        tx -> {
                          for (Job job : batch) {
                            claims.merge(job.id(), 1, Integer::sum);
                            tx.completeJob(job.id(), job.lease(), NOW);
                          }
                          return null;
                        });
                  }
                }));
      }
      for (Future<?> future : running) {
        future.get(2, TimeUnit.MINUTES);
      }
    } finally {
      workers.shutdownNow();
    }
    assertThat(claims).hasSize(jobs);
    assertThat(claims.values()).allMatch(count -> count == 1);
    assertThat(store.claimDueJobs(NOW.plus(Duration.ofHours(1)), Duration.ofMinutes(5), 10))
        .isEmpty();
  }

  @Test
  @DisplayName("a job whose worker vanished is taken over by another node after the lease")
  void expiredLeaseIsTakenOver() {
    store.inTransaction(
        tx -> tx.enqueue(new NewJob(JobType.ANALYSE, TicketId.random(), Map.of(), NOW)));
    Job lost = store.claimDueJobs(NOW, Duration.ofSeconds(30), 1).get(0);
    assertThat(otherNode.claimDueJobs(NOW.plusSeconds(29), Duration.ofSeconds(30), 1)).isEmpty();
    List<Job> takenOver = otherNode.claimDueJobs(NOW.plusSeconds(30), Duration.ofSeconds(30), 1);
    assertThat(takenOver).extracting(Job::id).containsExactly(lost.id());
    assertThat(takenOver.get(0).attempts()).isEqualTo(2);
    assertThatThrownBy(
            () ->
                store.inTransaction(
                    tx -> {
                      tx.completeJob(lost.id(), lost.lease(), NOW.plusSeconds(31));
                      return null;
                    }))
        .isInstanceOf(LeaseLostException.class);
    otherNode.inTransaction(
        tx -> {
          tx.completeJob(takenOver.get(0).id(), takenOver.get(0).lease(), NOW.plusSeconds(31));
          return null;
        });
  }

  @Test
  @DisplayName("LISTEN/NOTIFY wakes a listener when another node enqueues or appends events")
  void notificationsCrossNodes() throws Exception {
    assertThat(store.capabilities()).isEqualTo(new StoreCapabilities(true, true));
    CountDownLatch jobsHeard = new CountDownLatch(1);
    CountDownLatch eventsHeard = new CountDownLatch(1);
    try (AutoCloseable subscription =
        store.subscribe(
            new StoreListener() {
              @Override
              public void jobsEnqueued() {
                jobsHeard.countDown();
              }

              @Override
              public void eventsCommitted() {
                eventsHeard.countDown();
              }
            })) {
      Member requester = TestData.requester("Rita", NOW);
      Ticket ticket = TestData.ticket(requester.id(), "Hello", NOW);
      otherNode.inTransaction(
          tx -> {
            tx.insertMember(requester);
            tx.insertTicket(ticket);
            return null;
          });
      // The listener connects asynchronously: keep committing until it hears one.
      for (int attempt = 0; attempt < 50 && jobsHeard.getCount() > 0; attempt++) {
        otherNode.inTransaction(
            tx -> {
              tx.enqueue(new NewJob(JobType.ANALYSE, ticket.id(), Map.of(), NOW));
              tx.appendEvent(
                  NewTicketEvent.about(
                      ticket, EventType.CREATED, Optional.empty(), NOW, false, Map.of()));
              return null;
            });
        jobsHeard.await(200, TimeUnit.MILLISECONDS);
      }
      assertThat(jobsHeard.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(eventsHeard.await(5, TimeUnit.SECONDS)).isTrue();
    }
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.ValueSource(strings = {"ticket update", "comment"})
  @DisplayName(
      "a ticket update or a comment racing an assignment decision waits for it instead of"
          + " deadlocking")
  void ticketWritesAndAssignmentDecisionsTakeLocksInOneOrder(String write) throws Exception {
    Member requester = TestData.requester("Rita", NOW);
    Ticket ticket = TestData.ticket(requester.id(), "Printer jams", NOW);
    store.inTransaction(
        tx -> {
          tx.insertMember(requester);
          tx.insertTicket(ticket);
          return null;
        });
    CountDownLatch rowLocked = new CountDownLatch(1);
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      // Like an admin's manual assignment or a comment: lock the ticket's row (a comment's
      // foreign key takes a share lock on it), then write the event.
      Future<?> manual =
          threads.submit(
              () ->
                  store.inTransaction(
                      tx -> {
                        if (write.equals("comment")) {
                          tx.insertComment(
                              new io.helpdesk.core.model.Comment(
                                  io.helpdesk.core.model.CommentId.random(),
                                  ticket.id(),
                                  requester.id(),
                                  "Still jamming",
                                  false,
                                  NOW));
                        } else {
                          tx.updateTicket(ticket);
                        }
                        rowLocked.countDown();
                        sleep(500);
                        tx.appendEvent(
                            NewTicketEvent.about(
                                ticket,
                                EventType.ASSIGNED,
                                Optional.of(requester.id()),
                                NOW,
                                false,
                                Map.of()));
                        return null;
                      }));
      // Like the assignment job on another node: read the candidates (the assignment lock), then
      // update the same ticket.
      Future<String> automatic =
          threads.submit(
              () -> {
                rowLocked.await(10, TimeUnit.SECONDS);
                return otherNode.inTransaction(
                    tx -> {
                      tx.assignmentCandidates();
                      try {
                        tx.updateTicket(ticket);
                        return "updated";
                      } catch (io.helpdesk.core.TicketConflictException e) {
                        return "saw the newer version";
                      }
                    });
              });
      manual.get(30, TimeUnit.SECONDS);
      assertThat(automatic.get(30, TimeUnit.SECONDS))
          .isEqualTo(write.equals("comment") ? "updated" : "saw the newer version");
    } finally {
      threads.shutdownNow();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
