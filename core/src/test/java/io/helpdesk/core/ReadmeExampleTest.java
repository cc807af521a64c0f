package io.helpdesk.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.helpdesk.core.model.Assignment;
import io.helpdesk.core.model.Member;
import io.helpdesk.core.model.NewTicket;
import io.helpdesk.core.model.Role;
import io.helpdesk.core.model.Ticket;
import io.helpdesk.core.store.InMemoryTicketStore;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Runs the README's "Embedding in ten lines" snippet, so the quick start cannot rot. */
class ReadmeExampleTest {

  @Test
  @DisplayName("the README's embedding example files, analyses and assigns a ticket")
  void readmeExample() {
    // --- copied from README.md, "Embedding in ten lines"
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
            NewTicket.of(
                "Pods crash-loop after helm upgrade", "Since this morning every pod restarts..."));
    engine.runPendingJobs(); // or engine.start() for background workers

    Optional<Assignment> assignment = engine.ticket(kim.id(), ticket.id()).ticket().assignment();
    // --- end of the README snippet

    assertThat(assignment).isPresent();
    assertThat(assignment.get().assignee()).isEqualTo(kim.id());
    assertThat(assignment.get().reason()).contains("kubernetes");
  }
}
