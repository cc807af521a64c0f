package io.helpdesk.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.helpdesk.core.AccessDeniedException;
import io.helpdesk.core.AnalysisUnavailableException;
import io.helpdesk.core.HelpdeskEngine;
import io.helpdesk.core.InvalidInputException;
import io.helpdesk.core.InvalidTransitionException;
import io.helpdesk.core.NotFoundException;
import io.helpdesk.core.NotificationFailedException;
import io.helpdesk.core.RetryPolicy;
import io.helpdesk.core.TicketConflictException;
import io.helpdesk.core.TicketNotFoundException;
import io.helpdesk.core.model.AssignmentPreview;
import io.helpdesk.core.model.AssignmentSource;
import io.helpdesk.core.model.EventBatch;
import io.helpdesk.core.model.EventType;
import io.helpdesk.core.model.Member;
import io.helpdesk.core.model.MemberUpdate;
import io.helpdesk.core.model.NewTicket;
import io.helpdesk.core.model.Priority;
import io.helpdesk.core.model.Role;
import io.helpdesk.core.model.Skill;
import io.helpdesk.core.model.Ticket;
import io.helpdesk.core.model.TicketDetails;
import io.helpdesk.core.model.TicketEvent;
import io.helpdesk.core.model.TicketId;
import io.helpdesk.core.model.TicketQuery;
import io.helpdesk.core.model.TicketSort;
import io.helpdesk.core.model.TicketStatus;
import io.helpdesk.core.spi.AssignmentDecision;
import io.helpdesk.core.spi.Job;
import io.helpdesk.core.spi.JobStatus;
import io.helpdesk.core.spi.Notification;
import io.helpdesk.core.spi.TicketStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The whole engine on a given store: the pipeline from filing to notification, its failure paths,
 * and the access rules. Every {@link TicketStore} runs it, so the engine is proven on each.
 */
public abstract class EngineScenarioTest {
  private static final RetryPolicy QUICK_RETRIES =
      new RetryPolicy(3, Duration.ofSeconds(10), Duration.ofMinutes(1), 2, 0);

  /** A fresh, empty store for each test. */
  protected abstract TicketStore createStore();

  /** Releases a store made by {@link #createStore()}; by default nothing. */
  protected void destroyStore(TicketStore store) {}

  protected MutableClock clock;
  protected TicketStore store;
  protected RecordingNotifier notifier;
  protected ScriptedAnalyzer analyzer;
  protected HelpdeskEngine engine;

  protected Member admin;
  protected Member rita;
  protected Member otto;
  protected Member kim;
  protected Member mo;

  @BeforeEach
  void setUpEngine() {
    clock = MutableClock.startingMonday();
    store = createStore();
    notifier = new RecordingNotifier();
    analyzer = new ScriptedAnalyzer("scripted-model", EngineScenarioTest::answerByTitle);
    engine = engineWith(analyzer);
    admin = engine.registerMember("ada@example.com", "Ada Admin", Role.ADMIN, Set.of(), 0);
    rita = engine.registerMember("rita@example.com", "Rita Requester", Role.USER, Set.of(), 0);
    otto = engine.registerMember("otto@example.com", "Otto Other", Role.USER, Set.of(), 0);
    kim =
        engine.registerMember(
            "kim@example.com", "Kim Ops", Role.MODERATOR, Set.of("kubernetes", "database"), 3);
    mo =
        engine.registerMember(
            "mo@example.com", "Mo Frontend", Role.MODERATOR, Set.of("react", "frontend"), 2);
  }

  @AfterEach
  void tearDownEngine() {
    engine.close();
    destroyStore(store);
  }

  private HelpdeskEngine engineWith(ScriptedAnalyzer primary) {
    return HelpdeskEngine.builder()
        .store(store)
        .analyzer(primary)
        .notifier(notifier)
        .clock(clock)
        .analysisRetryPolicy(QUICK_RETRIES)
        .deliveryRetryPolicy(QUICK_RETRIES)
        .random(new SplittableRandom(7))
        .workerConcurrency(4)
        .pollInterval(Duration.ofMillis(20))
        .build();
  }

  /** Skills from words in the title, priority HIGH: predictable answers for the scenarios. */
  private static io.helpdesk.core.spi.AnalysisResult answerByTitle(
      io.helpdesk.core.spi.AnalysisRequest request) {
    String title = request.title().toLowerCase(Locale.ROOT);
    List<String> skills = new ArrayList<>();
    for (String skill : List.of("kubernetes", "react", "hardware-printing", "database")) {
      if (title.contains(skill.split("-")[0])) {
        skills.add(skill);
      }
    }
    return ScriptedAnalyzer.result(Priority.HIGH, "scripted-model", skills.toArray(String[]::new));
  }

  private Ticket file(Member requester, String title) {
    return engine.createTicket(requester.id(), NewTicket.of(title, "Details about " + title));
  }

  private Ticket reload(Ticket ticket) {
    return engine.ticket(admin.id(), ticket.id()).ticket();
  }

  private List<EventType> historyTypes(Ticket ticket) {
    return engine.ticket(admin.id(), ticket.id()).history().stream()
        .map(TicketEvent::type)
        .toList();
  }

  private List<Notification> deliveredTo(Member member) {
    return notifier.delivered().stream()
        .filter(n -> n.recipient().memberId().equals(member.id()))
        .toList();
  }

  @Nested
  @DisplayName("the pipeline")
  class PipelineScenarios {

    @Test
    @DisplayName("files, analyses, assigns to the best-matching moderator and notifies them once")
    void happyPath() {
      Ticket ticket = file(rita, "Kubernetes pods crash after upgrade");

      engine.runPendingJobs();

      Ticket done = reload(ticket);
      assertThat(done.analysis()).isPresent();
      assertThat(done.analysis().get().skills()).containsExactly(Skill.of("kubernetes"));
      assertThat(done.analysis().get().fallback()).isFalse();
      assertThat(done.assignee()).contains(kim.id());
      assertThat(done.assignment().get().source()).isEqualTo(AssignmentSource.ENGINE);
      assertThat(done.assignment().get().reason()).isNotBlank();
      assertThat(deliveredTo(kim)).singleElement().isInstanceOf(Notification.TicketAssigned.class);
      assertThat(historyTypes(ticket))
          .containsExactly(
              EventType.CREATED, EventType.ANALYSED, EventType.ASSIGNED, EventType.NOTIFIED);
      assertThat(engine.queueDepth()).containsEntry(JobStatus.QUEUED, 0L);
    }

    @Test
    @DisplayName("the ticket, its event and its analysis job are written together")
    void outboxIsAtomic() {
      Ticket ticket = file(rita, "React page blank");

      assertThat(historyTypes(ticket)).containsExactly(EventType.CREATED);
      assertThat(engine.queueDepth()).containsEntry(JobStatus.QUEUED, 1L);
      assertThat(reload(ticket).analysis()).isEmpty();
    }

    @Test
    @DisplayName("a ticket filed under a chosen id is filed once; another member cannot reach it")
    void fileOnce() {
      TicketId id = TicketId.random();
      Ticket first = engine.createTicketOnce(rita.id(), NewTicket.of("Printer jam", "Again"), id);
      Ticket again = engine.createTicketOnce(rita.id(), NewTicket.of("Printer jam", "Again"), id);

      assertThat(first.id()).isEqualTo(id);
      assertThat(again).isEqualTo(first);
      assertThat(engine.tickets(admin.id(), TicketQuery.all()).items()).hasSize(1);
      assertThat(historyTypes(first)).containsExactly(EventType.CREATED);
      assertThatThrownBy(
              () -> engine.createTicketOnce(otto.id(), NewTicket.of("Printer jam", "Again"), id))
          .isInstanceOf(NotFoundException.class);
    }

    @Test
    @DisplayName("rejected input writes nothing")
    void rejectedInputWritesNothing() {
      assertThatThrownBy(() -> file(rita, "x".repeat(201)))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("title");

      assertThat(engine.tickets(admin.id(), TicketQuery.all()).items()).isEmpty();
      assertThat(engine.queueDepth()).containsEntry(JobStatus.QUEUED, 0L);
    }

    @Test
    @DisplayName("with no moderator fitting, the ticket goes to triage and every admin is told")
    void noMatchGoesToTriage() {
      Member secondAdmin =
          engine.registerMember("bea@example.com", "Bea Admin", Role.ADMIN, Set.of(), 0);
      Ticket ticket = file(rita, "Hardware receipt printer jams");

      engine.runPendingJobs();

      Ticket triaged = reload(ticket);
      assertThat(triaged.assignee()).isEmpty();
      assertThat(triaged.needsTriage()).isTrue();
      assertThat(
              engine.tickets(admin.id(), TicketQuery.builder().needsTriage(true).build()).items())
          .extracting(Ticket::id)
          .containsExactly(ticket.id());
      assertThat(notifier.delivered(Notification.TriageNeeded.class))
          .extracting(n -> n.recipient().memberId())
          .containsExactlyInAnyOrder(admin.id(), secondAdmin.id());

      Ticket assigned = engine.assign(admin.id(), ticket.id(), kim.id());
      engine.runPendingJobs();

      assertThat(assigned.needsTriage()).isFalse();
      assertThat(assigned.assignment().get().source()).isEqualTo(AssignmentSource.ADMIN);
      assertThat(assigned.assignment().get().decidedBy()).contains(admin.id());
      assertThat(deliveredTo(kim)).singleElement().isInstanceOf(Notification.TicketAssigned.class);
    }

    @Test
    @DisplayName("a manual assignment is never overwritten by a late automatic one")
    void manualAssignmentWins() {
      Ticket ticket = file(rita, "Kubernetes ingress broken");
      assertThat(engine.runPendingJobs(1)).as("the analysis job").isEqualTo(1);
      assertThat(engine.queueDepth())
          .as("the assign job waits")
          .containsEntry(JobStatus.QUEUED, 1L);
      engine.assign(admin.id(), ticket.id(), mo.id());

      engine.runPendingJobs();

      Ticket done = reload(ticket);
      assertThat(done.assignee()).contains(mo.id());
      assertThat(done.assignment().get().source()).isEqualTo(AssignmentSource.ADMIN);
      assertThat(done.analysis()).isPresent();
      assertThat(deliveredTo(kim)).isEmpty();
    }

    @Test
    @DisplayName("moderators at capacity are skipped; when everyone is full, tickets go to triage")
    void capacityIsRespected() {
      for (int i = 0; i < 3; i++) {
        file(rita, "Kubernetes node " + i + " down");
      }
      Ticket fourth = file(rita, "Kubernetes node 4 down");

      engine.runPendingJobs();

      assertThat(engine.tickets(kim.id(), TicketQuery.builder().build()).items()).hasSize(3);
      assertThat(reload(fourth).assignee()).isEmpty();
      assertThat(reload(fourth).needsTriage()).isTrue();
    }

    @Test
    @DisplayName("a transient analyzer failure is retried with backoff and then succeeds")
    void analyzerRetries() {
      analyzer.failNext(
          AnalysisUnavailableException.retryable("HTTP 503", null, null),
          AnalysisUnavailableException.retryable("HTTP 429", Duration.ofSeconds(30), null));
      Ticket ticket = file(rita, "Kubernetes pods pending");

      engine.runPendingJobs();
      assertThat(reload(ticket).analysis()).isEmpty();
      assertThat(historyTypes(ticket)).contains(EventType.ANALYSIS_RETRY_SCHEDULED);

      clock.advance(Duration.ofSeconds(10));
      engine.runPendingJobs();
      assertThat(reload(ticket).analysis()).as("second failure asked for 30 s").isEmpty();

      clock.advance(Duration.ofSeconds(30));
      engine.runPendingJobs();
      Ticket done = reload(ticket);
      assertThat(done.analysis().get().fallback()).isFalse();
      assertThat(done.analysis().get().producedBy()).isEqualTo("scripted-model");
      assertThat(done.assignee()).contains(kim.id());
      assertThat(analyzer.calls()).isEqualTo(3);
    }

    @Test
    @DisplayName(
        "an analyzer that keeps failing gives way to the offline analyzer, marked fallback")
    void analyzerFallsBack() {
      analyzer.failAlways(AnalysisUnavailableException.retryable("timeout", null, null));
      Ticket ticket =
          engine.createTicket(
              rita.id(),
              NewTicket.of(
                  "Kubernetes pods crash-looping after helm upgrade",
                  "Our kubernetes cluster pods restart constantly since the helm chart upgrade."));

      for (int i = 0; i < 5; i++) {
        engine.runPendingJobs();
        clock.advance(Duration.ofMinutes(1));
      }

      Ticket done = reload(ticket);
      assertThat(analyzer.calls()).isEqualTo(QUICK_RETRIES.maxAttempts());
      assertThat(done.analysis()).isPresent();
      assertThat(done.analysis().get().fallback()).isTrue();
      assertThat(done.analysis().get().producedBy()).isNotEqualTo("scripted-model");
      assertThat(done.assignee()).as("still assigned after the fallback").isPresent();
      assertThat(engine.metrics().snapshot().fallbackAnalyses()).isEqualTo(1);
    }

    @Test
    @DisplayName("a permanent analyzer failure falls back at once, without retrying")
    void permanentAnalyzerFailure() {
      analyzer.failNext(AnalysisUnavailableException.permanent("HTTP 401 bad API key", null));
      Ticket ticket = file(rita, "Kubernetes secrets missing");

      engine.runPendingJobs();

      assertThat(analyzer.calls()).isEqualTo(1);
      assertThat(reload(ticket).analysis().get().fallback()).isTrue();
    }

    @Test
    @DisplayName("a failing delivery is retried and then delivered exactly once")
    void deliveryRetries() {
      notifier.failWith(n -> NotificationFailedException.retryable("connection refused", null));
      Ticket ticket = file(rita, "Kubernetes dns flaky");
      engine.runPendingJobs();
      assertThat(deliveredTo(kim)).isEmpty();

      notifier.heal();
      clock.advance(Duration.ofSeconds(10));
      engine.runPendingJobs();

      assertThat(deliveredTo(kim)).hasSize(1);
      assertThat(historyTypes(ticket)).endsWith(EventType.NOTIFIED);
    }

    @Test
    @DisplayName(
        "a permanent delivery failure is dead-lettered at once, admins are told, and a retry delivers")
    void deadLetterAndRetry() {
      notifier.failWith(
          n ->
              n.recipient().memberId().equals(kim.id())
                  ? NotificationFailedException.permanent("550 unknown recipient", null)
                  : null);
      Ticket ticket = file(rita, "Kubernetes quota exceeded");

      engine.runPendingJobs();

      List<Job> dead = engine.deadLetters(admin.id(), 10);
      assertThat(dead).singleElement().satisfies(job -> assertThat(job.lastError()).isPresent());
      assertThat(historyTypes(ticket)).contains(EventType.NOTIFICATION_FAILED);
      assertThat(notifier.delivered(Notification.JobDeadLettered.class))
          .singleElement()
          .satisfies(n -> assertThat(n.recipient().memberId()).isEqualTo(admin.id()));

      notifier.heal();
      engine.retryDeadLetter(admin.id(), dead.get(0).id());
      engine.runPendingJobs();

      assertThat(deliveredTo(kim)).hasSize(1);
      assertThat(engine.deadLetters(admin.id(), 10)).isEmpty();
    }

    @Test
    @DisplayName("a worker that dies mid-job loses its lease; the job is done once by another")
    void expiredLeaseIsTakenOver() {
      Ticket ticket = file(rita, "Kubernetes etcd slow");
      List<Job> claimedByDeadWorker = store.claimDueJobs(clock.instant(), Duration.ofMinutes(2), 1);
      assertThat(claimedByDeadWorker).hasSize(1);

      assertThat(engine.runPendingJobs()).as("nothing due while the lease runs").isZero();
      clock.advance(Duration.ofMinutes(3));
      engine.runPendingJobs();

      assertThat(historyTypes(ticket).stream().filter(EventType.ANALYSED::equals)).hasSize(1);
      assertThat(reload(ticket).assignee()).contains(kim.id());
    }

    @Test
    @DisplayName("re-running the analysis keeps the assignee")
    void reanalysisKeepsAssignee() {
      Ticket ticket = file(rita, "React hydration error");
      engine.runPendingJobs();
      assertThat(reload(ticket).assignee()).contains(mo.id());

      engine.requestAnalysis(admin.id(), ticket.id());
      engine.runPendingJobs();

      assertThat(reload(ticket).assignee()).contains(mo.id());
      assertThat(historyTypes(ticket).stream().filter(EventType.ANALYSED::equals)).hasSize(2);
      assertThat(deliveredTo(mo)).hasSize(1);
    }

    @Test
    @DisplayName("a node without workers files tickets; a node with workers runs them")
    void nodeWithoutWorkers() throws Exception {
      HelpdeskEngine apiNode =
          HelpdeskEngine.builder()
              .store(store)
              .analyzer(analyzer)
              .notifier(notifier)
              .clock(clock)
              .workerConcurrency(0)
              .pollInterval(Duration.ofMillis(20))
              .build();
      try {
        apiNode.start();
        Ticket ticket =
            apiNode.createTicket(rita.id(), NewTicket.of("Kubernetes pod", "Keeps restarting"));
        Thread.sleep(300);
        assertThat(reload(ticket).analysis()).as("nobody runs the job yet").isEmpty();

        engine.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (deliveredTo(kim).isEmpty() && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        assertThat(reload(ticket).assignee()).contains(kim.id());
        assertThat(deliveredTo(kim)).hasSize(1);
      } finally {
        apiNode.close();
      }
    }

    @Test
    @DisplayName("worker threads drain a burst of tickets, each assigned and notified once")
    void concurrentWorkers() throws Exception {
      engine.updateMember(admin.id(), kim.id(), MemberUpdate.none().capacity(1_000));
      engine.updateMember(admin.id(), mo.id(), MemberUpdate.none().capacity(1_000));
      List<TicketEvent> seen = new CopyOnWriteArrayList<>();
      engine.subscribe(seen::add);
      engine.start();

      List<Ticket> tickets = new ArrayList<>();
      for (int i = 0; i < 120; i++) {
        tickets.add(file(rita, (i % 2 == 0 ? "Kubernetes" : "React") + " issue " + i));
      }

      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (notifier.delivered().size() < tickets.size() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      engine.close();

      assertThat(notifier.delivered(Notification.TicketAssigned.class)).hasSize(tickets.size());
      Map<Object, Long> perTicket =
          notifier.delivered().stream()
              .collect(Collectors.groupingBy(n -> n.ticket().id(), Collectors.counting()));
      assertThat(perTicket.values()).allMatch(count -> count == 1);
      for (Ticket ticket : tickets) {
        assertThat(reload(ticket).assignee()).isPresent();
      }
      List<Long> ids = seen.stream().map(TicketEvent::id).toList();
      assertThat(ids)
          .as("published in id order without duplicates")
          .isSorted()
          .doesNotHaveDuplicates();
    }
  }

  @Nested
  @DisplayName("working a ticket")
  class Working {

    @Test
    @DisplayName("the assignee moves it along allowed transitions and the requester is told")
    void statusChanges() {
      Ticket ticket = file(rita, "Kubernetes upgrade stuck");
      engine.runPendingJobs();
      Ticket assigned = reload(ticket);

      Ticket started =
          engine.changeStatus(kim.id(), ticket.id(), TicketStatus.IN_PROGRESS, assigned.version());
      engine.runPendingJobs();

      assertThat(started.status()).isEqualTo(TicketStatus.IN_PROGRESS);
      assertThat(notifier.delivered(Notification.StatusChanged.class))
          .singleElement()
          .satisfies(
              n -> {
                assertThat(n.recipient().memberId()).isEqualTo(rita.id());
                assertThat(n.to()).isEqualTo(TicketStatus.IN_PROGRESS);
              });

      Ticket completed =
          engine.changeStatus(kim.id(), ticket.id(), TicketStatus.COMPLETED, started.version());
      assertThat(completed.completedAt()).contains(clock.instant());
      assertThatThrownBy(
              () ->
                  engine.changeStatus(
                      kim.id(), ticket.id(), TicketStatus.IN_PROGRESS, completed.version()))
          .isInstanceOf(InvalidTransitionException.class);
      Ticket reopened =
          engine.changeStatus(kim.id(), ticket.id(), TicketStatus.TODO, completed.version());
      assertThat(reopened.completedAt()).isEmpty();
    }

    @Test
    @DisplayName("a stale version is a conflict and changes nothing")
    void staleVersion() {
      Ticket ticket = file(rita, "Kubernetes stale");
      engine.runPendingJobs();
      long version = reload(ticket).version();
      engine.changeStatus(kim.id(), ticket.id(), TicketStatus.IN_PROGRESS, version);

      assertThatThrownBy(
              () -> engine.changeStatus(kim.id(), ticket.id(), TicketStatus.COMPLETED, version))
          .isInstanceOf(TicketConflictException.class);
      assertThat(reload(ticket).status()).isEqualTo(TicketStatus.IN_PROGRESS);
    }

    @Test
    @DisplayName("comments reach the other side; internal notes never reach the requester")
    void conversation() {
      Ticket ticket = file(rita, "Kubernetes logs missing");
      engine.runPendingJobs();

      engine.comment(kim.id(), ticket.id(), "Which namespace?");
      engine.addInternalNote(kim.id(), ticket.id(), "Probably the fluentd daemonset");
      engine.comment(rita.id(), ticket.id(), "The payments namespace");
      engine.runPendingJobs();

      List<Notification.CommentAdded> comments =
          notifier.delivered(Notification.CommentAdded.class);
      assertThat(comments)
          .extracting(n -> n.recipient().memberId(), n -> n.comment().body())
          .containsExactlyInAnyOrder(
              org.assertj.core.groups.Tuple.tuple(rita.id(), "Which namespace?"),
              org.assertj.core.groups.Tuple.tuple(kim.id(), "The payments namespace"));

      TicketDetails asRequester = engine.ticket(rita.id(), ticket.id());
      assertThat(asRequester.comments())
          .extracting(c -> c.body())
          .containsExactly("Which namespace?", "The payments namespace");
      assertThat(asRequester.history()).noneMatch(TicketEvent::internal);
      assertThat(engine.ticket(kim.id(), ticket.id()).comments()).hasSize(3);
    }

    @Test
    @DisplayName("a staff priority override wins over the analysis")
    void priorityOverride() {
      Ticket ticket = file(rita, "Kubernetes question");
      engine.runPendingJobs();
      Ticket analysed = reload(ticket);
      assertThat(analysed.effectivePriority()).isEqualTo(Priority.HIGH);

      Ticket overridden =
          engine.overridePriority(
              kim.id(), ticket.id(), Optional.of(Priority.LOW), analysed.version());

      assertThat(overridden.effectivePriority()).isEqualTo(Priority.LOW);
    }

    @Test
    @DisplayName("the preview says who would get a ticket and why, and writes nothing")
    void preview() {
      Ticket ticket = file(rita, "Hardware printer offline");
      engine.runPendingJobs();
      long events = engine.latestEventId();

      AssignmentPreview preview = engine.previewAssignment(admin.id(), ticket.id());
      AssignmentPreview draft =
          engine.previewAssignment(admin.id(), NewTicket.of("React build fails", "react error"));

      assertThat(preview.decision()).isInstanceOf(AssignmentDecision.NoCandidate.class);
      assertThat(preview.decision().evaluations()).hasSize(2);
      assertThat(draft.decision()).isInstanceOf(AssignmentDecision.Assign.class);
      assertThat(((AssignmentDecision.Assign) draft.decision()).assignee()).isEqualTo(mo.id());
      assertThat(engine.latestEventId()).isEqualTo(events);
    }
  }

  @Nested
  @DisplayName("access rules")
  class Access {

    @Test
    @DisplayName("a requester sees only their own tickets; others' ids look like missing ones")
    void requesterIsolation() {
      Ticket ritas = file(rita, "Kubernetes mine");
      file(otto, "React his");

      assertThat(engine.tickets(rita.id(), TicketQuery.all()).items())
          .extracting(Ticket::id)
          .containsExactly(ritas.id());
      assertThat(
              engine.tickets(rita.id(), TicketQuery.builder().requester(otto.id()).build()).items())
          .isEmpty();
      assertThatThrownBy(() -> engine.ticket(otto.id(), ritas.id()))
          .isInstanceOf(TicketNotFoundException.class);
      assertThatThrownBy(() -> engine.comment(otto.id(), ritas.id(), "hi"))
          .isInstanceOf(TicketNotFoundException.class);
    }

    @Test
    @DisplayName("a moderator works only tickets assigned to them, in queue order")
    void moderatorScope() {
      Ticket kims = file(rita, "Kubernetes one");
      Ticket mos = file(rita, "React two");
      engine.runPendingJobs();

      assertThat(
              engine
                  .tickets(kim.id(), TicketQuery.builder().sort(TicketSort.PRIORITY).build())
                  .items())
          .extracting(Ticket::id)
          .containsExactly(kims.id());
      assertThatThrownBy(
              () ->
                  engine.changeStatus(
                      kim.id(), mos.id(), TicketStatus.IN_PROGRESS, reload(mos).version()))
          .isInstanceOf(TicketNotFoundException.class);
      assertThatThrownBy(() -> engine.assign(kim.id(), kims.id(), mo.id()))
          .isInstanceOf(AccessDeniedException.class);
    }

    @Test
    @DisplayName("requesters cannot change status or write internal notes")
    void requesterLimits() {
      Ticket ticket = file(rita, "Kubernetes limits");
      engine.runPendingJobs();

      assertThatThrownBy(
              () ->
                  engine.changeStatus(
                      rita.id(), ticket.id(), TicketStatus.COMPLETED, reload(ticket).version()))
          .isInstanceOf(AccessDeniedException.class);
      assertThatThrownBy(() -> engine.addInternalNote(rita.id(), ticket.id(), "psst"))
          .isInstanceOf(AccessDeniedException.class);
    }

    @Test
    @DisplayName("only admins manage members, read analytics and handle queues")
    void adminOnly() {
      List<Function<Member, Object>> adminActions =
          List.of(
              actor -> engine.members(actor.id()),
              actor -> engine.analytics(actor.id(), 30),
              actor -> engine.deadLetters(actor.id(), 10),
              actor -> engine.updateMember(actor.id(), rita.id(), MemberUpdate.none().capacity(1)));
      for (Function<Member, Object> action : adminActions) {
        assertThatThrownBy(() -> action.apply(rita)).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> action.apply(kim)).isInstanceOf(AccessDeniedException.class);
        assertThat(action.apply(admin)).isNotNull();
      }
    }

    @Test
    @DisplayName("a deactivated member is refused on their next call; the last admin stays")
    void deactivation() {
      engine.updateMember(admin.id(), otto.id(), MemberUpdate.none().active(false));

      assertThatThrownBy(() -> file(otto, "Anything")).isInstanceOf(AccessDeniedException.class);
      assertThatThrownBy(() -> engine.signIn("otto@example.com", "Otto"))
          .isInstanceOf(AccessDeniedException.class);
      assertThatThrownBy(
              () ->
                  engine.updateMember(admin.id(), admin.id(), MemberUpdate.none().role(Role.USER)))
          .isInstanceOf(InvalidInputException.class);
    }

    @Test
    @DisplayName("unknown skills are rejected with the list of known ones")
    void unknownSkills() {
      assertThatThrownBy(
              () ->
                  engine.updateMember(
                      admin.id(), kim.id(), MemberUpdate.none().skills(Set.of("k8s", "cobol"))))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("cobol");

      Member updated =
          engine.updateMember(admin.id(), kim.id(), MemberUpdate.none().skills(Set.of("k8s")));
      assertThat(updated.skills()).containsExactly(Skill.of("kubernetes"));
    }

    @Test
    @DisplayName("first sign-in registers a requester; later sign-ins find the same member")
    void signIn() {
      Member first = engine.signIn("New.Person@Example.com", "New Person");
      Member again = engine.signIn("new.person@example.com", "New Person");

      assertThat(first.role()).isEqualTo(Role.USER);
      assertThat(again.id()).isEqualTo(first.id());
    }

    @Test
    @DisplayName("replayed events are filtered per viewer: requesters never see internal ones")
    void eventReplayIsFiltered() {
      Ticket ritas = file(rita, "Kubernetes replay");
      file(otto, "React other");
      engine.runPendingJobs();
      engine.addInternalNote(kim.id(), ritas.id(), "internal");

      EventBatch forRita = engine.eventsAfter(rita.id(), 0, 1_000);
      EventBatch forKim = engine.eventsAfter(kim.id(), 0, 1_000);
      EventBatch forAdmin = engine.eventsAfter(admin.id(), 0, 1_000);

      assertThat(forRita.events())
          .allMatch(e -> e.requester().equals(rita.id()) && !e.internal())
          .isNotEmpty();
      assertThat(forKim.events()).anyMatch(e -> e.type() == EventType.INTERNAL_NOTE_ADDED);
      assertThat(forKim.events()).noneMatch(e -> e.requester().equals(otto.id()));
      int allEvents =
          engine.tickets(admin.id(), TicketQuery.all()).items().stream()
              .mapToInt(t -> engine.ticket(admin.id(), t.id()).history().size())
              .sum();
      assertThat(forAdmin.events()).hasSize(allEvents);
      assertThat(forRita.lastScannedId()).isEqualTo(engine.latestEventId());
    }
  }

  /** Exposed for subclasses that add store-specific scenarios. */
  protected Instant now() {
    return clock.instant();
  }
}
