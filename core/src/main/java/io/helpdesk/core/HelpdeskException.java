package io.helpdesk.core;

/**
 * Root of every exception the engine and its adapters throw. Subtypes carry the context a caller
 * needs to react (an id, a field, a version) and map one-to-one onto an HTTP status in the server.
 *
 * @since 0.1
 */
public abstract class HelpdeskException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  protected HelpdeskException(String message) {
    super(message);
  }

  protected HelpdeskException(String message, Throwable cause) {
    super(message, cause);
  }
}
