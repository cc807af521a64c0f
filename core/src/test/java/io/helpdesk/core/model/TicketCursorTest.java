package io.helpdesk.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.helpdesk.core.InvalidInputException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TicketCursorTest {
  private static final Instant NOW = Instant.parse("2026-01-05T09:00:00Z");

  @Test
  @DisplayName("a cursor survives its encoding")
  void roundTrip() {
    Ticket ticket = ticket(Priority.HIGH, Optional.of(NOW.plusSeconds(3600)), NOW);
    TicketCursor cursor = TicketCursor.after(TicketSort.PRIORITY, ticket);

    assertThat(TicketCursor.decode(cursor.encode())).isEqualTo(cursor);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "abc", "Yzx8fA", "////", "YzF8TkVXRVNUfDl8eHx4fHg"})
  @DisplayName("anything the server did not issue is a clear input error")
  void rejectsForgedCursors(String forged) {
    assertThatThrownBy(() -> TicketCursor.decode(forged))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("cursor");
  }

  @Test
  @DisplayName("the queue order: priority, then due date (none last), then age, then id")
  void priorityOrder() {
    Ticket urgentLate = ticket(Priority.URGENT, Optional.empty(), NOW);
    Ticket highSoon = ticket(Priority.HIGH, Optional.of(NOW.plusSeconds(60)), NOW.plusSeconds(5));
    Ticket highLater = ticket(Priority.HIGH, Optional.of(NOW.plusSeconds(600)), NOW);
    Ticket highNoDue = ticket(Priority.HIGH, Optional.empty(), NOW.minusSeconds(600));
    Ticket low = ticket(Priority.LOW, Optional.of(NOW), NOW);

    List<Ticket> sorted = new ArrayList<>(List.of(low, highNoDue, highLater, urgentLate, highSoon));
    sorted.sort(TicketSort.PRIORITY.comparator());

    assertThat(sorted).containsExactly(urgentLate, highSoon, highLater, highNoDue, low);
  }

  @Test
  @DisplayName("walking a list by cursors visits every ticket once, in order")
  void keysetWalk() {
    Random random = new Random(42);
    List<Ticket> tickets = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      Priority priority = Priority.values()[random.nextInt(4)];
      Optional<Instant> due =
          random.nextBoolean() ? Optional.of(NOW.plusSeconds(random.nextInt(5))) : Optional.empty();
      tickets.add(ticket(priority, due, NOW.plusSeconds(random.nextInt(3))));
    }
    for (TicketSort sort : TicketSort.values()) {
      List<Ticket> expected = new ArrayList<>(tickets);
      expected.sort(sort.comparator());
      List<Ticket> walked = new ArrayList<>();
      Optional<TicketCursor> cursor = Optional.empty();
      while (walked.size() < tickets.size()) {
        Optional<TicketCursor> after = cursor;
        List<Ticket> page =
            expected.stream()
                .filter(t -> after.map(c -> c.precedes(t)).orElse(true))
                .limit(7)
                .toList();
        walked.addAll(page);
        cursor = Optional.of(TicketCursor.after(sort, page.get(page.size() - 1)));
      }
      assertThat(walked).as(sort.name()).containsExactlyElementsOf(expected);
    }
  }

  private static Ticket ticket(Priority priority, Optional<Instant> due, Instant createdAt) {
    Ticket ticket =
        Ticket.newTicket(
            TicketId.random(),
            MemberId.random(),
            new NewTicket("t", "d", Optional.empty(), due),
            createdAt);
    return ticket.withPriorityOverride(Optional.of(priority), createdAt);
  }
}
