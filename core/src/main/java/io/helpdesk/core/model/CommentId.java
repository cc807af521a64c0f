package io.helpdesk.core.model;

import java.util.Objects;
import java.util.UUID;

/** Identifies a comment or internal note. */
public record CommentId(UUID value) {
  public CommentId {
    Objects.requireNonNull(value, "value");
  }

  public static CommentId random() {
    return new CommentId(UUID.randomUUID());
  }

  public static CommentId parse(String text) {
    return new CommentId(Ids.parseUuid("commentId", text));
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
