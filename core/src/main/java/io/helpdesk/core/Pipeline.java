package io.helpdesk.core;

import io.helpdesk.core.model.Analysis;
import io.helpdesk.core.model.Assignment;
import io.helpdesk.core.model.AssignmentSource;
import io.helpdesk.core.model.Comment;
import io.helpdesk.core.model.CommentId;
import io.helpdesk.core.model.EventType;
import io.helpdesk.core.model.Member;
import io.helpdesk.core.model.MemberId;
import io.helpdesk.core.model.Role;
import io.helpdesk.core.model.Skill;
import io.helpdesk.core.model.SkillTaxonomy;
import io.helpdesk.core.model.Ticket;
import io.helpdesk.core.model.TicketStatus;
import io.helpdesk.core.spi.AnalysisRequest;
import io.helpdesk.core.spi.AnalysisResult;
import io.helpdesk.core.spi.Assigner;
import io.helpdesk.core.spi.AssignmentDecision;
import io.helpdesk.core.spi.AssignmentRequest;
import io.helpdesk.core.spi.Candidate;
import io.helpdesk.core.spi.CandidateEvaluation;
import io.helpdesk.core.spi.Job;
import io.helpdesk.core.spi.JobType;
import io.helpdesk.core.spi.NewJob;
import io.helpdesk.core.spi.NewTicketEvent;
import io.helpdesk.core.spi.Notification;
import io.helpdesk.core.spi.Notifier;
import io.helpdesk.core.spi.Recipient;
import io.helpdesk.core.spi.StoreTransaction;
import io.helpdesk.core.spi.TicketAnalyzer;
import io.helpdesk.core.spi.TicketStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job handlers of the pipeline (analyse, assign, notify) and the enqueuing of their follow-up
 * jobs. Every handler finishes its job in the same transaction as its writes, fenced by the lease,
 * so the database side of each job happens exactly once; only the calls to the analyzer and the
 * notifier, made outside any transaction, can repeat after a crash.
 */
final class Pipeline {
  private static final Logger log = LoggerFactory.getLogger(Pipeline.class);
  private static final int MAX_EXPLAINED_CANDIDATES = 5;
  private static final int MAX_ERROR_LENGTH = 500;

  static final String KIND = "kind";
  static final String RECIPIENT = "recipient";
  static final String KEY = "key";

  private final TicketStore store;
  private final TicketAnalyzer analyzer;
  private final TicketAnalyzer fallbackAnalyzer;
  private final Assigner assigner;
  private final Notifier notifier;
  private final SkillTaxonomy taxonomy;
  private final Clock clock;
  private final RetryPolicy analysisRetry;
  private final RetryPolicy deliveryRetry;
  private final EngineMetrics metrics;
  private final RandomGenerator random;

  Pipeline(
      TicketStore store,
      TicketAnalyzer analyzer,
      TicketAnalyzer fallbackAnalyzer,
      Assigner assigner,
      Notifier notifier,
      SkillTaxonomy taxonomy,
      Clock clock,
      RetryPolicy analysisRetry,
      RetryPolicy deliveryRetry,
      EngineMetrics metrics,
      RandomGenerator random) {
    this.store = store;
    this.analyzer = analyzer;
    this.fallbackAnalyzer = fallbackAnalyzer;
    this.assigner = assigner;
    this.notifier = notifier;
    this.taxonomy = taxonomy;
    this.clock = clock;
    this.analysisRetry = analysisRetry;
    this.deliveryRetry = deliveryRetry;
    this.metrics = metrics;
    this.random = random;
  }

  Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  /** Runs one claimed job to completion, retry or dead letter. Never throws. */
  void run(Job job) {
    try {
      switch (job.type()) {
        case ANALYSE -> analyse(job);
        case ASSIGN -> assign(job);
        case NOTIFY -> notify(job);
      }
    } catch (LeaseLostException e) {
      metrics.leasesLost.increment();
      log.info(
          "job {} ({}) lost its lease to another worker; its result is dropped",
          job.id(),
          job.type());
    } catch (RuntimeException e) {
      fail(job, e);
    }
  }

  // ---- analyse

  private void analyse(Job job) {
    Optional<Ticket> found = store.read(tx -> tx.findTicket(job.ticketId()));
    if (found.isEmpty()) {
      finishWithoutWork(job, "ticket no longer exists");
      return;
    }
    AnalysisRequest request = AnalysisRequest.of(found.get(), now());
    long started = System.nanoTime();
    AnalysisResult result;
    try {
      result = analyzer.analyze(request);
    } catch (RuntimeException e) {
      metrics.analyzerFailures.increment();
      boolean retryable = !(e instanceof PortFailureException failure) || failure.retryable();
      if (!retryable) {
        log.warn(
            "analysis of ticket {} failed permanently ({}); using the offline analyzer",
            job.ticketId(),
            describe(e));
        storeAnalysis(job, fallback(request), true);
        return;
      }
      throw e;
    } finally {
      metrics.analyzerLatencyMillis.add(Duration.ofNanos(System.nanoTime() - started).toMillis());
    }
    storeAnalysis(job, result, false);
  }

  private AnalysisResult fallback(AnalysisRequest request) {
    return fallbackAnalyzer.analyze(request);
  }

  private void storeAnalysis(Job job, AnalysisResult result, boolean fallback) {
    Instant now = now();
    List<Skill> skills =
        result.skills().stream()
            .map(skill -> taxonomy.resolve(skill.name()))
            .flatMap(Optional::stream)
            .distinct()
            .toList();
    Analysis analysis =
        new Analysis(result.priority(), skills, result.notes(), result.producedBy(), now, fallback);
    Transactions.writeRetryingConflicts(
        store,
        tx -> {
          Optional<Ticket> current = tx.findTicket(job.ticketId());
          if (current.isPresent()) {
            Ticket updated = tx.updateTicket(current.get().withAnalysis(analysis, now));
            Map<String, String> data = new LinkedHashMap<>();
            data.put("priority", analysis.priority().name());
            data.put("skills", skills.stream().map(Skill::name).collect(Collectors.joining(",")));
            data.put("producedBy", analysis.producedBy());
            data.put("fallback", Boolean.toString(fallback));
            result
                .usage()
                .ifPresent(
                    usage -> {
                      data.put("inputTokens", Long.toString(usage.inputTokens()));
                      data.put("outputTokens", Long.toString(usage.outputTokens()));
                      data.put("latencyMs", Long.toString(usage.latency().toMillis()));
                    });
            tx.appendEvent(
                NewTicketEvent.about(
                    updated, EventType.ANALYSED, Optional.empty(), now, false, data));
            if (updated.assignment().isEmpty() && updated.isOpen()) {
              tx.enqueue(new NewJob(JobType.ASSIGN, updated.id(), Map.of(), placeInQueue(updated)));
            }
          }
          tx.completeJob(job.id(), job.lease(), now);
          return null;
        });
    metrics.analyses.increment();
    if (fallback) {
      metrics.fallbackAnalyses.increment();
    }
    metrics.jobsCompleted.increment();
  }

  // ---- assign

  private void assign(Job job) {
    Instant now = now();
    Transactions.writeRetryingConflicts(
        store,
        tx -> {
          Optional<Ticket> found = tx.findTicket(job.ticketId());
          if (found.isEmpty() || found.get().assignment().isPresent() || !found.get().isOpen()) {
            // Assigned by hand meanwhile (a manual decision wins), completed, or gone.
            tx.completeJob(job.id(), job.lease(), now);
            return null;
          }
          Ticket ticket = found.get();
          List<Candidate> candidates = new ArrayList<>(tx.assignmentCandidates());
          AssignmentDecision decision = assigner.decide(requestFor(ticket, candidates, now));
          // Lock the chosen moderator and re-read their load; if a concurrent change filled
          // them (or made them no moderator) meanwhile, decide again with what the lock showed:
          // each round rules out one more, so this ends.
          while (decision instanceof AssignmentDecision.Assign chosen) {
            requireHonest(chosen, candidates);
            Optional<Candidate> locked = tx.lockCandidate(chosen.assignee());
            if (locked.isPresent() && locked.get().member().active() && locked.get().hasRoom()) {
              break;
            }
            candidates.removeIf(candidate -> candidate.member().id().equals(chosen.assignee()));
            locked.ifPresent(candidates::add);
            decision = assigner.decide(requestFor(ticket, candidates, now));
          }
          if (decision instanceof AssignmentDecision.Assign assign) {
            Assignment assignment =
                new Assignment(
                    assign.assignee(),
                    AssignmentSource.ENGINE,
                    Optional.empty(),
                    assign.score(),
                    assign.reason(),
                    now);
            Ticket updated = tx.updateTicket(ticket.withAssignment(assignment, now));
            NewTicketEvent event =
                NewTicketEvent.about(
                    updated,
                    EventType.ASSIGNED,
                    Optional.empty(),
                    now,
                    false,
                    assignmentData(assignment, nameOf(candidates, assign.assignee()), decision));
            tx.appendEvent(event);
            enqueueNotification(
                tx, event, assign.assignee(), "ticket-assigned", Map.of(), placeInQueue(ticket));
          } else if (!ticket.needsTriage()) {
            Ticket updated = tx.updateTicket(ticket.withNeedsTriage(true, now));
            NewTicketEvent event =
                NewTicketEvent.about(
                    updated,
                    EventType.TRIAGE_NEEDED,
                    Optional.empty(),
                    now,
                    true,
                    Map.of("reason", decision.reason()));
            tx.appendEvent(event);
            for (Member admin : activeAdmins(tx)) {
              enqueueNotification(
                  tx,
                  event,
                  admin.id(),
                  "triage-needed",
                  Map.of("reason", decision.reason()),
                  placeInQueue(ticket));
            }
          }
          tx.completeJob(job.id(), job.lease(), now);
          return null;
        });
    metrics.jobsCompleted.increment();
  }

  /**
   * When a pipeline step's follow-up job is due: at once, but with the ticket's place in the queue
   * (its creation time), so that workers finish the tickets they started before they take up newer
   * ones. With a backlog, a ticket then waits for one analysis turn, not for the whole backlog's
   * analyses, between its analysis and its assignment; and the cheap steps fill the time slow model
   * calls leave idle.
   */
  private static Instant placeInQueue(Ticket ticket) {
    return ticket.createdAt();
  }

  AssignmentRequest requestFor(Ticket ticket, List<Candidate> candidates, Instant now) {
    List<Skill> skills = ticket.analysis().map(Analysis::skills).orElse(List.of());
    return new AssignmentRequest(ticket.id(), ticket.effectivePriority(), skills, candidates, now);
  }

  private static void requireHonest(AssignmentDecision.Assign assign, List<Candidate> candidates) {
    Candidate chosen =
        candidates.stream()
            .filter(candidate -> candidate.member().id().equals(assign.assignee()))
            .findFirst()
            .orElseThrow(
                () -> new IllegalStateException("assigner chose a member who is not a candidate"));
    if (!chosen.member().active() || !chosen.hasRoom()) {
      throw new IllegalStateException("assigner chose an inactive or full moderator");
    }
  }

  static Map<String, String> assignmentData(
      Assignment assignment, String assigneeName, AssignmentDecision decision) {
    Map<String, String> data = new LinkedHashMap<>();
    data.put("assignee", assignment.assignee().toString());
    data.put("assigneeName", assigneeName);
    data.put("source", assignment.source().name());
    assignment.decidedBy().ifPresent(admin -> data.put("decidedBy", admin.toString()));
    data.put("score", String.format(java.util.Locale.ROOT, "%.3f", assignment.score()));
    data.put("reason", assignment.reason());
    if (decision != null) {
      data.put("explanation", explain(decision));
    }
    return data;
  }

  /** The assigner's explanation, short enough for an event: the best few candidates. */
  static String explain(AssignmentDecision decision) {
    List<String> lines = new ArrayList<>();
    for (CandidateEvaluation evaluation : decision.evaluations()) {
      if (lines.size() == MAX_EXPLAINED_CANDIDATES) {
        lines.add("… and " + (decision.evaluations().size() - MAX_EXPLAINED_CANDIDATES) + " more");
        break;
      }
      String factors =
          evaluation.factors().stream()
              .map(
                  factor ->
                      String.format(
                          java.util.Locale.ROOT,
                          "%s %.2f (%s)",
                          factor.name(),
                          factor.value(),
                          factor.detail()))
              .collect(Collectors.joining(", "));
      lines.add(
          evaluation.displayName()
              + ": "
              + evaluation
                  .excludedBecause()
                  .map(reason -> "excluded, " + reason)
                  .orElse(String.format(java.util.Locale.ROOT, "score %.3f", evaluation.score()))
              + (factors.isEmpty() ? "" : " [" + factors + "]"));
    }
    return String.join("\n", lines);
  }

  private static String nameOf(List<Candidate> candidates, MemberId id) {
    return candidates.stream()
        .filter(candidate -> candidate.member().id().equals(id))
        .map(candidate -> candidate.member().displayName())
        .findFirst()
        .orElse(id.toString());
  }

  static List<Member> activeAdmins(StoreTransaction tx) {
    return tx.listMembers().stream()
        .filter(member -> member.active() && member.role() == Role.ADMIN)
        .toList();
  }

  /**
   * Enqueues one notification for one recipient. Its idempotency key is drawn here and stored in
   * the job's payload, so a retry or a crash never changes it.
   */
  static void enqueueNotification(
      StoreTransaction tx,
      NewTicketEvent cause,
      MemberId recipient,
      String kind,
      Map<String, String> details,
      Instant now) {
    Map<String, String> payload = new LinkedHashMap<>(details);
    payload.put(KIND, kind);
    payload.put(RECIPIENT, recipient.toString());
    payload.put(KEY, "helpdesk-" + UUID.randomUUID());
    tx.enqueue(new NewJob(JobType.NOTIFY, cause.ticketId(), payload, now));
  }

  // ---- notify

  private void notify(Job job) {
    Optional<Notification> notification = store.read(tx -> buildNotification(tx, job));
    if (notification.isEmpty()) {
      finishWithoutWork(job, "notification no longer applies");
      return;
    }
    try {
      notifier.send(notification.get());
    } catch (RuntimeException e) {
      metrics.notificationsFailed.increment();
      throw e;
    }
    metrics.notificationsSent.increment();
    Instant now = now();
    Notification sent = notification.get();
    store.inTransaction(
        tx -> {
          tx.appendEvent(
              NewTicketEvent.about(
                  sent.ticket(),
                  EventType.NOTIFIED,
                  Optional.empty(),
                  now,
                  true,
                  Map.of(KIND, sent.kind(), "recipient", sent.recipient().email())));
          tx.completeJob(job.id(), job.lease(), now);
          return null;
        });
    metrics.jobsCompleted.increment();
  }

  private Optional<Notification> buildNotification(StoreTransaction tx, Job job) {
    Map<String, String> payload = job.payload();
    Optional<Ticket> found = tx.findTicket(job.ticketId());
    Optional<Member> member =
        Optional.ofNullable(payload.get(RECIPIENT))
            .map(MemberId::parse)
            .flatMap(tx::findMember)
            .filter(Member::active);
    if (found.isEmpty() || member.isEmpty()) {
      return Optional.empty();
    }
    Ticket ticket = found.get();
    Recipient recipient = Recipient.of(member.get());
    String key = payload.get(KEY);
    String kind = payload.getOrDefault(KIND, "");
    return switch (kind) {
      case "ticket-assigned" ->
          ticket
              .assignment()
              .filter(assignment -> assignment.assignee().equals(recipient.memberId()))
              .map(
                  assignment ->
                      new Notification.TicketAssigned(key, recipient, ticket, assignment));
      case "status-changed" ->
          Optional.of(
              new Notification.StatusChanged(
                  key,
                  recipient,
                  ticket,
                  TicketStatus.valueOf(payload.get("from")),
                  TicketStatus.valueOf(payload.get("to")),
                  payload.getOrDefault("changedBy", "")));
      case "comment-added" -> {
        CommentId commentId = CommentId.parse(payload.get("commentId"));
        Optional<Comment> comment =
            tx.listComments(ticket.id()).stream()
                .filter(candidate -> candidate.id().equals(commentId))
                .filter(candidate -> !candidate.internal() || recipient.role().isStaff())
                .findFirst();
        yield comment.map(
            found1 ->
                new Notification.CommentAdded(
                    key,
                    recipient,
                    ticket,
                    found1,
                    tx.findMember(found1.author()).map(Member::displayName).orElse("someone")));
      }
      case "triage-needed" ->
          ticket.needsTriage()
              ? Optional.of(
                  new Notification.TriageNeeded(
                      key, recipient, ticket, payload.getOrDefault("reason", "")))
              : Optional.empty();
      case "job-dead-lettered" ->
          Optional.of(
              new Notification.JobDeadLettered(
                  key,
                  recipient,
                  ticket,
                  Long.parseLong(payload.get("deadJobId")),
                  JobType.valueOf(payload.get("deadJobType")),
                  payload.getOrDefault("error", "")));
      default -> throw new IllegalStateException("unknown notification kind '" + kind + "'");
    };
  }

  // ---- failure handling

  private void fail(Job job, RuntimeException error) {
    boolean retryable = !(error instanceof PortFailureException failure) || failure.retryable();
    Optional<Duration> retryAfter =
        error instanceof PortFailureException failure ? failure.retryAfter() : Optional.empty();
    RetryPolicy policy = job.type() == JobType.NOTIFY ? deliveryRetry : analysisRetry;
    try {
      if (retryable && policy.canRetryAfter(job.attempts())) {
        reschedule(job, error, policy.delayAfter(job.attempts(), retryAfter, random));
      } else if (job.type() == JobType.ANALYSE) {
        log.warn(
            "analysis of ticket {} failed {} time(s) ({}); using the offline analyzer",
            job.ticketId(),
            job.attempts(),
            describe(error));
        AnalysisResult fallbackResult;
        try {
          fallbackResult = fallback(AnalysisRequest.of(ticketOf(job), now()));
        } catch (RuntimeException fallbackError) {
          deadLetter(job, fallbackError);
          return;
        }
        storeAnalysis(job, fallbackResult, true);
      } else {
        deadLetter(job, error);
      }
    } catch (LeaseLostException e) {
      metrics.leasesLost.increment();
    } catch (RuntimeException e) {
      // The store itself is failing; the lease will expire and the job will be claimed again.
      log.error("could not record the failure of job {}: {}", job.id(), describe(e));
    }
  }

  private Ticket ticketOf(Job job) {
    return store
        .read(tx -> tx.findTicket(job.ticketId()))
        .orElseThrow(() -> new TicketNotFoundException(job.ticketId()));
  }

  private void reschedule(Job job, RuntimeException error, Duration delay) {
    Instant now = now();
    log.info(
        "job {} ({}, ticket {}) failed on attempt {} ({}); retrying in {} ms",
        job.id(),
        job.type(),
        job.ticketId(),
        job.attempts(),
        describe(error),
        delay.toMillis());
    store.inTransaction(
        tx -> {
          tx.rescheduleJob(job.id(), job.lease(), now.plus(delay), describe(error), now);
          if (job.type() == JobType.ANALYSE) {
            tx.findTicket(job.ticketId())
                .ifPresent(
                    ticket ->
                        tx.appendEvent(
                            NewTicketEvent.about(
                                ticket,
                                EventType.ANALYSIS_RETRY_SCHEDULED,
                                Optional.empty(),
                                now,
                                true,
                                Map.of(
                                    "attempt", Integer.toString(job.attempts()),
                                    "retryInMs", Long.toString(delay.toMillis()),
                                    "error", describe(error)))));
          }
          return null;
        });
    metrics.jobsRetried.increment();
  }

  private void deadLetter(Job job, RuntimeException error) {
    Instant now = now();
    log.warn(
        "job {} ({}, ticket {}) dead-lettered after {} attempt(s): {}",
        job.id(),
        job.type(),
        job.ticketId(),
        job.attempts(),
        describe(error));
    store.inTransaction(
        tx -> {
          tx.deadLetterJob(job.id(), job.lease(), describe(error), now);
          Optional<Ticket> ticket = tx.findTicket(job.ticketId());
          if (ticket.isPresent()) {
            NewTicketEvent event =
                NewTicketEvent.about(
                    ticket.get(),
                    job.type() == JobType.NOTIFY
                        ? EventType.NOTIFICATION_FAILED
                        : EventType.JOB_DEAD_LETTERED,
                    Optional.empty(),
                    now,
                    true,
                    Map.of(
                        "jobId", Long.toString(job.id()),
                        "jobType", job.type().name(),
                        "error", describe(error)));
            tx.appendEvent(event);
            boolean aboutDeadLetter = "job-dead-lettered".equals(job.payload().get(KIND));
            if (!aboutDeadLetter) {
              for (Member admin : activeAdmins(tx)) {
                enqueueNotification(
                    tx,
                    event,
                    admin.id(),
                    "job-dead-lettered",
                    Map.of(
                        "deadJobId", Long.toString(job.id()),
                        "deadJobType", job.type().name(),
                        "error", describe(error)),
                    now);
              }
            }
          }
          return null;
        });
    metrics.jobsDeadLettered.increment();
  }

  private void finishWithoutWork(Job job, String why) {
    log.debug("job {} ({}) finished without work: {}", job.id(), job.type(), why);
    Instant now = now();
    store.inTransaction(
        tx -> {
          tx.completeJob(job.id(), job.lease(), now);
          return null;
        });
    metrics.jobsCompleted.increment();
  }

  /** An error for logs and the dead-letter queue: its type and message, never a stack trace. */
  static String describe(Throwable error) {
    String message = error.getMessage() == null ? "" : ": " + error.getMessage();
    String text = error.getClass().getSimpleName() + message;
    return text.length() > MAX_ERROR_LENGTH ? text.substring(0, MAX_ERROR_LENGTH) + "…" : text;
  }
}
