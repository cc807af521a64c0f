package io.helpdesk.core.model;

import java.util.Objects;
import java.util.UUID;

/** Identifies a member (a user of the helpdesk in any role). */
public record MemberId(UUID value) {
  public MemberId {
    Objects.requireNonNull(value, "value");
  }

  public static MemberId random() {
    return new MemberId(UUID.randomUUID());
  }

  /** Parses the canonical UUID form; anything else is an {@code InvalidInputException}. */
  public static MemberId parse(String text) {
    return new MemberId(Ids.parseUuid("memberId", text));
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
