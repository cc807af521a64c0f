package io.helpdesk.core;

/**
 * Input that breaks a documented limit or rule (too long, missing, unknown value). Never retryable:
 * the same input fails again.
 *
 * @since 0.1
 */
public final class InvalidInputException extends HelpdeskException {
  private static final long serialVersionUID = 1L;
  private final String field;

  public InvalidInputException(String field, String message) {
    super(field + ": " + message);
    this.field = field;
  }

  /** The name of the offending field, as the API spells it (for example {@code title}). */
  public String field() {
    return field;
  }
}
