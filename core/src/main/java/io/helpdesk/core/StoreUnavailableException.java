package io.helpdesk.core;

/**
 * The store cannot be reached or refused the work for a transient reason (connection lost,
 * serialization failure, database restarting). Retryable; the server answers 503.
 *
 * @since 0.1
 */
public final class StoreUnavailableException extends PortFailureException {
  private static final long serialVersionUID = 1L;

  public StoreUnavailableException(String message, Throwable cause) {
    super(message, true, null, cause);
  }
}
