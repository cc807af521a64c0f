package io.helpdesk.core.model;

import io.helpdesk.core.InvalidInputException;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Filters, order and page of a ticket list. All filters combine with AND; an empty set or an empty
 * optional means "any". The engine narrows every query to what the acting member may see before a
 * store runs it.
 *
 * @param statuses tickets in any of these statuses
 * @param priorities tickets whose effective priority is any of these
 * @param assignee tickets assigned to this member
 * @param requester tickets filed by this member
 * @param needsTriage only tickets waiting for (true) or not waiting for (false) an admin's triage
 * @param text words that must appear in the title or description
 * @param sort the order
 * @param after continue after this position (from the previous page's {@link Page#nextCursor()})
 * @param limit page size, 1 to {@link Limits#MAX_PAGE_SIZE}
 */
public record TicketQuery(
    Set<TicketStatus> statuses,
    Set<Priority> priorities,
    Optional<MemberId> assignee,
    Optional<MemberId> requester,
    Optional<Boolean> needsTriage,
    Optional<String> text,
    TicketSort sort,
    Optional<TicketCursor> after,
    int limit) {

  public TicketQuery {
    statuses = statuses.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(statuses));
    priorities = priorities.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(priorities));
    Objects.requireNonNull(assignee, "assignee");
    Objects.requireNonNull(requester, "requester");
    Objects.requireNonNull(needsTriage, "needsTriage");
    text =
        text.map(String::strip)
            .filter(value -> !value.isEmpty())
            .map(
                value -> {
                  if (value.length() > Limits.MAX_SEARCH_TEXT_LENGTH) {
                    throw new InvalidInputException(
                        "q", "must be at most " + Limits.MAX_SEARCH_TEXT_LENGTH + " characters");
                  }
                  return value;
                });
    Objects.requireNonNull(sort, "sort");
    Objects.requireNonNull(after, "after");
    if (after.isPresent() && after.get().sort() != sort) {
      throw new InvalidInputException("cursor", "belongs to another sort order");
    }
    if (limit < 1 || limit > Limits.MAX_PAGE_SIZE) {
      throw new InvalidInputException("limit", "must be between 1 and " + Limits.MAX_PAGE_SIZE);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Every ticket, newest first, one default page. */
  public static TicketQuery all() {
    return builder().build();
  }

  public Builder toBuilder() {
    Builder builder = new Builder();
    builder.statuses = statuses;
    builder.priorities = priorities;
    builder.assignee = assignee;
    builder.requester = requester;
    builder.needsTriage = needsTriage;
    builder.text = text;
    builder.sort = sort;
    builder.after = after;
    builder.limit = limit;
    return builder;
  }

  /** True when {@code ticket} passes every filter (not the cursor). */
  public boolean matches(Ticket ticket) {
    return (statuses.isEmpty() || statuses.contains(ticket.status()))
        && (priorities.isEmpty() || priorities.contains(ticket.effectivePriority()))
        && assignee.map(id -> ticket.assignee().equals(Optional.of(id))).orElse(true)
        && requester.map(id -> ticket.requester().equals(id)).orElse(true)
        && needsTriage.map(triage -> ticket.needsTriage() == triage).orElse(true);
  }

  /** Builds a {@link TicketQuery}. */
  public static final class Builder {
    private Set<TicketStatus> statuses = Set.of();
    private Set<Priority> priorities = Set.of();
    private Optional<MemberId> assignee = Optional.empty();
    private Optional<MemberId> requester = Optional.empty();
    private Optional<Boolean> needsTriage = Optional.empty();
    private Optional<String> text = Optional.empty();
    private TicketSort sort = TicketSort.NEWEST;
    private Optional<TicketCursor> after = Optional.empty();
    private int limit = Limits.DEFAULT_PAGE_SIZE;

    private Builder() {}

    public Builder statuses(Set<TicketStatus> statuses) {
      this.statuses = Set.copyOf(statuses);
      return this;
    }

    public Builder status(TicketStatus status) {
      return statuses(Set.of(status));
    }

    public Builder priorities(Set<Priority> priorities) {
      this.priorities = Set.copyOf(priorities);
      return this;
    }

    public Builder assignee(MemberId assignee) {
      this.assignee = Optional.of(assignee);
      return this;
    }

    public Builder requester(MemberId requester) {
      this.requester = Optional.of(requester);
      return this;
    }

    public Builder needsTriage(boolean needsTriage) {
      this.needsTriage = Optional.of(needsTriage);
      return this;
    }

    public Builder text(String text) {
      this.text = Optional.ofNullable(text);
      return this;
    }

    public Builder sort(TicketSort sort) {
      this.sort = sort;
      return this;
    }

    public Builder after(TicketCursor after) {
      this.after = Optional.ofNullable(after);
      return this;
    }

    /** Continues after an encoded cursor (from a client); a bad one is an input error. */
    public Builder cursor(String encoded) {
      this.after =
          encoded == null || encoded.isEmpty()
              ? Optional.empty()
              : Optional.of(TicketCursor.decode(encoded));
      return this;
    }

    public Builder limit(int limit) {
      this.limit = limit;
      return this;
    }

    public TicketQuery build() {
      return new TicketQuery(
          statuses, priorities, assignee, requester, needsTriage, text, sort, after, limit);
    }
  }
}
