package io.helpdesk.testkit;

import io.helpdesk.core.model.Analysis;
import io.helpdesk.core.model.Assignment;
import io.helpdesk.core.model.AssignmentSource;
import io.helpdesk.core.model.Member;
import io.helpdesk.core.model.MemberId;
import io.helpdesk.core.model.NewTicket;
import io.helpdesk.core.model.Priority;
import io.helpdesk.core.model.Role;
import io.helpdesk.core.model.Skill;
import io.helpdesk.core.model.Ticket;
import io.helpdesk.core.model.TicketId;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/** Small factories for members and tickets, shared by the contract suites. */
public final class TestData {
  private static final AtomicInteger SEQUENCE = new AtomicInteger();

  private TestData() {}

  public static Member requester(String name, Instant createdAt) {
    return member(name, Role.USER, Set.of(), 0, createdAt);
  }

  public static Member admin(String name, Instant createdAt) {
    return member(name, Role.ADMIN, Set.of(), 0, createdAt);
  }

  public static Member moderator(String name, int capacity, Instant createdAt, String... skills) {
    return member(name, Role.MODERATOR, skills(skills), capacity, createdAt);
  }

  public static Member member(
      String name, Role role, Set<Skill> skills, int capacity, Instant createdAt) {
    String email =
        name.toLowerCase().replaceAll("[^a-z0-9]+", ".")
            + "."
            + SEQUENCE.incrementAndGet()
            + "@example.com";
    return new Member(MemberId.random(), email, name, role, skills, capacity, true, createdAt);
  }

  public static Set<Skill> skills(String... names) {
    return Arrays.stream(names).map(Skill::of).collect(Collectors.toUnmodifiableSet());
  }

  public static Ticket ticket(MemberId requester, String title, Instant createdAt) {
    return Ticket.newTicket(
        TicketId.random(), requester, NewTicket.of(title, "Description of " + title), createdAt);
  }

  public static Ticket ticket(
      MemberId requester,
      String title,
      String description,
      Optional<Priority> requested,
      Optional<Instant> deadline,
      Instant createdAt) {
    return Ticket.newTicket(
        TicketId.random(),
        requester,
        new NewTicket(title, description, requested, deadline),
        createdAt);
  }

  public static Analysis analysis(Priority priority, Instant at, String... skills) {
    return new Analysis(priority, List.copyOf(skills(skills)), "notes", "test", at, false);
  }

  public static Assignment engineAssignment(MemberId assignee, Instant at) {
    return new Assignment(assignee, AssignmentSource.ENGINE, Optional.empty(), 1.0, "test", at);
  }
}
