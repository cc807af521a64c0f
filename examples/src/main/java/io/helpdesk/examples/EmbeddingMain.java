package io.helpdesk.examples;

import io.helpdesk.core.HelpdeskEngine;
import io.helpdesk.core.model.Analysis;
import io.helpdesk.core.model.Assignment;
import io.helpdesk.core.model.Member;
import io.helpdesk.core.model.NewTicket;
import io.helpdesk.core.model.Role;
import io.helpdesk.core.model.Ticket;
import io.helpdesk.core.store.InMemoryTicketStore;
import java.util.Set;

/**
 * Embedding in ten lines: the engine with the in-memory store and the offline defaults (keyword
 * analyzer, skill-and-load assigner, logging notifier) files a ticket, runs the pipeline on the
 * calling thread and prints the analysis and the assignment with its explanation.
 *
 * <p>The lines between the {@code tag::readme} markers are the quick start of the repository's
 * README; {@code ReadmeQuickStartTest} fails when the two differ.
 *
 * <p>How to run it by hand: {@code examples/README.md}.
 */
public final class EmbeddingMain {
  private EmbeddingMain() {}

  /**
   * Runs the example.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    // tag::readme[]
    HelpdeskEngine engine =
        HelpdeskEngine.builder()
            .store(new InMemoryTicketStore()) // or JooqTicketStore on PostgreSQL
            .build(); // keyword analyzer, skill-and-load assigner, logging notifier
    Member kim =
        engine.registerMember("kim@example.com", "Kim", Role.MODERATOR, Set.of("kubernetes"), 5);
    Member rita = engine.registerMember("rita@example.com", "Rita", Role.USER, Set.of(), 0);

    Ticket ticket =
        engine.createTicket(
            rita.id(),
            NewTicket.of("Pods crash-loop after helm upgrade", "Every pod restarts since then."));
    engine.runPendingJobs(); // or engine.start() for background workers, engine.close() to stop

    Ticket analysed = engine.ticket(kim.id(), ticket.id()).ticket();
    Analysis analysis = analysed.analysis().orElseThrow();
    Assignment assignment = analysed.assignment().orElseThrow();
    System.out.println("analysis: " + analysis.priority() + ", skills " + analysis.skills());
    Member assignee = engine.member(kim.id(), assignment.assignee());
    System.out.println("assigned to " + assignee.displayName() + ": " + assignment.reason());
    // end::readme[]
    System.out.println("notes: " + analysis.notes());
  }
}
