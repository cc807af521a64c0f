package io.helpdesk.core;

/**
 * A ticket, member or job that does not exist <em>or that the acting member may not see</em>: the
 * two cases are indistinguishable on purpose, so ids cannot be probed.
 *
 * @since 0.1
 */
public class NotFoundException extends HelpdeskException {
  private static final long serialVersionUID = 1L;
  private final String kind;
  private final String id;

  public NotFoundException(String kind, String id) {
    super(kind + " " + id + " not found");
    this.kind = kind;
    this.id = id;
  }

  /** What was looked up: {@code ticket}, {@code member} or {@code job}. */
  public String kind() {
    return kind;
  }

  public String id() {
    return id;
  }
}
