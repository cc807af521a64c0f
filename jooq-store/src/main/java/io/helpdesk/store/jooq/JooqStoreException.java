package io.helpdesk.store.jooq;

import io.helpdesk.core.PortFailureException;

/**
 * The database refused the store's work for a reason that trying again will not fix (a violated
 * constraint, a schema that does not match). Transient failures are {@link
 * io.helpdesk.core.StoreUnavailableException} instead.
 *
 * @since 0.1
 */
public final class JooqStoreException extends PortFailureException {
  private static final long serialVersionUID = 1L;

  public JooqStoreException(String message, Throwable cause) {
    super(message, false, null, cause);
  }
}
