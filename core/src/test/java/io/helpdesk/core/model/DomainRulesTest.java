package io.helpdesk.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.helpdesk.core.InvalidInputException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DomainRulesTest {
  private static final Instant NOW = Instant.parse("2026-01-05T09:00:00Z");

  @Test
  @DisplayName("a deadline beyond what a database stores is bad input, not a database failure")
  void deadlineRange() {
    for (String at :
        List.of("+999999999-12-31T23:59:59Z", "9999-12-31T00:00:00Z", "-0001-01-01T00:00:00Z")) {
      assertThatThrownBy(
              () -> new NewTicket("t", "d", Optional.empty(), Optional.of(Instant.parse(at))))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("deadline");
    }
    assertThat(
            new NewTicket(
                    "t", "d", Optional.empty(), Optional.of(Instant.parse("9999-12-30T00:00:00Z")))
                .deadline())
        .isPresent();
  }

  @Test
  @DisplayName("status machine: work, stop, complete, reopen; nothing else")
  void statusMachine() {
    assertThat(TicketStatus.TODO.allowedTransitions())
        .containsExactlyInAnyOrder(TicketStatus.IN_PROGRESS, TicketStatus.COMPLETED);
    assertThat(TicketStatus.IN_PROGRESS.allowedTransitions())
        .containsExactlyInAnyOrder(TicketStatus.TODO, TicketStatus.COMPLETED);
    assertThat(TicketStatus.COMPLETED.allowedTransitions()).containsExactly(TicketStatus.TODO);
    assertThat(TicketStatus.COMPLETED.canMoveTo(TicketStatus.IN_PROGRESS)).isFalse();
    assertThat(TicketStatus.TODO.canMoveTo(TicketStatus.TODO)).isFalse();
  }

  @Test
  @DisplayName("effective priority: override, then analysis, then the request, then MEDIUM")
  void effectivePriority() {
    Analysis low = new Analysis(Priority.LOW, List.of(), "", "test", NOW, false);

    assertThat(Priority.effective(Optional.empty(), Optional.empty(), Optional.empty()))
        .isEqualTo(Priority.MEDIUM);
    assertThat(Priority.effective(Optional.empty(), Optional.empty(), Optional.of(Priority.URGENT)))
        .isEqualTo(Priority.URGENT);
    assertThat(Priority.effective(Optional.empty(), Optional.of(low), Optional.of(Priority.URGENT)))
        .as("the analysis already weighed the request")
        .isEqualTo(Priority.LOW);
    assertThat(
            Priority.effective(
                Optional.of(Priority.HIGH), Optional.of(low), Optional.of(Priority.URGENT)))
        .isEqualTo(Priority.HIGH);
  }

  @Test
  @DisplayName("completing sets completedAt; reopening clears it")
  void completedAt() {
    Ticket ticket =
        Ticket.newTicket(TicketId.random(), MemberId.random(), NewTicket.of("t", "d"), NOW);
    Ticket completed = ticket.withStatus(TicketStatus.COMPLETED, NOW.plusSeconds(60));
    Ticket reopened = completed.withStatus(TicketStatus.TODO, NOW.plusSeconds(120));

    assertThat(completed.completedAt()).contains(NOW.plusSeconds(60));
    assertThat(reopened.completedAt()).isEmpty();
    assertThat(reopened.updatedAt()).isEqualTo(NOW.plusSeconds(120));
  }

  @Test
  @DisplayName("ticket text is required, stripped and limited, with the field named")
  void ticketLimits() {
    assertThat(NewTicket.of("  Login fails  ", " details ").title()).isEqualTo("Login fails");
    assertThatThrownBy(() -> NewTicket.of(" ", "d"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("title: must not be empty");
    assertThatThrownBy(() -> NewTicket.of("t", "x".repeat(Limits.MAX_DESCRIPTION_LENGTH + 1)))
        .isInstanceOf(InvalidInputException.class)
        .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("description"));
    assertThatThrownBy(() -> NewTicket.of("Hi\r\nBcc: x@example.com", "d"))
        .as("no line breaks in a title: it ends up in email subjects")
        .isInstanceOf(InvalidInputException.class);
    assertThat(NewTicket.of("t", "line one\nline two").description()).contains("\n");
  }

  @Test
  @DisplayName("sanitise drops control characters and caps the length")
  void sanitise() {
    assertThat(Limits.sanitise("a\u0000b\u001bc\nd", 100)).isEqualTo("abc\nd");
    assertThat(Limits.sanitise("x".repeat(50), 10)).hasSize(10);
  }

  @Test
  @DisplayName("members: emails normalised and checked, capacity bounded")
  void members() {
    Member member =
        new Member(
            MemberId.random(), " Kim@Example.COM ", "Kim", Role.MODERATOR, Set.of(), 3, true, NOW);
    assertThat(member.email()).isEqualTo("kim@example.com");
    assertThatThrownBy(
            () ->
                new Member(
                    MemberId.random(), "not-an-email", "Kim", Role.USER, Set.of(), 0, true, NOW))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("email");
    assertThatThrownBy(
            () ->
                new Member(
                    MemberId.random(),
                    "a@example.com\r\nBcc: b@example.com",
                    "Kim",
                    Role.USER,
                    Set.of(),
                    0,
                    true,
                    NOW))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(
            () ->
                new Member(
                    MemberId.random(), "a@example.com", "Kim", Role.USER, Set.of(), -1, true, NOW))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("capacity");
  }

  @Test
  @DisplayName("ids must be canonical UUIDs")
  void ids() {
    assertThatThrownBy(() -> TicketId.parse("1-1-1-1-1")).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> TicketId.parse("../etc/passwd"))
        .isInstanceOf(InvalidInputException.class);
    TicketId id = TicketId.random();
    assertThat(TicketId.parse(id.toString())).isEqualTo(id);
  }

  @Test
  @DisplayName("skills normalise spelling; the taxonomy maps synonyms to canonical skills")
  void skillsAndTaxonomy() {
    SkillTaxonomy taxonomy = SkillTaxonomy.defaults();

    assertThat(Skill.of(" Backend API ").name()).isEqualTo("backend-api");
    assertThat(taxonomy.skills()).hasSize(24);
    assertThat(taxonomy.resolve("K8s")).contains(Skill.of("kubernetes"));
    assertThat(taxonomy.resolve("Backend_API")).contains(Skill.of("backend-api"));
    assertThat(taxonomy.resolve("cobol")).isEmpty();
    assertThatThrownBy(() -> taxonomy.resolveAll("skills", List.of("react", "cobol")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("cobol");
    assertThatThrownBy(
            () ->
                SkillTaxonomy.fromJson(
                    "{\"skills\":[{\"name\":\"a\",\"synonyms\":[\"x\"]},"
                        + "{\"name\":\"b\",\"synonyms\":[\"x\"]}]}"))
        .hasMessageContaining("claimed by");
  }
}
