package io.helpdesk.core.model;

import io.helpdesk.core.InvalidInputException;
import java.util.UUID;
import java.util.regex.Pattern;

final class Ids {
  private static final Pattern CANONICAL_UUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private Ids() {}

  static UUID parseUuid(String field, String text) {
    // UUID.fromString accepts short forms like "1-1-1-1-1"; ids must be canonical to be one key.
    if (text == null || !CANONICAL_UUID.matcher(text).matches()) {
      throw new InvalidInputException(
          field, "must be a UUID like 3f1c1a5e-8d1b-4b7e-9f0a-2c4d6e8f0a1b");
    }
    return UUID.fromString(text);
  }
}
