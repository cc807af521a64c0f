package io.helpdesk.core.model;

import io.helpdesk.core.InvalidInputException;
import java.time.Instant;
import java.util.Optional;

/**
 * The input limits of the engine, in one place. Breaking one is an {@link InvalidInputException}.
 */
public final class Limits {
  public static final int MAX_TITLE_LENGTH = 200;
  public static final int MAX_DESCRIPTION_LENGTH = 10_000;
  public static final int MAX_COMMENT_LENGTH = 10_000;
  public static final int MAX_NOTES_LENGTH = 2_000;
  public static final int MAX_ANALYSIS_SKILLS = 5;
  public static final int MAX_MEMBER_SKILLS = 30;
  public static final int MAX_DISPLAY_NAME_LENGTH = 100;
  public static final int MAX_EMAIL_LENGTH = 254;
  public static final int MAX_CAPACITY = 1_000;
  public static final int MAX_SEARCH_TEXT_LENGTH = 200;
  public static final int MAX_PAGE_SIZE = 200;
  public static final int DEFAULT_PAGE_SIZE = 50;

  /** Deadlines lie from year 1 to before {@link TicketSort#NO_DUE_DATE}, which sorts last. */
  public static final Instant EARLIEST_DEADLINE = Instant.parse("0001-01-01T00:00:00Z");

  private Limits() {}

  /** Checks a deadline's range: databases store no timestamp beyond a few thousand years. */
  public static Optional<Instant> requireDeadline(Optional<Instant> deadline) {
    deadline.ifPresent(
        at -> {
          if (at.isBefore(EARLIEST_DEADLINE) || !at.isBefore(TicketSort.NO_DUE_DATE)) {
            throw new InvalidInputException(
                "deadline", "must be from year 1 to before " + TicketSort.NO_DUE_DATE);
          }
        });
    return deadline;
  }

  /**
   * Checks a required text field: present, not blank, within {@code maxLength} characters, and free
   * of control characters other than line breaks and tabs (when {@code multiLine}). Returns it
   * stripped of surrounding white space.
   */
  public static String requireText(String field, String value, int maxLength, boolean multiLine) {
    if (value == null || value.isBlank()) {
      throw new InvalidInputException(field, "must not be empty");
    }
    String stripped = value.strip();
    if (stripped.length() > maxLength) {
      throw new InvalidInputException(
          field, "must be at most " + maxLength + " characters (got " + stripped.length() + ")");
    }
    for (int i = 0; i < stripped.length(); i++) {
      char c = stripped.charAt(i);
      boolean allowedBreak = multiLine && (c == '\n' || c == '\r' || c == '\t');
      if (Character.isISOControl(c) && !allowedBreak) {
        throw new InvalidInputException(field, "must not contain control characters");
      }
    }
    return stripped;
  }

  /** Removes control characters (keeping line breaks and tabs) and cuts to {@code maxLength}. */
  public static String sanitise(String text, int maxLength) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(Math.min(text.length(), maxLength));
    for (int i = 0; i < text.length() && out.length() < maxLength; i++) {
      char c = text.charAt(i);
      if (!Character.isISOControl(c) || c == '\n' || c == '\t') {
        out.append(c);
      }
    }
    return out.toString().strip();
  }
}
