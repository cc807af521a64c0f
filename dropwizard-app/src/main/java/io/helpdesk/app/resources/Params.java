package io.helpdesk.app.resources;

import io.helpdesk.core.InvalidInputException;
import io.helpdesk.core.model.MemberId;
import io.helpdesk.core.model.TicketId;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Parses path and query parameters by hand, so a bad value is a 400 naming the parameter (JAX-RS
 * would answer 404 for a query parameter it cannot convert).
 */
final class Params {
  private Params() {}

  static TicketId ticketId(String text) {
    return new TicketId(uuid("ticketId", text));
  }

  static MemberId memberId(String field, String text) {
    return new MemberId(uuid(field, text));
  }

  static UUID uuid(String field, String text) {
    if (text == null) {
      throw new InvalidInputException(field, "must be a UUID");
    }
    try {
      UUID value = UUID.fromString(text.strip());
      if (!value.toString().equalsIgnoreCase(text.strip())) {
        throw new IllegalArgumentException("not canonical");
      }
      return value;
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(field, "must be a UUID");
    }
  }

  static long longValue(String field, String text) {
    try {
      return Long.parseLong(text.strip());
    } catch (RuntimeException e) {
      throw new InvalidInputException(field, "must be a whole number");
    }
  }

  static Optional<Integer> optionalInt(String field, String text, int min, int max) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    int value;
    try {
      value = Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      throw new InvalidInputException(field, "must be a whole number");
    }
    if (value < min || value > max) {
      throw new InvalidInputException(field, "must be between " + min + " and " + max);
    }
    return Optional.of(value);
  }

  static Optional<Boolean> optionalBoolean(String field, String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    return switch (text.strip().toLowerCase(Locale.ROOT)) {
      case "true" -> Optional.of(true);
      case "false" -> Optional.of(false);
      default -> throw new InvalidInputException(field, "must be true or false");
    };
  }

  static <E extends Enum<E>> Optional<E> optionalEnum(String field, String text, Class<E> type) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(enumValue(field, text, type));
  }

  /** Repeated and comma-separated values: {@code ?status=TODO,IN_PROGRESS&status=COMPLETED}. */
  static <E extends Enum<E>> Set<E> enumSet(String field, List<String> texts, Class<E> type) {
    Set<E> values = EnumSet.noneOf(type);
    for (String text : texts) {
      for (String part : text.split(",")) {
        if (!part.isBlank()) {
          values.add(enumValue(field, part, type));
        }
      }
    }
    return values;
  }

  private static <E extends Enum<E>> E enumValue(String field, String text, Class<E> type) {
    try {
      return Enum.valueOf(type, text.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(
          field, "'" + text + "' is not one of " + Arrays.toString(type.getEnumConstants()));
    }
  }

  static <T> T requireBody(T body) {
    if (body == null) {
      throw new InvalidInputException("body", "a JSON body is required");
    }
    return body;
  }
}
