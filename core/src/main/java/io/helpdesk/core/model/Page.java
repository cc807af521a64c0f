package io.helpdesk.core.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of a list.
 *
 * @param items the items, in the query's order
 * @param nextCursor where the next page starts; empty on the last page
 */
public record Page<T>(List<T> items, Optional<String> nextCursor) {
  public Page {
    items = List.copyOf(items);
    Objects.requireNonNull(nextCursor, "nextCursor");
  }
}
