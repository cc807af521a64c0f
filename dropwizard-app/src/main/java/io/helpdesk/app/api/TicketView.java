package io.helpdesk.app.api;

import io.helpdesk.core.model.Analysis;
import io.helpdesk.core.model.Assignment;
import io.helpdesk.core.model.Priority;
import io.helpdesk.core.model.Skill;
import io.helpdesk.core.model.Ticket;
import io.helpdesk.core.model.TicketStatus;
import java.time.Instant;
import java.util.List;

/** A ticket as the API shows it (v1). Absent values are {@code null}. */
public record TicketView(
    String id,
    String title,
    String description,
    String requesterId,
    TicketStatus status,
    Priority priority,
    Priority requestedPriority,
    Priority priorityOverride,
    Instant deadline,
    AnalysisView analysis,
    AssignmentView assignment,
    boolean needsTriage,
    long version,
    Instant createdAt,
    Instant updatedAt,
    Instant completedAt) {

  /** What the analyzer said. */
  public record AnalysisView(
      Priority priority,
      List<String> skills,
      String notes,
      String producedBy,
      boolean fallback,
      Instant analysedAt) {
    static AnalysisView of(Analysis analysis) {
      return new AnalysisView(
          analysis.priority(),
          analysis.skills().stream().map(Skill::name).toList(),
          analysis.notes(),
          analysis.producedBy(),
          analysis.fallback(),
          analysis.analysedAt());
    }
  }

  /** Who works on it, and why. */
  public record AssignmentView(
      String assigneeId,
      String source,
      String decidedBy,
      double score,
      String reason,
      Instant assignedAt) {
    static AssignmentView of(Assignment assignment) {
      return new AssignmentView(
          assignment.assignee().toString(),
          assignment.source().name(),
          assignment.decidedBy().map(Object::toString).orElse(null),
          assignment.score(),
          assignment.reason(),
          assignment.assignedAt());
    }
  }

  public static TicketView of(Ticket ticket) {
    return new TicketView(
        ticket.id().toString(),
        ticket.title(),
        ticket.description(),
        ticket.requester().toString(),
        ticket.status(),
        ticket.effectivePriority(),
        ticket.requestedPriority().orElse(null),
        ticket.priorityOverride().orElse(null),
        ticket.deadline().orElse(null),
        ticket.analysis().map(AnalysisView::of).orElse(null),
        ticket.assignment().map(AssignmentView::of).orElse(null),
        ticket.needsTriage(),
        ticket.version(),
        ticket.createdAt(),
        ticket.updatedAt(),
        ticket.completedAt().orElse(null));
  }
}
